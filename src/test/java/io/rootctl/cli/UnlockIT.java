package io.rootctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootctl.app.Components;
import io.rootctl.model.AccountId;
import io.rootctl.sim.AdjustableClock;
import io.rootctl.sim.Caller;
import io.rootctl.sim.Fixture;
import io.rootctl.sim.IamBackend;
import io.rootctl.sim.S3Backend;
import io.rootctl.sim.SimulatedOrganization;
import io.rootctl.sim.SqsBackend;
import io.rootctl.sim.http.EmulatorServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rootctl unlock s3} and {@code unlock sqs} end to end: the CLI wired as {@code bin/rootctl}
 * is ({@link Components}, the real AWS SDK) against the emulator over HTTP, with a bucket in a
 * member account whose bucket policy denies everyone, and a queue there whose queue policy does.
 */
class UnlockIT {
  private static final String ACCOUNT = "444444444444";
  private static final String BUCKET = "locked-data";

  @TempDir Path dir;

  private SimulatedOrganization organization;
  private EmulatorServer server;
  private S3Backend s3;
  private SqsBackend sqs;
  private SqsBackend.QueueId queue;
  private Path auditLog;

  private record Result(int code, String out, String err) {}

  @BeforeEach
  void serve() {
    organization = SimulatedOrganization.of(Fixture.demo(), new AdjustableClock(Clock.systemUTC()));
    s3 = new S3Backend(organization);
    s3.createBucketIn(AccountId.of(ACCOUNT), BUCKET, Optional.empty());
    s3.lockOut(BUCKET);
    sqs = new SqsBackend(organization);
    queue = sqs.ensureQueue(AccountId.of(ACCOUNT), "orders", Map.of());
    sqs.lockOut(queue);
    server = new EmulatorServer(organization, 0).start();
    auditLog = dir.resolve("audit.jsonl");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Result run(String... args) {
    var admin = organization.managementCredentials();
    return run(
        new Components().withStaticCredentials(admin.accessKeyId(), admin.secretAccessKey()), args);
  }

  /** As {@link #run(String...)}, with a person at a terminal who answers {@code answer}. */
  private Result runAnswering(String answer, String... args) {
    var admin = organization.managementCredentials();
    var real = new Components().withStaticCredentials(admin.accessKeyId(), admin.secretAccessKey());
    var input = new java.io.BufferedReader(new java.io.StringReader(answer + "\n"));
    var terminal =
        new CommandServices() {
          @Override
          public java.time.Clock clock() {
            return real.clock();
          }

          @Override
          public EngineHandle openEngine(GlobalOptions global, EngineOptions options) {
            return real.openEngine(global, options);
          }

          @Override
          public CommandServices withStaticCredentials(String id, String secret) {
            return real.withStaticCredentials(id, secret);
          }

          @Override
          public UnlockHandle openUnlocker(
              GlobalOptions global,
              Path log,
              Optional<io.rootctl.lock.LockUrl> lock,
              Runnable unserialised) {
            return real.openUnlocker(global, log, lock, unserialised);
          }

          @Override
          public boolean interactive() {
            return true;
          }

          @Override
          public boolean colorAllowed() {
            return false;
          }

          @Override
          public java.io.BufferedReader input() {
            return input;
          }
        };
    return run(terminal, args);
  }

  private Result run(CommandServices services, String... args) {
    var cli = RootctlCommand.commandLine(services);
    var out = new StringWriter();
    var err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    var all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "--endpoint-url", server.endpoint().toString(), "--audit-log", auditLog.toString()));
    int code = cli.execute(all.toArray(String[]::new));
    return new Result(code, out.toString(), err.toString());
  }

  private Result unlockS3(String... more) {
    var args = new ArrayList<>(List.of("unlock", "s3", "--account", ACCOUNT, "--bucket", BUCKET));
    args.addAll(List.of(more));
    return run(args.toArray(String[]::new));
  }

  @Test
  void clearsADenyAllPolicyAndASecondRunHasNothingToUnlock() throws Exception {
    var first = unlockS3("--auto-approve");

    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out())
        .contains("Bucket locked-data in account 444444444444 has this bucket policy:")
        .contains("    \"Sid\" : \"DenyEveryone\",")
        .contains("was deleted");
    assertThat(s3.policy(BUCKET)).isEmpty();
    var journal = Files.readAllLines(auditLog);
    assertThat(journal).hasSize(2);
    assertThat(journal.get(0))
        .contains("\"action\":\"s3:DeleteBucketPolicy\"")
        .contains("\"target\":\"locked-data\"")
        .contains("S3UnlockBucketPolicy")
        .contains("\"result\":\"started\"");
    assertThat(journal.get(1)).contains("\"result\":\"ok\"");

    var second = unlockS3("--auto-approve");
    assertThat(second.code()).as(second.err()).isZero();
    assertThat(second.out())
        .contains(
            "Bucket locked-data in account 444444444444 has no bucket policy: nothing to"
                + " unlock.");
    assertThat(Files.readAllLines(auditLog)).hasSize(2);
  }

  @Test
  void clearsADenyAllQueuePolicyAndASecondRunHasNothingToUnlock() throws Exception {
    var url = queue.url(server.endpoint().toString());
    var args = List.of("unlock", "sqs", "--account", ACCOUNT, "--queue", url, "--auto-approve");

    var first = run(args.toArray(String[]::new));

    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out())
        .contains("Queue " + url + " in account 444444444444 has this queue policy:")
        .contains("\"Action\" : \"sqs:*\"")
        .contains("was deleted");
    assertThat(sqs.policy(queue)).isEmpty();
    var journal = Files.readAllLines(auditLog);
    assertThat(journal).hasSize(2);
    assertThat(journal.get(0))
        .contains("\"action\":\"sqs:SetQueueAttributes\"")
        .contains("SQSUnlockQueuePolicy");

    var second = run(args.toArray(String[]::new));
    assertThat(second.code()).as(second.err()).isZero();
    assertThat(second.out()).contains("has no queue policy: nothing to unlock.");
    assertThat(Files.readAllLines(auditLog)).hasSize(2);
  }

  @Test
  void replacesAQueuePolicyAndRefusesAQueueOfAnotherAccount() throws Exception {
    var url = queue.url(server.endpoint().toString());
    var good = dir.resolve("queue-policy.json");
    var policy =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"OwnerOnly\",\"Effect\":"
            + "\"Allow\",\"Principal\":{\"AWS\":\"444444444444\"},\"Action\":\"sqs:*\"}]}";
    Files.writeString(good, policy);

    var replaced =
        run(
            "unlock",
            "sqs",
            "--account",
            ACCOUNT,
            "--queue",
            url,
            "--auto-approve",
            "--replace-with",
            good.toString());
    assertThat(replaced.code()).as(replaced.err()).isZero();
    assertThat(sqs.policy(queue)).contains(policy);

    var other = run("unlock", "sqs", "--account", "555555555555", "--queue", url, "--auto-approve");
    assertThat(other.code()).isEqualTo(ExitCodes.ERROR);
    assertThat(other.err()).contains("the queue belongs to account 444444444444");
  }

  @Test
  void replacesThePolicyWithAFileAndRefusesABadFileChangingNothing() throws Exception {
    var bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\"Version\": \"2012-10-17\",\n  \"Statement\": [\n");
    var refused = unlockS3("--auto-approve", "--replace-with", bad.toString());
    assertThat(refused.code()).isEqualTo(ExitCodes.ERROR);
    assertThat(refused.err()).contains("--replace-with").contains("not valid JSON at line");
    assertThat(refused.err()).contains("nothing was changed");
    assertThat(s3.policy(BUCKET)).contains(S3Backend.denyAllPolicy(BUCKET));

    var good = dir.resolve("policy.json");
    var policy =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"TlsOnly\",\"Effect\":\"Deny\","
            + "\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:::locked-data/*\","
            + "\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}]}";
    Files.writeString(good, policy);
    var replaced = unlockS3("--auto-approve", "--replace-with", good.toString());

    assertThat(replaced.code()).as(replaced.err()).isZero();
    assertThat(replaced.out()).contains("TlsOnly").contains("was replaced");
    assertThat(s3.policy(BUCKET)).contains(policy);
    assertThat(Files.readString(auditLog)).contains("\"action\":\"s3:PutBucketPolicy\"");
  }

  @Test
  void refusesWithoutRootSessionsAndSaysWhatToRun() {
    var admin = organization.managementCredentials();
    new IamBackend(organization).disableOrganizationsRootSessions(Caller.of(admin.accessKeyId()));

    var result = unlockS3("--auto-approve");

    assertThat(result.code()).isEqualTo(ExitCodes.ERROR);
    assertThat(result.err())
        .contains("RootSessions feature")
        .contains("rootSessions: enabled")
        .contains("enable-organizations-root-sessions");
    assertThat(s3.policy(BUCKET)).isPresent();
  }

  @Test
  void asksAPersonAndOnlyYesDeletes() {
    var no = runAnswering("no", "unlock", "s3", "--account", ACCOUNT, "--bucket", BUCKET);
    assertThat(no.code()).isEqualTo(ExitCodes.ERROR);
    assertThat(no.out())
        .contains("Do you want to delete this bucket policy?")
        .contains("Only 'yes' will be accepted to delete it.");
    assertThat(no.err()).contains("unlock cancelled: nothing was changed.");
    assertThat(s3.policy(BUCKET)).isPresent();

    var yes = runAnswering("yes", "unlock", "s3", "--account", ACCOUNT, "--bucket", BUCKET);
    assertThat(yes.code()).as(yes.err()).isZero();
    assertThat(s3.policy(BUCKET)).isEmpty();
  }

  @Test
  void aLockHeldByAnotherWriterStopsTheUnlockWithExitThree() {
    s3.ensureBucket(SimCommand.LOCK_BUCKET);
    var admin = organization.managementCredentials();
    var other =
        s3.putObject(
            Caller.of(admin.accessKeyId()),
            SimCommand.LOCK_BUCKET,
            "rootctl/writer.lock",
            new io.rootctl.lock.LockInfo(
                    "held-by-bob",
                    "bob",
                    "host",
                    1,
                    "rootctl apply",
                    "rev",
                    java.time.Instant.now(),
                    java.time.Instant.now().plusSeconds(3600))
                .toJson(),
            "application/json",
            Optional.of("*"),
            Optional.empty());
    assertThat(other).isNotEmpty();

    var result = unlockS3("--auto-approve", "--lock-url", SimCommand.LOCK_URL);

    assertThat(result.code()).isEqualTo(ExitCodes.LOCKED);
    assertThat(result.err()).contains("held-by-bob").contains("nothing was changed");
    assertThat(s3.policy(BUCKET)).isPresent();

    s3.deleteObject(
        Caller.of(admin.accessKeyId()),
        SimCommand.LOCK_BUCKET,
        "rootctl/writer.lock",
        Optional.empty());
    var free = unlockS3("--auto-approve", "--lock-url", SimCommand.LOCK_URL);
    assertThat(free.code()).as(free.err()).isZero();
    assertThat(free.err()).doesNotContain("not serialised");
    assertThat(s3.policy(BUCKET)).isEmpty();
    assertThat(s3.object(SimCommand.LOCK_BUCKET, "rootctl/writer.lock"))
        .as("the lock is released")
        .isEmpty();
  }

  @Test
  void refusesWithoutATerminalOrAutoApprove() {
    var result = unlockS3();

    assertThat(result.code()).isEqualTo(ExitCodes.ERROR);
    assertThat(result.out()).contains("DenyEveryone");
    assertThat(result.err()).contains("no terminal").contains("-auto-approve");
    assertThat(s3.policy(BUCKET)).isPresent();
  }

  @Test
  void refusesAnAccountOutsideTheOrganizationOrNotActive() {
    var outside =
        run("unlock", "s3", "--account", "123412341234", "--bucket", BUCKET, "--auto-approve");
    assertThat(outside.code()).isEqualTo(ExitCodes.ERROR);
    assertThat(outside.err()).contains("account 123412341234 is not in the organization");

    var suspended =
        run("unlock", "s3", "--account", "888888888888", "--bucket", BUCKET, "--auto-approve");
    assertThat(suspended.code()).isEqualTo(ExitCodes.ERROR);
    assertThat(suspended.err()).contains("SUSPENDED, not ACTIVE");
  }

  @Test
  void anAwsErrorNamesOperationAccountCodeAndRequest() {
    var result =
        run("unlock", "s3", "--account", ACCOUNT, "--bucket", "no-such-bucket", "--auto-approve");

    assertThat(result.code()).isEqualTo(ExitCodes.ERROR);
    assertThat(result.err())
        .contains("s3:GetBucketPolicy in account 444444444444 failed: NoSuchBucket")
        .contains("(request ");
  }
}
