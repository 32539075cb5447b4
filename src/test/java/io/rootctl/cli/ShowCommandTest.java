package io.rootctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rootctl show}: a saved plan, read from the file only. */
class ShowCommandTest {
  private final Cli cli = new Cli();

  @TempDir Path dir;

  @Test
  void showsASavedPlanAsTextAndJsonWithoutTouchingAws() throws Exception {
    var file = dir.resolve("plan.json");
    assertThat(cli.run("plan", "-out", file.toString())).isEqualTo(ExitCodes.OK);
    var calls = cli.services.cloud.journal().total();

    assertThat(cli.run("show", file.toString())).isEqualTo(ExitCodes.OK);
    assertThat(cli.out()).contains(PlanCommandTest.SUMMARY);

    assertThat(cli.run("show", "--json", file.toString())).isEqualTo(ExitCodes.OK);
    assertThat(cli.out()).isEqualTo(Files.readString(file));
    var json = new ObjectMapper().readTree(cli.out());
    assertThat(json.at("/summary/accountsChanged").asInt()).isEqualTo(4);
    assertThat(cli.services.cloud.journal().total()).isEqualTo(calls);
  }

  @Test
  void showSaysTheFilesNamesAreAsWrittenNotChecked() throws Exception {
    var file = dir.resolve("plan.json");
    assertThat(cli.run("plan", "-out", file.toString())).isEqualTo(ExitCodes.OK);
    Files.writeString(
        file, Files.readString(file).replace("\"name\": \"prod-payments\"", "\"name\": \"ghost\""));

    assertThat(cli.run("show", file.toString())).isEqualTo(ExitCodes.OK);

    assertThat(cli.out()).contains("# account 555555555555 (ghost)");
    assertThat(cli.err())
        .contains("Note: this is " + file + " as written, not checked against the organization")
        .contains("rootctl apply checks its actions against a fresh read");
  }

  @Test
  void anIncompletePlanIsShownAsIncompleteAndExitsOne() throws Exception {
    cli.services.cloud.failNext(
        "sts:AssumeRoot", 1, new io.rootctl.sim.SimException("AccessDenied", 403, "denied"));
    assertThat(cli.run("plan", "--json")).isEqualTo(ExitCodes.ERROR);
    var file = dir.resolve("incomplete.json");
    Files.writeString(file, cli.out());

    assertThat(cli.run("show", file.toString())).isEqualTo(ExitCodes.ERROR);

    assertThat(cli.out()).contains("Could not be read").contains("1 could not be read");
    assertThat(cli.err()).contains("Error: 1 account could not be read");
  }

  @Test
  void aMissingOrBrokenFileExitsOne() throws Exception {
    assertThat(cli.run("show", dir.resolve("none.json").toString())).isEqualTo(ExitCodes.ERROR);
    assertThat(cli.err()).contains("cannot read the plan file");

    var broken = dir.resolve("broken.json");
    Files.writeString(broken, "not json");
    assertThat(cli.run("show", broken.toString())).isEqualTo(ExitCodes.ERROR);
    assertThat(cli.err()).contains("invalid plan at");

    assertThat(cli.run("show")).as("PLANFILE is required").isEqualTo(ExitCodes.ERROR);
  }
}
