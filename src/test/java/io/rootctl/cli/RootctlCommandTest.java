package io.rootctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class RootctlCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private final java.util.List<Integer> verbosity = new java.util.ArrayList<>();
  private final java.util.List<String> calls = new java.util.ArrayList<>();

  private int run(String... args) {
    CommandServices services =
        new InMemoryServices() {
          @Override
          public void verbosity(int level) {
            verbosity.add(level);
            calls.add("verbosity " + level);
          }

          @Override
          public void logFormat(LogFormat format) {
            calls.add("logFormat " + format);
          }
        };
    var cli = RootctlCommand.commandLine(services);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void usageErrorExitsOneNotTwo() {
    assertThat(run("--no-such-option")).isEqualTo(ExitCodes.ERROR);
    assertThat(err.toString()).contains("Unknown option: '--no-such-option'");
  }

  @Test
  void missingSubcommandIsAUsageError() {
    assertThat(run()).isEqualTo(ExitCodes.ERROR);
    assertThat(err.toString()).contains("Missing required subcommand");
  }

  @Test
  void helpExitsZeroAndNamesTheTool() {
    assertThat(run("--help")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).contains("Usage: rootctl");
  }

  @Test
  void repeatedVerboseFlagsRaiseTheLogLevelOfTheCommandThatRuns() {
    assertThat(run("validate", "--desired-state", "desired-state")).isEqualTo(ExitCodes.OK);
    assertThat(run("validate", "-v", "--desired-state", "desired-state")).isEqualTo(ExitCodes.OK);
    assertThat(run("validate", "-vv", "--desired-state", "desired-state")).isEqualTo(ExitCodes.OK);
    assertThat(verbosity).containsExactly(0, 1, 2);
  }

  @Test
  void logFormatJsonIsSetUpBeforeTheVerbosityAndTheCommand() {
    assertThat(run("validate", "--desired-state", "desired-state")).isEqualTo(ExitCodes.OK);
    assertThat(run("validate", "--log-format", "json", "-v", "--desired-state", "desired-state"))
        .isEqualTo(ExitCodes.OK);
    assertThat(run("controller", "--log-format=text", "--help")).isEqualTo(ExitCodes.OK);

    assertThat(calls)
        .containsExactly(
            "logFormat text",
            "verbosity 0",
            "logFormat json",
            "verbosity 1",
            "logFormat text",
            "verbosity 0");
  }

  @Test
  void anUnknownLogFormatIsAUsageErrorNamingTheChoices() {
    assertThat(run("plan", "--log-format", "xml")).isEqualTo(ExitCodes.ERROR);

    assertThat(err.toString())
        .contains("Invalid value for option '--log-format'")
        .contains("text, json");
    assertThat(calls).isEmpty();
  }
}
