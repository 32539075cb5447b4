package io.rootctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --parallelism}, one mixin on every command that reads accounts. */
class ParallelismOptionTest {
  private final Cli cli = new Cli();

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"plan", "apply", "audit"})
  void belowOneIsAUsageErrorBeforeAnythingIsRead(String command) {
    assertThat(cli.run(command, "--parallelism", "0")).isEqualTo(ExitCodes.ERROR);

    assertThat(cli.err()).contains("--parallelism must be at least 1");
    assertThat(cli.services.opened).as("no engine opened, nothing read").isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"1001", "2147483647"})
  void aboveAThousandIsAUsageErrorNamingTheBound(String value) {
    assertThat(cli.run("plan", "--parallelism", value)).isEqualTo(ExitCodes.ERROR);

    assertThat(cli.err()).contains("--parallelism must be at most 1000");
    assertThat(cli.services.opened).as("no engine opened, nothing read").isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"plan", "audit"})
  void theValueGivenIsTheOneTheEngineGets(String command) {
    cli.run(command, "--parallelism", "3");

    assertThat(cli.services.opened).extracting(EngineOptions::parallelism).containsExactly(3);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"plan", "audit"})
  void defaultsToSixtyFour(String command) {
    cli.run(command);

    assertThat(cli.services.opened).extracting(EngineOptions::parallelism).containsExactly(64);
  }
}
