package io.rootctl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rootctl.app.Components;
import io.rootctl.cloud.Sleeper;
import io.rootctl.cloud.TerminalCloudException;
import io.rootctl.cloud.aws.AwsClients;
import io.rootctl.cloud.aws.AwsSettings;
import io.rootctl.lock.LockInfo;
import io.rootctl.lock.LockOwner;
import io.rootctl.lock.LockUrl;
import io.rootctl.lock.LockedWrites;
import io.rootctl.lock.ManualRenewals;
import io.rootctl.lock.S3WriterLock;
import io.rootctl.lock.s3.S3LockObject;
import io.rootctl.model.AccountId;
import io.rootctl.model.TaskPolicy;
import io.rootctl.sim.AdjustableClock;
import io.rootctl.sim.Caller;
import io.rootctl.sim.FaultSettings;
import io.rootctl.sim.Fixture;
import io.rootctl.sim.S3Backend;
import io.rootctl.sim.SimulatedOrganization;
import io.rootctl.sim.http.EmulatorServer;
import io.rootctl.testing.EmulatedController;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One writer at a time, end to end: the CLI wired as {@code bin/rootctl} is ({@link Components},
 * the real AWS SDK) and the controller as production wires it, against the emulator over HTTP, with
 * the writer lock in the emulator's S3. Writers are held mid-apply by the emulator's latency and
 * the tests await the lock object; nothing sleeps.
 */
class WriterLockIT {
  private static final String BUCKET = SimCommand.LOCK_BUCKET;
  private static final String KEY = "rootctl/writer.lock";
  private static final String LOCK_URL = SimCommand.LOCK_URL;
  private static final Duration BOUND = Duration.ofMinutes(2);

  @TempDir Path dir;

  private SimulatedOrganization organization;
  private EmulatorServer server;
  private EmulatedController controller;

  @AfterEach
  void stop() {
    if (controller != null) {
      controller.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private record Result(int code, String out, String err) {}

  private void serve(Duration latency) {
    organization =
        new SimulatedOrganization(
            Fixture.demo(),
            new AdjustableClock(Clock.systemUTC()),
            FaultSettings.none().withLatency(latency),
            Sleeper.threadSleep());
    new S3Backend(organization).ensureBucket(BUCKET);
    server = new EmulatorServer(organization, 0).start();
  }

  private Result run(SimulatedOrganization org, EmulatorServer emulator, String... args) {
    var admin = org.managementCredentials();
    var services =
        new Components().withStaticCredentials(admin.accessKeyId(), admin.secretAccessKey());
    var cli = RootctlCommand.commandLine(services);
    var out = new StringWriter();
    var err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    var all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--endpoint-url", emulator.endpoint().toString()));
    int code = cli.execute(all.toArray(String[]::new));
    return new Result(code, out.toString(), err.toString());
  }

  private Result run(String... args) {
    return run(organization, server, args);
  }

  private Optional<LockInfo> lock(SimulatedOrganization org) {
    return new S3Backend(org).object(BUCKET, KEY).map(o -> LockInfo.fromJson(o.body()));
  }

  private Result apply(String desired) {
    return run(
        "apply",
        "--auto-approve",
        "--desired-state",
        desired,
        "--audit-log",
        dir.resolve("audit-" + System.nanoTime() + ".jsonl").toString(),
        "--lock-url",
        LOCK_URL);
  }

  @Test
  void twoAppliesAtOnceTheSecondFailsAtOnceOnTheLockNamingTheFirst() throws Exception {
    serve(Duration.ofMillis(200));
    var first = CompletableFuture.supplyAsync(() -> apply("desired-state"));
    var held = await().atMost(BOUND).until(() -> lock(organization), Optional::isPresent).get();
    assertThat(held.command()).isEqualTo("rootctl apply");

    var second = apply("desired-state");

    assertThat(second.code()).as(second.err()).isEqualTo(ExitCodes.LOCKED);
    assertThat(second.err())
        .contains("Error acquiring the writer lock")
        .contains("The lock at " + LOCK_URL + " is held by another writer")
        .contains("ID:        " + held.id())
        .contains("Command:   rootctl apply")
        .contains("Created:   " + held.created())
        .contains("rootctl force-unlock " + held.id() + " --lock-url " + LOCK_URL);
    assertThat(second.out()).as("refused before planning").doesNotContain("Plan:");
    var done = first.get(BOUND.toSeconds(), TimeUnit.SECONDS);
    assertThat(done.code()).as(done.err()).isEqualTo(ExitCodes.OK);
    assertThat(lock(organization)).as("released when done").isEmpty();
    assertThat(apply("desired-state").out()).contains("No changes.");
  }

  @Test
  void withoutALockLocationApplyStillRunsAndSaysOnceThatWritersAreNotSerialised() {
    serve(Duration.ZERO);
    var result =
        run("apply", "--auto-approve", "--audit-log", dir.resolve("audit.jsonl").toString());
    assertThat(System.getenv(LockOption.ENV))
        .as("this test needs %s unset in its environment", LockOption.ENV)
        .isNull();
    assertThat(result.code()).as(result.err()).isEqualTo(ExitCodes.OK);
    assertThat(result.err().split("writers are\\s+not serialised", -1)).hasSize(2);
  }

  @Test
  void theCliIsRefusedWhileTheControllerAppliesAndNoAccountFlaps() throws Exception {
    controller =
        new EmulatedController(
            FaultSettings.none().withLatency(Duration.ofMillis(200)),
            EmulatedController.fast(EmulatedController.DEMO_DESIRED_STATE, Duration.ofHours(1)));
    controller.startWithLock(LOCK_URL);
    var org = controller.organization;
    var held = await().atMost(BOUND).until(() -> lock(org), Optional::isPresent).get();
    assertThat(held.command()).isEqualTo("rootctl controller");

    // The CLI brings another desired state: password recovery enabled, which the controller's
    // desired state removes; both writing would flap the login profiles.
    var other = Copies.desiredState(dir.resolve("other"));
    var organizationYaml = other.resolve("organization.yaml");
    Files.writeString(
        organizationYaml,
        Files.readString(organizationYaml)
            .replace("passwordRecovery: disabled", "passwordRecovery: enabled"));
    var cli =
        run(
            org,
            controller.emulator,
            "apply",
            "--auto-approve",
            "--desired-state",
            other.toString(),
            "--audit-log",
            dir.resolve("cli-audit.jsonl").toString(),
            "--lock-url",
            LOCK_URL);

    assertThat(cli.code()).as(cli.err()).isEqualTo(ExitCodes.LOCKED);
    assertThat(cli.err()).contains("Command:   rootctl controller").contains(held.id());
    await().atMost(BOUND).until(() -> controller.idle() && lock(org).isEmpty());
    var runs = controller.controller().status().runs();
    assertThat(runs).isNotEmpty();
    assertThat(runs.get(0).status()).isEqualTo("converged");
    var journal = org.journal();
    for (var account :
        controller.controller().status().runs().isEmpty() ? List.<String>of() : accounts(org)) {
      for (var operation : List.of("iam:CreateLoginProfile", "iam:DeleteLoginProfile")) {
        assertThat(
                journal.count(
                    k ->
                        k.operation().equals(operation)
                            && k.account().equals(Optional.of(account))
                            && k.outcome().equals(io.rootctl.sim.CallJournal.OK)))
            .as("%s in %s: written at most once, never flapping", operation, account)
            .isLessThanOrEqualTo(1);
      }
    }
    assertThat(cli.out()).as("the CLI planned nothing").doesNotContain("Plan:");
  }

  private static List<String> accounts(SimulatedOrganization org) {
    return new io.rootctl.sim.InMemoryCloud(org)
        .describeOrganization().accounts().stream().map(a -> a.id().value()).toList();
  }

  @Test
  void planTakesNoLockWhileApplyIsRefused() {
    serve(Duration.ZERO);
    new S3Backend(organization)
        .putObject(
            Caller.of(organization.managementCredentials().accessKeyId()),
            BUCKET,
            KEY,
            info("held-by-someone", Instant.now().plus(Duration.ofHours(1))).toJson(),
            "application/json",
            Optional.of("*"),
            Optional.empty());
    var plan = run("plan", "--detailed-exitcode");
    assertThat(plan.code()).as(plan.err()).isEqualTo(ExitCodes.CHANGES_PENDING);
    var apply = apply("desired-state");
    assertThat(apply.code()).isEqualTo(ExitCodes.LOCKED);
    assertThat(apply.err()).contains("held-by-someone");
  }

  private static LockInfo info(String id, Instant expires) {
    return new LockInfo(
        id,
        "alice",
        "gone-host",
        4242,
        "rootctl apply",
        "rev-old",
        expires.minus(Duration.ofMinutes(2)),
        expires);
  }

  private void putLock(LockInfo info) {
    new S3Backend(organization)
        .putObject(
            Caller.of(organization.managementCredentials().accessKeyId()),
            BUCKET,
            KEY,
            info.toJson(),
            "application/json",
            Optional.of("*"),
            Optional.empty());
  }

  @Test
  void anExpiredLockIsTakenOverAndTheApplySaysSo() {
    serve(Duration.ZERO);
    putLock(info("expired-lock", Instant.now().minus(Duration.ofMinutes(5))));

    var result = apply("desired-state");

    assertThat(result.code()).as(result.err()).isEqualTo(ExitCodes.OK);
    assertThat(result.err())
        .contains("took over the writer lock expired-lock of alice on gone-host")
        .contains("lapsed");
    assertThat(lock(organization)).isEmpty();
  }

  @Test
  void forceUnlockRemovesTheLockGivenItsIdAfterConfirmation() {
    serve(Duration.ZERO);
    putLock(info("stuck-lock", Instant.now().plus(Duration.ofHours(1))));

    var wrongId = run("force-unlock", "other-id", "-force", "--lock-url", LOCK_URL);
    assertThat(wrongId.code()).isEqualTo(ExitCodes.ERROR);
    assertThat(wrongId.err()).contains("has ID stuck-lock, not other-id");
    // -input=false: in-process, stdin is the test JVM's, which must not be read
    var unconfirmed = run("force-unlock", "stuck-lock", "-input=false", "--lock-url", LOCK_URL);
    assertThat(unconfirmed.code()).isEqualTo(ExitCodes.ERROR);
    assertThat(unconfirmed.err()).contains("needs confirmation");
    assertThat(lock(organization)).isPresent();

    var forced = run("force-unlock", "stuck-lock", "-force", "--lock-url", LOCK_URL);

    assertThat(forced.code()).as(forced.err()).isEqualTo(ExitCodes.OK);
    assertThat(forced.out()).contains("the writer lock stuck-lock at " + LOCK_URL + " was removed");
    assertThat(lock(organization)).isEmpty();
    assertThat(apply("desired-state").code()).isEqualTo(ExitCodes.OK);
  }

  @Test
  void aWriterWhoseLockWasForceUnlockedStopsBeforeItsNextAwsWrite() {
    serve(Duration.ZERO);
    var admin = organization.managementCredentials();
    try (var aws =
        AwsClients.create(
            AwsSettings.defaults()
                .withEndpoint(server.endpoint())
                .withCredentials(
                    new AwsSettings.StaticCredentials(
                        admin.accessKeyId(), admin.secretAccessKey())))) {
      var renewals = new ManualRenewals();
      var writer =
          new S3WriterLock(
              new S3LockObject(aws.s3(), LockUrl.parse(LOCK_URL)),
              new LockOwner("alice", "host", 1, "rootctl apply"),
              Clock.systemUTC(),
              renewals,
              S3WriterLock.DEFAULT_TTL);
      var sessions = LockedWrites.sessions(aws.rootSessions(), writer);
      try (var lease = writer.acquire("rev-1");
          var session =
              sessions.open(
                  AccountId.of("555555555555"),
                  TaskPolicy.DELETE_ROOT_USER_CREDENTIALS,
                  Duration.ofMinutes(15))) {
        var forced = run("force-unlock", lease.info().id(), "-force", "--lock-url", LOCK_URL);
        assertThat(forced.code()).as(forced.err()).isEqualTo(ExitCodes.OK);
        renewals.runAll();
        assertThat(lease.lost()).isPresent();

        var key = session.readRootCredentials().accessKeys().get(0).id();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> session.deleteAccessKey(key))
            .isInstanceOf(TerminalCloudException.class)
            .hasMessageContaining(LockedWrites.ERROR_CODE);
        assertThat(organization.journal().count(k -> k.operation().equals("iam:DeleteAccessKey")))
            .as("never sent")
            .isZero();
        assertThat(organization.rootCredentials(AccountId.of("555555555555")).accessKeys())
            .isNotEmpty();
      }
    }
  }
}
