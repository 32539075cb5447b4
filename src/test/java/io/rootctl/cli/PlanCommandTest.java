package io.rootctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rootctl.plan.json.PlanJson;
import io.rootctl.sim.SimException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rootctl plan}, black-box over the demo organization. */
class PlanCommandTest {
  static final String SUMMARY =
      "Plan: 6 to delete, 1 to allow across 4 accounts; 5 in sync, 2 skipped.";
  private final Cli cli = new Cli();

  @TempDir Path dir;

  @Test
  void plansTheDemoOrganizationExitsZeroAndWarnsOnStderr() {
    assertThat(cli.run("plan")).isEqualTo(ExitCodes.OK);

    assertThat(cli.out())
        .contains("# account 333344445555 (break-glass) in /Root/Security")
        .contains("- access key AKIAEXAMPLEBRKGLS001")
        .contains("- mfa device arn:aws:iam::555555555555:mfa/root-account-mfa-device")
        .contains("- signing certificate ASCAEXAMPLESTAGING01")
        .contains("+ allow password recovery")
        .contains("888888888888 (old-project)  not active")
        .contains(SUMMARY)
        .doesNotContain("\u001b[");
    assertThat(cli.err())
        .as("warnings go to stderr, results to stdout")
        .contains("accounts/staging.yaml:17:14: warning: exception expired on 2026-09-30");
    assertThat(cli.services.writes()).isZero();
  }

  @Test
  void anScpDenyingRootSessionsIsAWarningNamingThePolicyAndOu() {
    assertThat(cli.run("plan")).isEqualTo(ExitCodes.OK);
    assertThat(cli.err()).doesNotContain("SCP");

    cli.services
        .cloud
        .organization()
        .attachPolicy(
            "DenyRootKeys",
            "SERVICE_CONTROL_POLICY",
            "{\"Statement\": [{\"Sid\": \"DenyRootKeyDeletes\", \"Effect\": \"Deny\","
                + " \"Action\": \"iam:DeleteAccessKey\", \"Resource\": \"*\"}]}",
            "ou-ex12-aaaaaaa2");
    assertThat(cli.run("plan")).isEqualTo(ExitCodes.OK);
    assertThat(cli.err())
        .containsPattern(
            "Warning: SCP p-\\w+ \\(DenyRootKeys\\), statement DenyRootKeyDeletes, attached to"
                + " /Root/Workloads \\(ou-ex12-aaaaaaa2\\) denies iam:DeleteAccessKey in"
                + " IAMDeleteRootUserCredentials sessions \\(\\d account\\(s\\): 555555555555");
    assertThat(cli.out()).doesNotContain("DenyRootKeys");

    // only the targeted accounts are preflighted
    assertThat(cli.run("plan", "--target", "account:333344445555")).isEqualTo(ExitCodes.OK);
    assertThat(cli.err()).doesNotContain("DenyRootKeys");
  }

  @Test
  void unreadablePoliciesAreAWarningWhenAWriteIsAtStakeAndNotWaitedForOtherwise() {
    var organization = cli.services.cloud.organization();
    organization.failAlways(
        "organizations:ListPolicies",
        organization.managementAccount(),
        new io.rootctl.sim.SimException(
            "AccessDeniedException", 400, "You don't have permissions to access this resource."));

    // changes planned: the preflight is incomplete, and says so
    assertThat(cli.run("plan")).isEqualTo(ExitCodes.OK);
    assertThat(cli.err())
        .contains(
            "Warning: cannot read the SCPs/RCPs of root r-ex12: organizations:ListPolicies"
                + " (SERVICE_CONTROL_POLICY) failed: ")
        .contains("AccessDenied");

    // nothing to write, every account read: no root session is at stake, nothing to warn of
    assertThat(cli.run("plan", "--target", "account:222222222222")).isEqualTo(ExitCodes.OK);
    assertThat(cli.out()).contains("No changes.");
    assertThat(cli.err()).doesNotContain("SCPs/RCPs");
  }

  @Test
  void detailedExitcodeIsTwoWithChangesAndZeroWithout() {
    assertThat(cli.run("plan", "--detailed-exitcode")).isEqualTo(ExitCodes.CHANGES_PENDING);
    assertThat(cli.run("plan")).as("without the flag, changes are success").isEqualTo(0);

    assertThat(cli.run("apply", "--auto-approve")).isEqualTo(ExitCodes.OK);

    assertThat(cli.run("plan", "--detailed-exitcode")).isEqualTo(ExitCodes.OK);
    assertThat(cli.out()).contains("No changes.");
  }

  @Test
  void anUnreadableAccountIsNeverNoChangesAndExitsOneEvenWithDetailedExitcode() throws Exception {
    assertThat(cli.run("apply", "--auto-approve")).isEqualTo(ExitCodes.OK);
    cli.services.cloud.failNext(
        "sts:AssumeRoot", 1, new SimException("AccessDenied", 403, "denied by an SCP"));

    assertThat(cli.run("plan", "--detailed-exitcode")).isEqualTo(ExitCodes.ERROR);

    assertThat(cli.out())
        .doesNotContain("No changes.")
        .contains("Plan incomplete.")
        .contains("Could not be read")
        .containsPattern(
            "could not be read: .*sts:AssumeRoot in account \\d{12} failed: AccessDenied: denied"
                + " by an SCP \\(request [^)]+\\)")
        .contains("8 accounts in sync, 2 skipped, 1 could not be read.");
    assertThat(cli.err())
        .contains("Error: 1 account could not be read")
        .containsPattern("account \\d{12} \\([^)]+\\): could not be read: .*sts:AssumeRoot");
  }

  @Test
  void anIncompletePlanIsNotSavedAndItsJsonListsTheUnreadable() throws Exception {
    cli.services.cloud.failNext(
        "sts:AssumeRoot", 1, new SimException("AccessDenied", 403, "denied by an SCP"));
    var file = dir.resolve("plan.json");

    assertThat(cli.run("plan", "--json", "-out", file.toString())).isEqualTo(ExitCodes.ERROR);

    var json = new ObjectMapper().readTree(cli.out());
    assertThat(json.get("unreadable")).hasSize(1);
    assertThat(json.at("/unreadable/0/reason").asText()).contains("AccessDenied");
    assertThat(json.at("/summary/accountsUnreadable").asInt()).isEqualTo(1);
    assertThat(json.at("/summary/accountsSkipped").asInt()).isEqualTo(2);
    assertThat(file).doesNotExist();
    assertThat(cli.err()).contains("No plan file was written");
  }

  @Test
  void aTargetedPlanWithoutChangesClaimsOnlyTheTargetedAccounts() {
    assertThat(cli.run("plan", "--target", "account:222222222222")).isEqualTo(ExitCodes.OK);

    assertThat(cli.out())
        .contains("No changes. The targeted accounts' root access matches the desired state.")
        .doesNotContain("Your organization's root access");
  }

  @Test
  void invalidDesiredStateExitsOneWithEveryProblemAsFileLineColumn() {
    var invalid = "src/test/resources/fixtures/invalid/unknown-keys/desired-state";

    assertThat(cli.run("plan", "--desired-state", invalid)).isEqualTo(ExitCodes.ERROR);

    assertThat(cli.out()).isEmpty();
    assertThat(cli.err())
        .contains("organization.yaml:3:1: unknown key 'metdata'")
        .contains("organization.yaml:13:3: unknown key 'color'")
        .contains("is invalid: 5 errors; nothing was planned.");
    assertThat(cli.services.cloud.journal().total()).as("AWS is not read").isZero();
  }

  @Test
  void aDesiredStateNamingAnAccountOutsideTheOrganizationIsRefused() throws Exception {
    var desired = Copies.desiredState(dir);
    Files.writeString(
        desired.resolve("accounts/ghost.yaml"),
        """
        apiVersion: rootctl.io/v1
        kind: Account
        metadata:
          name: ghost
        spec:
          account: "123412341234"
        """);

    assertThat(cli.run("plan", "--desired-state", desired.toString())).isEqualTo(ExitCodes.ERROR);

    assertThat(cli.out()).isEmpty();
    assertThat(cli.err())
        .contains("accounts/ghost.yaml:")
        .contains("123412341234")
        .contains("does not match the organization");
  }

  @Test
  void oneErrorAgainstTheOrganizationIsCountedInTheSingular() throws Exception {
    var desired = Copies.desiredState(dir);
    Files.writeString(
        desired.resolve("accounts/ghost.yaml"),
        """
        apiVersion: rootctl.io/v1
        kind: Account
        metadata:
          name: ghost
        spec:
          account: "123412341234"
        """);

    assertThat(cli.run("plan", "--desired-state", desired.toString())).isEqualTo(ExitCodes.ERROR);

    assertThat(cli.err()).contains("(1 error above)").doesNotContain("1 errors");
  }

  @Test
  void theApplyHintRepeatsWhatApplyNeedsAndRunsAsPrinted() throws Exception {
    var desired = Copies.desiredState(dir).toString();
    var file = dir.resolve("saved.json").toString();

    assertThat(
            cli.run(
                "plan",
                "--desired-state",
                desired,
                "--profile",
                "demo",
                "--region",
                "eu-west-1",
                "--endpoint-url",
                "http://127.0.0.1:4566",
                "--parallelism",
                "3",
                "-out",
                file))
        .isEqualTo(ExitCodes.OK);

    var hint =
        "rootctl apply --desired-state "
            + desired
            + " --profile demo --region eu-west-1 --endpoint-url http://127.0.0.1:4566 "
            + file;
    assertThat(cli.out()).contains("    " + hint + System.lineSeparator());
    // copied and run as printed, it applies the saved plan
    var words = hint.substring("rootctl ".length()).split(" ");
    assertThat(cli.run(words)).as(cli.err()).isEqualTo(ExitCodes.OK);
    assertThat(cli.out()).contains(ApplyCommandTest.COMPLETE);
  }

  @Test
  void theApplyHintQuotesAPathTheShellWouldSplit() throws Exception {
    var desired = Copies.desiredState(dir.resolve("my state")).toString();
    var file = dir.resolve("it's a plan.json").toString();

    assertThat(cli.run("plan", "--desired-state", desired, "-out", file)).isEqualTo(ExitCodes.OK);

    assertThat(cli.out())
        .contains(
            "    rootctl apply --desired-state '"
                + desired
                + "' '"
                + file.replace("'", "'\\''")
                + "'"
                + System.lineSeparator());
  }

  @Test
  void usageErrorsExitOne() {
    assertThat(cli.run("plan", "--no-such-flag")).isEqualTo(ExitCodes.ERROR);
    assertThat(cli.err()).contains("Unknown option: '--no-such-flag'");

    assertThat(cli.run("plan", "--target", "acount:555555555555")).isEqualTo(ExitCodes.ERROR);
    assertThat(cli.err()).contains("invalid target 'acount:555555555555'");

    assertThat(cli.run("plan", "--parallelism", "0")).isEqualTo(ExitCodes.ERROR);
  }

  @Test
  void jsonIsTheSavedPlanDocument() throws Exception {
    assertThat(cli.run("plan", "--json")).isEqualTo(ExitCodes.OK);

    var json = new ObjectMapper().readTree(cli.out());
    assertThat(json.get("formatVersion").asInt()).isEqualTo(4);
    assertThat(json.get("mode").asText()).isEqualTo("enforce");
    assertThat(json.get("applicable").asBoolean()).isTrue();
    assertThat(json.get("accounts")).hasSize(4);
    assertThat(json.at("/accounts/0/account").asText()).isEqualTo("333344445555");
    assertThat(json.at("/accounts/0/ou").asText()).isEqualTo("/Root/Security");
    assertThat(json.at("/accounts/0/ouId").asText()).isEqualTo("ou-ex12-aaaaaaa1");
    assertThat(json.at("/accounts/0/actions/0/type").asText()).isNotBlank();
    assertThat(json.at("/accounts/0/basedOn").asText()).hasSize(64);
    assertThat(json.at("/summary/toDelete").asInt()).isEqualTo(6);
    assertThat(json.at("/summary/toAllow").asInt()).isEqualTo(1);
    assertThat(json.get("skipped")).hasSize(2);
    assertThat(new PlanJson().read(cli.out()).summary().accountsChanged()).isEqualTo(4);
  }

  @Test
  void outSavesThePlanInEverySpellingAndShowRendersItTheSame() throws Exception {
    for (var spelling : new String[] {"-out", "--out"}) {
      var file = dir.resolve("plan" + spelling + ".json");
      assertThat(cli.run("plan", spelling, file.toString())).isEqualTo(ExitCodes.OK);
      assertThat(cli.out()).contains("rootctl apply " + file);
      assertThat(new PlanJson().read(Files.readString(file)).hasChanges()).isTrue();
    }
    var file = dir.resolve("plan.json");
    assertThat(cli.run("plan", "-out=" + file)).isEqualTo(ExitCodes.OK);
    var planned = cli.out();

    assertThat(cli.run("show", file.toString())).isEqualTo(ExitCodes.OK);
    assertThat(planned).startsWith(cli.out());
  }

  @Test
  void targetPlansOnlyTheSelectedAccounts() {
    assertThat(cli.run("plan", "--target", "account:555555555555")).isEqualTo(ExitCodes.OK);

    assertThat(cli.out())
        .contains("# account 555555555555 (prod-payments)")
        .doesNotContain("# account 333344445555")
        .contains("outside --target");
  }

  @Test
  void anAwsErrorNamesOperationCodeAndRequestIdWithoutAStackTrace() {
    cli.services.cloud.failNext(
        "organizations:DescribeOrganization",
        3,
        new SimException("AccessDeniedException", 400, "You don't have permissions"));

    assertThat(cli.run("plan")).isEqualTo(ExitCodes.ERROR);

    assertThat(cli.out()).isEmpty();
    assertThat(cli.err())
        .contains("organizations:DescribeOrganization")
        .contains("AccessDeniedException")
        .contains("request ")
        .doesNotContain("\tat ")
        .doesNotContain("CloudException");
  }

  @Test
  void colourOnlyAtATerminalAndNeverWithNoColor() {
    cli.services.interactive = true;
    assertThat(cli.run("plan")).isEqualTo(ExitCodes.OK);
    assertThat(cli.out()).contains("\u001b[31m-\u001b[0m access key");

    assertThat(cli.run("plan", "--no-color")).isEqualTo(ExitCodes.OK);
    assertThat(cli.out()).doesNotContain("\u001b[");
  }
}
