package io.rootctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootctl.audit.AuditResult;
import io.rootctl.model.AccountId;
import io.rootctl.sim.SimException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rootctl apply}, black-box over the demo organization. */
class ApplyCommandTest {
  static final String COMPLETE =
      "Apply complete! 6 deleted, 1 allowed, 0 features enabled; 4 accounts converged, 0 failed.";
  private static final AccountId PAYMENTS = AccountId.of("555555555555");
  private static final AccountId BREAK_GLASS = AccountId.of("333344445555");
  private final Cli cli = new Cli();

  @TempDir Path dir;

  @Test
  void autoApproveShowsThePlanConvergesAndRecordsEveryWrite() {
    assertThat(cli.run("apply", "--auto-approve")).isEqualTo(ExitCodes.OK);

    assertThat(cli.out())
        .contains(PlanCommandTest.SUMMARY)
        .contains(
            "account 555555555555 (prod-payments): converged (deleted access key"
                + " AKIAEXAMPLEPAYMNT001,"
                + " deactivated and deleted MFA device arn:aws:iam::555555555555:mfa/"
                + "root-account-mfa-device)")
        .contains("account 777777777777 (sandbox-alice): converged (allowed password recovery)")
        .endsWith(COMPLETE + System.lineSeparator());
    assertThat(cli.services.cloud.organization().rootCredentials(PAYMENTS).isEmpty()).isTrue();
    assertThat(cli.services.audit.count(AuditResult.OK)).isGreaterThanOrEqualTo(7);
    assertThat(cli.services.opened.get(0).auditLog())
        .as("apply writes an audit log by default")
        .isEqualTo(Optional.of(Path.of("rootctl-audit.jsonl")));
  }

  @Test
  void anEmptyLockUrlIsAUsageErrorNotAQuietRunWithoutALock() {
    assertThat(cli.run("apply", "--auto-approve", "--lock-url", "")).isEqualTo(ExitCodes.ERROR);

    assertThat(cli.err()).contains("set but empty");
    assertThat(cli.services.writes()).isZero();
  }

  @Test
  void withoutATerminalAndWithoutAutoApproveNothingIsApplied() {
    assertThat(cli.run("apply")).isEqualTo(ExitCodes.ERROR);

    assertThat(cli.out()).contains(PlanCommandTest.SUMMARY);
    assertThat(cli.err()).contains("there is no terminal to ask").contains("--auto-approve");
    assertThat(cli.services.writes()).isZero();
  }

  @Test
  void atATerminalOnlyYesApproves() {
    cli.services.interactive = true;
    cli.services.answers = "y\n";
    assertThat(cli.run("apply", "--no-color")).isEqualTo(ExitCodes.ERROR);
    assertThat(cli.out())
        .contains("Do you want to perform these actions?")
        .contains("Only 'yes' will be accepted to approve.");
    assertThat(cli.err()).contains("Apply cancelled");
    assertThat(cli.services.writes()).isZero();

    var approving = new Cli();
    approving.services.interactive = true;
    approving.services.answers = "yes\n";
    assertThat(approving.run("apply", "--no-color")).isEqualTo(ExitCodes.OK);
    assertThat(approving.out()).contains(COMPLETE);
  }

  @Test
  void aSavedPlanConvergesThenPlanFindsNoChanges() throws Exception {
    var file = dir.resolve("plan.json");
    assertThat(cli.run("plan", "-out", file.toString())).isEqualTo(ExitCodes.OK);

    assertThat(cli.run("apply", file.toString())).as(cli.err()).isEqualTo(ExitCodes.OK);
    assertThat(cli.out())
        .startsWith("Applying " + file + ": " + PlanCommandTest.SUMMARY)
        .contains(COMPLETE)
        .doesNotContain("Do you want");

    assertThat(cli.run("plan", "--detailed-exitcode")).isEqualTo(ExitCodes.OK);
    assertThat(cli.out()).contains("No changes.");
  }

  @Test
  void aSavedPlansNeedsAPersonEntriesAreCountedNotShownAsFacts() throws Exception {
    var file = dir.resolve("plan.json");
    assertThat(cli.run("plan", "-out", file.toString())).isEqualTo(ExitCodes.OK);
    // a hand-edited file names a made-up account as needing a person, with a summary that adds up
    var edited =
        Files.readString(file)
            .replace(
                "\"needsPerson\": []",
                "\"needsPerson\": [{\"account\": \"123456789012\", \"name\": \"ghost\","
                    + " \"ou\": \"/Root\", \"ouId\": \"r-ex12\", \"requirement\": \"mfaDevices\","
                    + " \"value\": \"required\", \"found\": \"no MFA device\", \"reason\": \"x\"}]")
            .replace("\"accountsNeedingPerson\": 0", "\"accountsNeedingPerson\": 1");
    Files.writeString(file, edited);

    assertThat(cli.run("apply", file.toString())).as(cli.err()).isEqualTo(ExitCodes.OK);

    assertThat(cli.out() + cli.err()).doesNotContain("ghost").doesNotContain("123456789012");
    assertThat(cli.out())
        .contains(COMPLETE)
        .contains("The saved plan listed 1 requirement that need a person")
        .contains("did not read them again");
  }

  @Test
  void aSavedPlansNamesOuPathsAndReasonsComeFromTheFreshReadNotTheFile() throws Exception {
    var file = dir.resolve("plan.json");
    assertThat(cli.run("plan", "-out", file.toString())).isEqualTo(ExitCodes.OK);
    // names, OU paths and reasons are not counted by the summary: the file still adds up
    var edited =
        Files.readString(file)
            .replace("\"name\": \"prod-payments\"", "\"name\": \"ghost\"")
            .replace("\"ou\": \"/Root/Workloads/Prod\"", "\"ou\": \"/Root/Ghosts\"")
            .replaceFirst("\"reasons\": \\[\n        \"", "\"reasons\": [\n        \"ghostly; ");
    assertThat(edited).contains("\"ghost\"").contains("/Root/Ghosts").contains("ghostly; ");
    Files.writeString(file, edited);

    assertThat(cli.run("apply", file.toString())).as(cli.err()).isEqualTo(ExitCodes.OK);

    assertThat(cli.out() + cli.err()).doesNotContain("ghost").doesNotContain("Ghosts");
    assertThat(cli.out())
        .contains("account 555555555555 (prod-payments): converged")
        .contains(COMPLETE);
    var applied = cli.services.started.get(cli.services.started.size() - 1);
    assertThat(applied.accounts())
        .as("the plan the executor and the audit log's accountName see")
        .allSatisfy(
            c -> {
              assertThat(c.accountName()).doesNotContain("ghost");
              assertThat(c.ou().toString()).doesNotContain("Ghosts");
              assertThat(String.join(" ", c.reasons())).doesNotContain("ghostly");
            })
        .anySatisfy(
            c -> {
              assertThat(c.account()).isEqualTo(PAYMENTS);
              assertThat(c.accountName()).isEqualTo("prod-payments");
              assertThat(c.ou().toString()).isEqualTo("/Root/Workloads/Prod");
            });
  }

  @Test
  void aSavedPlanAppliedWithoutItsDesiredStateNamesTheDirectoryAndWhatToDo() throws Exception {
    var desired = Copies.desiredState(dir).toString();
    var file = dir.resolve("plan.json").toString();
    assertThat(cli.run("plan", "--desired-state", desired, "-out", file)).isEqualTo(ExitCodes.OK);

    // the plan's hint forgotten: apply reads the default directory, which does not exist here
    var missing = dir.resolve("nowhere").toString();
    assertThat(cli.run("apply", "--desired-state", missing, file)).isEqualTo(ExitCodes.ERROR);

    assertThat(cli.err())
        .doesNotContain(".:1:1")
        .doesNotContain("planned")
        .contains(missing + ": desired-state directory " + missing + " does not exist")
        .contains("nothing was applied")
        .contains("rootctl apply --desired-state DIR " + file);
    assertThat(cli.services.writes()).isZero();
  }

  @Test
  void aSavedPlanAppliedWithAnotherDesiredStateSaysWhichDirectoryAndWhatToDo() throws Exception {
    var desired = Copies.desiredState(dir.resolve("a")).toString();
    var other = Copies.observing(dir.resolve("b")).toString();
    var file = dir.resolve("plan.json").toString();
    assertThat(cli.run("plan", "--desired-state", desired, "-out", file)).isEqualTo(ExitCodes.OK);

    assertThat(cli.run("apply", "--desired-state", other, file)).isEqualTo(ExitCodes.ERROR);

    assertThat(cli.err())
        .contains("nothing was applied")
        .contains("the desired state in " + other + " is revision ")
        .contains(file + " was made from revision ")
        .contains("rootctl plan --desired-state " + other + " -out " + file);
    assertThat(cli.services.writes()).isZero();
  }

  @Test
  void aSavedPlanWithNothingToApplySaysTheOrganizationWasNotReadAgain() throws Exception {
    assertThat(cli.run("apply", "--auto-approve")).isEqualTo(ExitCodes.OK);
    var file = dir.resolve("plan.json");
    assertThat(cli.run("plan", "-out", file.toString())).isEqualTo(ExitCodes.OK);
    cli.services.cloud.organization().addRootAccessKey(PAYMENTS); // drift after the plan
    var writes = cli.services.writes();

    assertThat(cli.run("apply", file.toString())).isEqualTo(ExitCodes.OK);

    assertThat(cli.out())
        .contains("has nothing to apply; the organization was not read again")
        .contains("run rootctl plan to see it as it is now");
    assertThat(cli.services.writes())
        .as("a saved plan with no actions writes nothing")
        .isEqualTo(writes);
  }

  @Test
  void aStalePlanIsRefusedListingOldAndNewFingerprintsAndNothingIsWritten() throws Exception {
    var file = dir.resolve("plan.json");
    assertThat(cli.run("plan", "-out", file.toString())).isEqualTo(ExitCodes.OK);
    var planned = Files.readString(file);
    var newKey = cli.services.cloud.organization().addRootAccessKey(PAYMENTS);

    assertThat(cli.run("apply", file.toString())).isEqualTo(ExitCodes.ERROR);

    assertThat(cli.err())
        .contains("the saved plan is stale; nothing was applied")
        .containsPattern("account 555555555555: planned from [0-9a-f]{12}, now [0-9a-f]{12}")
        .contains("Run rootctl plan again");
    assertThat(cli.services.writes()).isZero();
    assertThat(cli.services.cloud.organization().rootCredentials(PAYMENTS).accessKeys())
        .extracting(k -> k.id())
        .contains("AKIAEXAMPLEPAYMNT001", newKey);
    assertThat(Files.readString(file)).isEqualTo(planned);
  }

  @Test
  void anActionAddedToASavedPlanIsRefusedAndNothingIsWritten() throws Exception {
    var file = dir.resolve("plan.json");
    assertThat(cli.run("plan", "-out", file.toString())).isEqualTo(ExitCodes.OK);
    // the break-glass password is kept by an exception; an attacker adds its deletion and fixes
    // the summary so that the file still adds up
    var planned = Files.readString(file);
    var key = "\"type\": \"DeleteAccessKey\",\n          \"accessKeyId\": \"AKIAEXAMPLEBRKGLS001\"";
    assertThat(planned).contains(key).contains("\"toDelete\": 6");
    var edited =
        planned
            .replaceFirst(
                "\"actions\": \\[",
                "\"actions\": [{\"type\": \"DeleteLoginProfile\","
                    + " \"taskPolicy\": \"IAMDeleteRootUserCredentials\"},")
            .replace("\"toDelete\": 6", "\"toDelete\": 7");
    Files.writeString(file, edited);
    var before = cli.services.cloud.organization().rootCredentials(BREAK_GLASS);

    assertThat(cli.run("apply", file.toString())).isEqualTo(ExitCodes.ERROR);

    assertThat(cli.err())
        .contains("Error: the saved plan was refused; nothing was applied.")
        .contains(
            "account 333344445555: the plan would delete the login profile, which the desired"
                + " state does not ask for");
    assertThat(cli.services.writes()).isZero();
    assertThat(cli.services.cloud.organization().rootCredentials(BREAK_GLASS)).isEqualTo(before);
  }

  @Test
  void anObservePlanEditedToEnforceIsRefusedAndNothingIsWritten() throws Exception {
    var observing = Copies.observing(dir.resolve("observe")).toString();
    var file = dir.resolve("plan.json");
    assertThat(cli.run("plan", "--desired-state", observing, "-out", file.toString())).isZero();
    Files.writeString(
        file,
        Files.readString(file)
            .replace("\"mode\": \"observe\"", "\"mode\": \"enforce\"")
            .replace("\"applicable\": false", "\"applicable\": true"));

    assertThat(cli.run("apply", "--desired-state", observing, file.toString()))
        .isEqualTo(ExitCodes.ERROR);

    assertThat(cli.err())
        .contains("the saved plan was refused; nothing was applied")
        .contains(
            "the plan says mode enforce, but the desired state it was made from says mode"
                + " observe");
    assertThat(cli.services.writes()).isZero();
  }

  @Test
  void aDriftedAccountMovedToInSyncOrDroppedFromASavedPlanIsRefused() throws Exception {
    var file = dir.resolve("plan.json");
    assertThat(cli.run("plan", "-out", file.toString())).isEqualTo(ExitCodes.OK);
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    var plan = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(file.toFile());
    var accounts = (com.fasterxml.jackson.databind.node.ArrayNode) plan.get("accounts");
    var summary = (com.fasterxml.jackson.databind.node.ObjectNode) plan.get("summary");
    // staging (index 2) has three deletions; the attacker keeps the rest of the plan consistent
    assertThat(accounts.get(2).get("account").asText()).isEqualTo("666666666666");
    accounts.remove(2);
    summary.put("toDelete", 3).put("accountsChanged", 3);
    var dropped = dir.resolve("dropped.json");
    json.writeValue(dropped.toFile(), plan);
    ((com.fasterxml.jackson.databind.node.ArrayNode) plan.get("inSync")).add("666666666666");
    summary.put("accountsInSync", 6);
    var inSync = dir.resolve("in-sync.json");
    json.writeValue(inSync.toFile(), plan);

    assertThat(cli.run("apply", dropped.toString())).isEqualTo(ExitCodes.ERROR);
    assertThat(cli.err()).contains("the plan leaves out account 666666666666 of the organization");
    assertThat(cli.run("apply", inSync.toString())).isEqualTo(ExitCodes.ERROR);
    assertThat(cli.err())
        .contains(
            "account 666666666666: the plan says it is in sync, but the desired state asks to"
                + " delete the login profile");
    assertThat(cli.services.writes()).isZero();
  }

  @Test
  void aPlanFileThatIsNotARegularFileIsRefusedWithoutReadingIt() throws Exception {
    var fifo = dir.resolve("plan.fifo");
    var made = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor();
    assertThat(made).as("mkfifo").isZero();

    assertThat(cli.run("apply", fifo.toString())).isEqualTo(ExitCodes.ERROR);
    assertThat(cli.err()).contains("cannot read the plan file").contains("not a regular file");
    assertThat(cli.run("show", "/dev/zero")).isEqualTo(ExitCodes.ERROR);
    assertThat(cli.err()).contains("not a regular file");
    assertThat(cli.services.writes()).isZero();
  }

  @Test
  void aSavedPlanWhoseSummaryWasZeroedIsRefused() throws Exception {
    var file = dir.resolve("plan.json");
    assertThat(cli.run("plan", "-out", file.toString())).isEqualTo(ExitCodes.OK);
    Files.writeString(
        file,
        Files.readString(file)
            .replace("\"toDelete\": 6", "\"toDelete\": 0")
            .replace("\"toAllow\": 1", "\"toAllow\": 0"));

    assertThat(cli.run("apply", file.toString())).isEqualTo(ExitCodes.ERROR);

    assertThat(cli.out()).doesNotContain("No changes");
    assertThat(cli.err()).contains("invalid plan at $.summary").contains("does not match");
    assertThat(cli.services.writes()).isZero();
  }

  @Test
  void aSavedPlanIsRefusedAgainstAnotherRevisionOfTheDesiredState() throws Exception {
    var file = dir.resolve("plan.json");
    assertThat(cli.run("plan", "-out", file.toString())).isEqualTo(ExitCodes.OK);
    var other = Copies.observing(dir.resolve("other")).toString();

    assertThat(cli.run("apply", "--desired-state", other, file.toString()))
        .isEqualTo(ExitCodes.ERROR);

    assertThat(cli.err())
        .contains("the saved plan was refused; nothing was applied")
        .contains("the plan was made from desired-state revision");
    assertThat(cli.services.writes()).isZero();
  }

  @Test
  void anUnreadableAccountIsListedAndApplyExitsOneAfterConvergingTheOthers() {
    cli.services.cloud.failNext(
        "sts:AssumeRoot", 1, new SimException("AccessDenied", 403, "denied by an SCP"));

    assertThat(cli.run("apply", "--auto-approve")).isEqualTo(ExitCodes.ERROR);

    assertThat(cli.out()).contains("1 could not be read").doesNotContain("No changes.");
    assertThat(cli.err()).contains("Error: 1 account could not be read");
  }

  @Test
  void theGuardRefusesABigPlanAndNamesTheOverride() {
    assertThat(cli.run("apply", "--auto-approve", "--max-actions", "1")).isEqualTo(ExitCodes.ERROR);

    assertThat(cli.err())
        .contains("the plan takes 7 actions, more than the limit of 1 (--max-actions)")
        .contains("pass --max-actions 7");
    assertThat(cli.services.writes()).isZero();

    assertThat(cli.run("apply", "--auto-approve", "--max-actions", "7")).isEqualTo(ExitCodes.OK);
  }

  @Test
  void observeModePlansAreRefusedFreshOrSaved() {
    var observing = Copies.observing(dir).toString();

    assertThat(cli.run("apply", "--auto-approve", "--desired-state", observing))
        .isEqualTo(ExitCodes.ERROR);
    assertThat(cli.err()).contains("made in observe mode, so rootctl will not apply it");

    var file = dir.resolve("observe.json").toString();
    assertThat(cli.run("plan", "--desired-state", observing, "-out", file)).isEqualTo(0);
    assertThat(cli.run("apply", "--desired-state", observing, file)).isEqualTo(ExitCodes.ERROR);
    assertThat(cli.err()).contains("observe mode");
    assertThat(cli.services.writes()).isZero();
  }

  @Test
  void aPlanFileThatIsNotAPlanExitsOneWithThePath() throws Exception {
    var file = dir.resolve("plan.json");
    Files.writeString(file, "{\"formatVersion\": 99}");

    assertThat(cli.run("apply", file.toString())).isEqualTo(ExitCodes.ERROR);
    assertThat(cli.err()).contains("invalid plan at $");

    assertThat(cli.run("apply", dir.resolve("missing.json").toString())).isEqualTo(ExitCodes.ERROR);
    assertThat(cli.err()).contains("cannot read the plan file");
  }

  @Test
  void aFailedAccountIsReportedWithOperationCodeAndRequestIdAndExitsOne() {
    // One account's deletes fail, whichever account the parallel apply reaches first.
    cli.services
        .cloud
        .organization()
        .failAlways(
            "iam:DeleteAccessKey",
            AccountId.of("333344445555"),
            new SimException("AccessDenied", 403, "injected denial"));

    assertThat(cli.run("apply", "--auto-approve")).isEqualTo(ExitCodes.ERROR);

    assertThat(cli.out())
        .containsPattern(
            "account 333344445555 \\(break-glass\\): failed: iam:DeleteAccessKey AccessDenied"
                + " \\(request [^)]+\\)")
        .contains("account 555555555555 (prod-payments): converged")
        .contains(
            "Apply failed! 5 deleted, 1 allowed, 0 features enabled; 3 accounts converged,"
                + " 1 failed.");
  }

  @Test
  void noChangesAppliesNothingAndExitsZero() {
    assertThat(cli.run("apply", "--auto-approve")).isEqualTo(ExitCodes.OK);
    var journal = cli.services.writes();

    assertThat(cli.run("apply")).as("nothing to approve").isEqualTo(ExitCodes.OK);
    assertThat(cli.out()).contains("No changes.");
    assertThat(cli.services.writes()).isEqualTo(journal);
  }
}
