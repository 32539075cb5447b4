package io.rootctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** {@code rootctl validate}, black-box through the root command. */
class ValidateCommandTest {
  private static final String EXAMPLE = "desired-state";
  private static final String INVALID =
      "src/test/resources/fixtures/invalid/unknown-keys/desired-state";
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandServices services = new InMemoryServices();
    var cli = RootctlCommand.commandLine(services);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void validExampleExitsZeroWithOneSummaryLineAndWarningsOnStderr() {
    assertThat(run("validate", "--desired-state", EXAMPLE)).isEqualTo(ExitCodes.OK);

    assertThat(out.toString())
        .isEqualTo(
            "desired-state: valid — 5 documents (1 organization, 2 OUs, 2 accounts), 3 exceptions,"
                + " nearest expiry 2027-01-31 (break-glass)"
                + System.lineSeparator());
    assertThat(err.toString())
        .startsWith("accounts/staging.yaml:17:14: warning: exception expired on 2026-09-30");
  }

  @Test
  void desiredStateDefaultsToTheDirectoryNamedDesiredState() {
    assertThat(run("validate")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).startsWith("desired-state: valid — 5 documents");
  }

  @Test
  void invalidDesiredStateExitsOneWithEveryProblemOnStderr() {
    assertThat(run("validate", "--desired-state", INVALID)).isEqualTo(ExitCodes.ERROR);

    assertThat(out.toString()).isEmpty();
    assertThat(err.toString().lines())
        .containsExactly(
            "organization.yaml:3:1: unknown key 'metdata': did you mean 'metadata'?",
            "organization.yaml:6:3: unknown key 'feature' in spec: did you mean 'features'?",
            "organization.yaml:10:5: unknown key 'passwordRecvery' in spec.defaults: did you mean"
                + " 'passwordRecovery'?",
            "organization.yaml:12:5: unknown key 'maxActions' in spec.guards: expected"
                + " maxActionsPerRun",
            "organization.yaml:13:3: unknown key 'color' in spec: expected mode, features, defaults"
                + " or guards",
            "desired-state: invalid — 5 errors in " + INVALID);
  }

  @Test
  void jsonOfAValidDesiredStateHasCountsNearestExpiryAndWarnings() throws Exception {
    assertThat(run("validate", "--desired-state", EXAMPLE, "--json")).isEqualTo(ExitCodes.OK);

    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertThat(json.get("valid").asBoolean()).isTrue();
    assertThat(json.get("revision").asText()).startsWith("sha256:");
    assertThat(json.get("documents").asInt()).isEqualTo(5);
    assertThat(json.get("organizationalUnits").asInt()).isEqualTo(2);
    assertThat(json.get("accounts").asInt()).isEqualTo(2);
    assertThat(json.get("exceptions").asInt()).isEqualTo(3);
    assertThat(json.at("/nearestExpiry/date").asText()).isEqualTo("2027-01-31");
    assertThat(json.at("/nearestExpiry/document").asText()).isEqualTo("break-glass");
    assertThat(json.at("/problems/0/file").asText()).isEqualTo("accounts/staging.yaml");
    assertThat(json.at("/problems/0/line").asInt()).isEqualTo(17);
    assertThat(json.at("/problems/0/column").asInt()).isEqualTo(14);
    assertThat(json.at("/problems/0/severity").asText()).isEqualTo("warning");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void jsonOfAnInvalidDesiredStateListsEveryProblemAndExitsOne() throws Exception {
    assertThat(run("validate", "--desired-state", INVALID, "--json")).isEqualTo(ExitCodes.ERROR);

    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertThat(json.get("valid").asBoolean()).isFalse();
    assertThat(json.get("problems")).hasSize(5);
    assertThat(json.at("/problems/0/message").asText())
        .isEqualTo("unknown key 'metdata': did you mean 'metadata'?");
    assertThat(json.at("/problems/0/severity").asText()).isEqualTo("error");
    assertThat(json.has("documents")).isFalse();
  }

  @Test
  void missingDirectoryIsAnErrorNotNothingDesired() {
    assertThat(run("validate", "--desired-state", "no/such/dir")).isEqualTo(ExitCodes.ERROR);
    assertThat(err.toString())
        .startsWith("no/such/dir: desired-state directory no/such/dir does not exist");
  }

  @Test
  void usageErrorExitsOne() {
    assertThat(run("validate", "--desired-state")).isEqualTo(ExitCodes.ERROR);
    assertThat(err.toString()).contains("Missing required parameter for option '--desired-state'");
    assertThat(run("validate", "--jsn")).isEqualTo(ExitCodes.ERROR);
    assertThat(err.toString()).contains("Unknown option: '--jsn'");
  }

  @Test
  void helpDescribesTheCommand() {
    assertThat(run("validate", "--help")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString())
        .contains("--desired-state=DIR")
        .contains("--json")
        .contains("Default: desired-state");
  }
}
