package io.rootctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What Terraform users type: the single-dash spellings, {@code -input=false} and the automation
 * variables, and {@code yes} piped into apply's prompt.
 */
class TerraformConventionsTest {
  private final Cli cli = new Cli();

  @TempDir Path dir;

  @Test
  void planTakesTerraformsSingleDashSpellings() throws Exception {
    assertThat(
            cli.run(
                "plan",
                "-json",
                "-detailed-exitcode",
                "-no-color",
                "-parallelism",
                "2",
                "-input=false",
                "-target",
                "account:555555555555",
                "-target=account:333344445555"))
        .as(cli.err())
        .isEqualTo(ExitCodes.CHANGES_PENDING);

    var plan = new ObjectMapper().readTree(cli.out());
    assertThat(plan.isObject()).isTrue();
    assertThat(plan.at("/summary/accountsChanged").asInt()).isEqualTo(2);
    assertThat(cli.out()).contains("outside --target [account:555555555555, account:333344445555]");
  }

  @Test
  void planSavesWithSingleDashOutAndShowReadsItWithSingleDashJson() throws Exception {
    var file = dir.resolve("plan.json");
    assertThat(cli.run("plan", "-out", file.toString())).isEqualTo(ExitCodes.OK);
    assertThat(Files.exists(file)).isTrue();

    assertThat(cli.run("show", "-json", file.toString())).isEqualTo(ExitCodes.OK);
    assertThat(new ObjectMapper().readTree(cli.out()).isObject()).isTrue();
  }

  @Test
  void applyTakesSingleDashAutoApproveAndTarget() {
    assertThat(cli.run("apply", "-auto-approve", "-no-color", "-target=account:555555555555"))
        .as(cli.err())
        .isEqualTo(ExitCodes.OK);

    assertThat(cli.out()).contains("account 555555555555 (prod-payments): converged");
    assertThat(cli.services.inputRead()).isFalse();
  }

  @Test
  void aSingleDashSpellingDoesNotClusterIntoShortOptions() {
    // -v is the only short option; "-json" must not be read as -j -s -o -n.
    assertThat(cli.run("validate", "-json")).isEqualTo(ExitCodes.OK);
    assertThat(cli.out()).startsWith("{");
    assertThat(cli.run("validate", "-vjson")).isEqualTo(ExitCodes.ERROR);
  }

  @Test
  void aPipedYesApprovesWithoutATerminal() {
    cli.services.interactive = false;
    cli.services.answers = "yes\n";

    assertThat(cli.run("apply", "-no-color")).as(cli.err()).isEqualTo(ExitCodes.OK);

    assertThat(cli.out())
        .contains("Do you want to perform these actions?")
        .contains(ApplyCommandTest.COMPLETE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"y\n", "Yes\n", "yes please\n", "no\n"})
  void anyOtherPipedAnswerRefuses(String answer) {
    cli.services.answers = answer;

    assertThat(cli.run("apply")).isEqualTo(ExitCodes.ERROR);

    assertThat(cli.err()).contains("Apply cancelled: nothing was changed.");
    assertThat(cli.services.writes()).isZero();
  }

  @Test
  void endOfInputRefusesAndSaysHowToApproveInCi() {
    cli.services.answers = "";

    assertThat(cli.run("apply")).isEqualTo(ExitCodes.ERROR);

    assertThat(cli.err()).contains("stdin ended without a 'yes'").contains("--auto-approve");
    assertThat(cli.services.writes()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"-input=false", "--input=false", "--input false"})
  void inputFalseNeverReadsStdinEvenWhenYesIsPiped(String spelling) {
    cli.services.interactive = true;
    cli.services.answers = "yes\n";
    var args = new java.util.ArrayList<String>();
    args.add("apply");
    args.addAll(java.util.List.of(spelling.split(" ")));

    assertThat(cli.run(args.toArray(String[]::new))).isEqualTo(ExitCodes.ERROR);

    assertThat(cli.err()).contains("input is off (-input=false)").contains("--auto-approve");
    assertThat(cli.services.inputRead()).isFalse();
    assertThat(cli.services.writes()).isZero();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "TF_IN_AUTOMATION=1",
        "ROOTCTL_IN_AUTOMATION=true",
        "TF_INPUT=0",
        "TF_INPUT=false"
      })
  void automationVariablesTurnInputOff(String variable) {
    var parts = variable.split("=", 2);
    cli.services.environment.put(parts[0], parts[1]);
    cli.services.interactive = true;
    cli.services.answers = "yes\n";

    assertThat(cli.run("apply")).isEqualTo(ExitCodes.ERROR);

    assertThat(cli.err()).contains("input is off (" + parts[0]);
    assertThat(cli.services.inputRead()).isFalse();
    assertThat(cli.services.writes()).isZero();
  }

  @Test
  void tfInputTrueAndAnEmptyAutomationVariableLeaveInputOn() {
    cli.services.environment.put("TF_INPUT", "true");
    cli.services.environment.put("TF_IN_AUTOMATION", "");
    cli.services.answers = "yes\n";

    assertThat(cli.run("apply")).isEqualTo(ExitCodes.OK);
  }

  @Test
  void autoApproveNeedsNoInputUnderAutomation() {
    cli.services.environment.put("TF_IN_AUTOMATION", "1");

    assertThat(cli.run("apply", "-auto-approve", "-input=false")).isEqualTo(ExitCodes.OK);
  }
}
