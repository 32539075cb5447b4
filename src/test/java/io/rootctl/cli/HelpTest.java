package io.rootctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootctl.testing.PlanFixtures;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code --help} of each command, pinned by golden files (regenerate: -Dgolden.update=true). */
class HelpTest {
  static Stream<String> commands() {
    return Stream.of("plan", "apply", "show", "audit", "demo");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("commands")
  void helpMatchesItsGoldenFile(String command) {
    var cli = new Cli();

    assertThat(cli.run(command, "--help")).isEqualTo(ExitCodes.OK);

    assertThat(cli.err()).isEmpty();
    PlanFixtures.assertGolden("help/" + command + ".txt", cli.out());
  }
}
