package io.rootctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootctl.cloud.RateLimits;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --rate}, one mixin on plan, apply, audit and controller. */
class RateOptionTest {
  private final Cli cli = new Cli();

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"plan", "apply", "audit", "controller"})
  void anUnknownKeyIsAUsageErrorNamingItBeforeAnythingIsRead(String command) {
    assertThat(cli.run(command, "--rate", "sts=300,organizations.ListAcounts=8"))
        .isEqualTo(ExitCodes.ERROR);

    assertThat(cli.err()).contains("--rate: unknown rate key 'organizations.ListAcounts'");
    assertThat(cli.services.opened).as("no engine opened, nothing read").isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"plan", "apply", "audit"})
  void aBadValueIsAUsageErrorNamingTheKey(String command) {
    assertThat(cli.run(command, "--rate", "iam=fast")).isEqualTo(ExitCodes.ERROR);

    assertThat(cli.err()).contains("--rate: rate key 'iam' needs a positive number");
    assertThat(cli.services.opened).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"plan", "audit"})
  void theRatesGivenAreTheOnesTheEngineGets(String command) {
    cli.run(command, "--rate", "sts=600,organizations.ListAccounts=4");

    assertThat(cli.services.opened)
        .extracting(EngineOptions::rates)
        .containsExactly(RateLimits.defaults().parse("sts=600,organizations.ListAccounts=4"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"plan", "audit"})
  void defaultsToAwsPublishedRates(String command) {
    cli.run(command);

    assertThat(cli.services.opened)
        .extracting(EngineOptions::rates)
        .containsExactly(RateLimits.defaults());
  }
}
