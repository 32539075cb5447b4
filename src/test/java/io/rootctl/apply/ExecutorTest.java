package io.rootctl.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.rootctl.audit.AuditEntry;
import io.rootctl.audit.AuditResult;
import io.rootctl.cloud.Backoff;
import io.rootctl.cloud.ForwardingOrganizationClient;
import io.rootctl.cloud.OrganizationClient;
import io.rootctl.cloud.Retrier;
import io.rootctl.cloud.RootSession;
import io.rootctl.cloud.RootSessionClient;
import io.rootctl.cloud.TerminalCloudException;
import io.rootctl.cloud.WriteResult;
import io.rootctl.live.LiveState;
import io.rootctl.live.RootCredentials;
import io.rootctl.model.AccountId;
import io.rootctl.model.Mode;
import io.rootctl.model.OrgFeature;
import io.rootctl.model.TaskPolicy;
import io.rootctl.observe.LiveStateReader;
import io.rootctl.observe.ReadOptions;
import io.rootctl.plan.AccountChange;
import io.rootctl.plan.DisableRootFeature;
import io.rootctl.plan.EnableRootFeature;
import io.rootctl.plan.EnableTrustedAccess;
import io.rootctl.plan.OrganizationChange;
import io.rootctl.render.ApplyText;
import io.rootctl.render.Style;
import io.rootctl.sim.CallJournal;
import io.rootctl.sim.Fixture;
import io.rootctl.sim.FixtureGenerator;
import io.rootctl.sim.GeneratorSpec;
import io.rootctl.sim.InMemoryCloud;
import io.rootctl.sim.SimException;
import io.rootctl.sim.SimulatedOrganization;
import io.rootctl.testing.ManualClock;
import io.rootctl.testing.RecordingAuditLog;
import io.rootctl.testing.ThreadDump;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The executor against the in-process twin of AWS ({@link InMemoryCloud}), with injected faults.
 * Time only moves when the retry sleeper or a test advances the manual clock.
 */
class ExecutorTest {
  private static final AccountId BREAK_GLASS = AccountId.of("333344445555");
  private static final AccountId PAYMENTS = AccountId.of("555555555555");
  private static final AccountId STAGING = AccountId.of("666666666666");
  private static final AccountId ALICE = AccountId.of("777777777777");
  private static final List<AccountId> CLEAN =
      List.of("222222222222", "444444444444", "555555555556", "777777777778", "999999999999")
          .stream()
          .map(AccountId::of)
          .toList();

  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T09:00:00Z"));
  private final RecordingAuditLog audit = new RecordingAuditLog();
  private final Retrier retrier = new Retrier(Backoff.DEFAULT, clock::advance, () -> 0.5);
  private final ApplyOptions options = new ApplyOptions("run-1", 4, 3);

  private InMemoryCloud cloud = InMemoryCloud.demo(clock);

  private LiveStateReader reader(RootSessionClient sessions) {
    return new LiveStateReader(
        cloud, sessions, retrier, new ReadOptions(4, 5, Duration.ofSeconds(60)));
  }

  private Executor executor(RootSessionClient sessions, Clock executorClock) {
    return new Executor(cloud, sessions, reader(sessions), audit, retrier, executorClock);
  }

  private Executor executor() {
    return executor(cloud, clock);
  }

  private LiveState observe() {
    return reader(cloud).read();
  }

  private RootCredentials now(AccountId account) {
    return cloud.organization().rootCredentials(account);
  }

  private long calls(String operation, AccountId account, String outcome) {
    return cloud
        .journal()
        .count(
            k ->
                k.operation().equals(operation)
                    && k.account().equals(Optional.of(account.value()))
                    && k.outcome().equals(outcome));
  }

  private static SimException error(String code, int status) {
    return new SimException(code, status, "injected " + code);
  }

  @Test
  void convergesTheDemoPlanWithOneNarrowSessionPerTaskPolicy() {
    var plan = Plans.demo(observe());

    var result = executor().apply(plan, options);

    assertThat(result.succeeded()).as(result.toString()).isTrue();
    assertThat(result.accounts())
        .extracting(AccountOutcome::account)
        .containsExactly(BREAK_GLASS, PAYMENTS, STAGING, ALICE);
    assertThat(now(BREAK_GLASS).accessKeys()).isEmpty();
    assertThat(now(BREAK_GLASS).loginProfile()).as("break-glass keeps its password").isPresent();
    assertThat(now(BREAK_GLASS).mfaDevices()).as("and its hardware MFA").hasSize(1);
    assertThat(now(PAYMENTS).isEmpty()).isTrue();
    assertThat(now(STAGING).isEmpty()).isTrue();
    assertThat(now(ALICE).loginProfile()).as("recovery allowed").isPresent();

    for (var drifted : List.of(BREAK_GLASS, PAYMENTS, STAGING)) {
      assertThat(cloud.sessionsOpened(drifted, TaskPolicy.DELETE_ROOT_USER_CREDENTIALS))
          .as("one delete session for " + drifted)
          .isEqualTo(1);
      assertThat(cloud.sessionsOpened(drifted, TaskPolicy.CREATE_ROOT_USER_PASSWORD)).isZero();
    }
    assertThat(cloud.sessionsOpened(ALICE, TaskPolicy.CREATE_ROOT_USER_PASSWORD)).isEqualTo(1);
    assertThat(cloud.sessionsOpened(ALICE, TaskPolicy.DELETE_ROOT_USER_CREDENTIALS)).isZero();
    for (var clean : CLEAN) {
      assertThat(cloud.sessionsOpened(clean, TaskPolicy.DELETE_ROOT_USER_CREDENTIALS))
          .as("no delete session for clean " + clean)
          .isZero();
      assertThat(cloud.sessionsOpened(clean, TaskPolicy.CREATE_ROOT_USER_PASSWORD)).isZero();
    }
  }

  @Test
  void recordsEveryWriteInTheAuditLog() {
    executor().apply(Plans.demo(observe()), options);

    assertThat(audit.outcomes()).allMatch(e -> e.runId().equals("run-1"));
    assertThat(audit.outcomes()).allMatch(e -> e.result() == AuditResult.OK);
    assertThat(audit.forAccount("555555555555"))
        .extracting(AuditEntry::action, AuditEntry::target)
        .containsExactly(
            tuple("iam:DeleteAccessKey", "AKIAEXAMPLEPAYMNT001"),
            tuple(
                "iam:DeactivateMFADevice", "arn:aws:iam::555555555555:mfa/root-account-mfa-device"),
            tuple(
                "iam:DeleteVirtualMFADevice",
                "arn:aws:iam::555555555555:mfa/root-account-mfa-device"));
    assertThat(audit.forAccount("666666666666"))
        .extracting(AuditEntry::action)
        .containsExactly(
            "iam:DeleteLoginProfile", "iam:DeleteAccessKey", "iam:DeleteSigningCertificate");
    assertThat(audit.forAccount("666666666666"))
        .allMatch(e -> e.taskPolicy().equals(Optional.of(TaskPolicy.DELETE_ROOT_USER_CREDENTIALS)));
    assertThat(audit.forAccount("777777777777"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.action()).isEqualTo("iam:CreateLoginProfile");
              assertThat(e.taskPolicy()).contains(TaskPolicy.CREATE_ROOT_USER_PASSWORD);
            });
    assertThat(audit.outcomes()).hasSize(8);
  }

  @Test
  void oneAccountDeniedIsReportedWithOperationCodeAndRequestIdWhileOthersConverge() {
    var plan = Plans.demo(observe());
    cloud.failNext("iam:DeleteLoginProfile", 1, error("AccessDenied", 403));

    var result = executor().apply(plan, options);

    assertThat(result.succeeded()).isFalse();
    assertThat(result.failed())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.account()).isEqualTo(STAGING);
              assertThat(f.operation()).isEqualTo("iam:DeleteLoginProfile");
              assertThat(f.errorCode()).isEqualTo("AccessDenied");
              assertThat(f.requestId()).isNotBlank();
              assertThat(f.message()).contains("666666666666", "AccessDenied", f.requestId());
              assertThat(f.actionsDone()).isEmpty();
            });
    assertThat(now(STAGING).accessKeys()).as("nothing after the denial ran").hasSize(1);
    assertThat(result.converged())
        .extracting(AccountOutcome::account)
        .containsExactly(BREAK_GLASS, PAYMENTS, ALICE);
    assertThat(audit.forAccount("666666666666"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.result()).isEqualTo(AuditResult.FAILED);
              assertThat(e.error().orElseThrow().code()).isEqualTo("AccessDenied");
              assertThat(e.error().orElseThrow().requestId())
                  .isEqualTo(result.failed().get(0).requestId());
            });
  }

  @Test
  void ridesOutAThrottlingStormWithoutDoingAnythingTwice() {
    var plan = Plans.demo(observe());
    cloud.throttleNext("sts:AssumeRoot", 2);
    cloud.throttleNext("iam:DeleteAccessKey", 2);
    cloud.throttleNext("iam:DeactivateMFADevice", 2);
    cloud.throttleNext("iam:CreateLoginProfile", 2);
    cloud.throttleNext("iam:GetAccountSummary", 2);

    var result = executor().apply(plan, options);

    assertThat(result.succeeded()).as(result.toString()).isTrue();
    for (var account : List.of(BREAK_GLASS, PAYMENTS, STAGING)) {
      assertThat(calls("iam:DeleteAccessKey", account, CallJournal.OK))
          .as("one successful delete in " + account)
          .isEqualTo(1);
      assertThat(cloud.sessionsOpened(account, TaskPolicy.DELETE_ROOT_USER_CREDENTIALS))
          .isEqualTo(1);
    }
    assertThat(cloud.journal().count("iam:DeleteAccessKey", "Throttling")).isEqualTo(2);
    assertThat(audit.outcomes()).allMatch(e -> e.result() == AuditResult.OK).hasSize(8);
  }

  @Test
  void retriesA5xxAndReportsOneThatPersists() {
    var plan = Plans.demo(observe());
    cloud.failNext("iam:DeleteSigningCertificate", 3, error("ServiceFailure", 500));

    var result = executor().apply(plan, options);

    assertThat(result.failed())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.account()).isEqualTo(STAGING);
              assertThat(f.operation()).isEqualTo("iam:DeleteSigningCertificate");
              assertThat(f.errorCode()).isEqualTo("ServiceFailure");
              assertThat(f.actionsDone()).hasSize(2);
            });
    assertThat(now(STAGING).signingCertificates()).hasSize(1);
    assertThat(now(STAGING).accessKeys()).isEmpty();
    assertThat(result.converged()).hasSize(3);
    assertThat(audit.forAccount("666666666666"))
        .extracting(AuditEntry::action, AuditEntry::result)
        .containsExactly(
            tuple("iam:DeleteLoginProfile", AuditResult.OK),
            tuple("iam:DeleteAccessKey", AuditResult.OK),
            tuple("iam:DeleteSigningCertificate", AuditResult.FAILED));

    cloud.failNext("iam:DeleteSigningCertificate", 2, error("ServiceUnavailable", 503));
    var again =
        executor().apply(Plans.deleteEverything(observe()), new ApplyOptions("run-2", 4, 3));
    assertThat(again.succeeded()).as("two 5xx fit in three attempts").isTrue();
    assertThat(now(STAGING).isEmpty()).isTrue();
  }

  @Test
  void reopensASessionThatExpiredMidAccountAndContinuesWhereItStopped() {
    var plan = Plans.demo(observe());
    // After staging's login profile is deleted, time jumps past the session's end. The executor's
    // own clock stands still, so it learns of the expiry only from AWS's ExpiredToken.
    var sessions = new AdvancingSessions(cloud, STAGING, Duration.ofMinutes(20));
    var fixed = Clock.fixed(Instant.parse("2026-11-23T09:00:00Z"), ZoneOffset.UTC);

    // One account at a time, so no other account's session is caught by the jump.
    var result = executor(sessions, fixed).apply(plan, options.withParallelism(1));

    assertThat(result.succeeded()).as(result.toString()).isTrue();
    assertThat(now(STAGING).isEmpty()).isTrue();
    assertThat(cloud.sessionsOpened(STAGING, TaskPolicy.DELETE_ROOT_USER_CREDENTIALS)).isEqualTo(2);
    assertThat(calls("iam:DeleteLoginProfile", STAGING, CallJournal.OK)).isEqualTo(1);
    assertThat(calls("iam:DeleteLoginProfile", STAGING, "NoSuchEntity")).isZero();
    // An expired token names no account in the journal: AWS cannot tell whose it was.
    assertThat(cloud.journal().count("iam:DeleteAccessKey", "ExpiredToken")).isEqualTo(1);
    assertThat(calls("iam:DeleteAccessKey", STAGING, CallJournal.OK)).isEqualTo(1);
    assertThat(calls("iam:DeleteSigningCertificate", STAGING, CallJournal.OK)).isEqualTo(1);
    assertThat(audit.forAccount("666666666666"))
        .extracting(AuditEntry::action)
        .containsExactly(
            "iam:DeleteLoginProfile", "iam:DeleteAccessKey", "iam:DeleteSigningCertificate");
  }

  @Test
  void reopensASessionAboutToExpireBeforeUsingIt() {
    var plan = Plans.demo(observe());
    var sessions = new AdvancingSessions(cloud, STAGING, Duration.ofMinutes(20));

    var result = executor(sessions, clock).apply(plan, options.withParallelism(1));

    assertThat(result.succeeded()).isTrue();
    assertThat(cloud.sessionsOpened(STAGING, TaskPolicy.DELETE_ROOT_USER_CREDENTIALS)).isEqualTo(2);
    assertThat(cloud.journal().count("iam:DeleteAccessKey", "ExpiredToken"))
        .as("the executor's clock saw the expiry coming")
        .isZero();
    assertThat(calls("iam:DeleteLoginProfile", STAGING, CallJournal.OK)).isEqualTo(1);
  }

  @Test
  void aSessionThatKeepsExpiringIsReopenedAtMostMaxAttemptsTimesAndEachIsClosed() {
    var plan = Plans.demo(observe());
    var sessions = new ExpiringSessions(cloud, STAGING, true);

    var result = executor(sessions, clock).apply(plan, options);

    assertThat(result.failed())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.account()).isEqualTo(STAGING);
              assertThat(f.operation()).isEqualTo("iam:DeleteLoginProfile");
              assertThat(f.errorCode()).isEqualTo("ExpiredToken");
            });
    assertThat(sessions.opened()).as("the first session and one per re-open").isEqualTo(4);
    assertThat(sessions.openNow()).as("every session was closed").isZero();
    assertThat(audit.forAccount("666666666666"))
        .extracting(AuditEntry::action, AuditEntry::result)
        .containsExactly(tuple("iam:DeleteLoginProfile", AuditResult.FAILED));
    assertThat(now(STAGING).loginProfile()).isPresent();
  }

  @Test
  void aSessionThatAlwaysLooksAboutToExpireIsReopenedAtMostMaxAttemptsTimesThenUsed() {
    var plan = Plans.demo(observe());
    var sessions = new ExpiringSessions(cloud, STAGING, false);

    var result = executor(sessions, clock).apply(plan, options);

    assertThat(result.succeeded()).as(result.toString()).isTrue();
    assertThat(sessions.opened()).isEqualTo(4);
    assertThat(sessions.openNow()).isZero();
    assertThat(now(STAGING).isEmpty()).isTrue();
  }

  @Test
  void aDeniedWriteSessionFailsTheAccountAndIsInTheAuditLog() {
    var plan = Plans.demo(observe());
    var sessions = new DeniedSessions(cloud, STAGING, TaskPolicy.DELETE_ROOT_USER_CREDENTIALS);

    var result = executor(sessions, clock).apply(plan, options);

    assertThat(result.failed())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.account()).isEqualTo(STAGING);
              assertThat(f.operation()).isEqualTo("sts:AssumeRoot");
              assertThat(f.errorCode()).isEqualTo("AccessDenied");
              assertThat(f.actionsDone()).isEmpty();
            });
    assertThat(audit.forAccount("666666666666"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.action()).isEqualTo("sts:AssumeRoot");
              assertThat(e.target()).isEqualTo("IAMDeleteRootUserCredentials");
              assertThat(e.result()).isEqualTo(AuditResult.FAILED);
              assertThat(e.error().orElseThrow().requestId()).isEqualTo("req-denied");
            });
    assertThat(result.converged()).hasSize(3);
  }

  @Test
  void aStopRequestedBeforeAnAccountStartsLeavesItUntouched() {
    var plan = Plans.demo(observe());

    var result = executor().apply(plan, options.withStopSignal(() -> true));

    assertThat(result.failed())
        .hasSize(4)
        .allSatisfy(
            f -> {
              assertThat(f.operation()).isEqualTo("rootctl:Stop");
              assertThat(f.errorCode()).isEqualTo("NotAttempted");
              assertThat(f.message()).startsWith("not attempted");
            });
    assertThat(audit.entries()).isEmpty();
    assertThat(cloud.sessionsOpened(STAGING, TaskPolicy.DELETE_ROOT_USER_CREDENTIALS)).isZero();
  }

  @Test
  void aBugInOneAccountIsThatAccountsFailureAndTheOthersGoOn() {
    var plan = Plans.demo(observe());
    var sessions =
        new BeforeDeleteSession(
            cloud,
            STAGING,
            () -> {
              throw new IllegalStateException("a bug");
            });

    var result = executor(sessions, clock).apply(plan, options);

    assertThat(result.failed())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.account()).isEqualTo(STAGING);
              assertThat(f.operation()).isEqualTo("rootctl");
              assertThat(f.errorCode()).isEqualTo("IllegalStateException");
              assertThat(f.message()).contains("a bug");
            });
    assertThat(result.converged())
        .extracting(AccountOutcome::account)
        .containsExactly(BREAK_GLASS, PAYMENTS, ALICE);
  }

  @Test
  void journalsEveryWriteAsStartedBeforeAwsSeesItThenItsOutcome() {
    var atCallTime = new java.util.concurrent.ConcurrentHashMap<String, List<AuditResult>>();
    RootSessionClient sessions =
        (target, policy, duration) ->
            new ForwardingSession(cloud.open(target, policy, duration)) {
              @Override
              public WriteResult deleteAccessKey(String accessKeyId) {
                atCallTime.put(
                    accessKeyId,
                    audit.entries().stream()
                        .filter(e -> e.target().equals(accessKeyId))
                        .map(AuditEntry::result)
                        .toList());
                return super.deleteAccessKey(accessKeyId);
              }
            };

    var result = executor(sessions, clock).apply(Plans.demo(observe()), options);

    assertThat(result.succeeded()).as(result.toString()).isTrue();
    assertThat(atCallTime).isNotEmpty();
    assertThat(atCallTime.values())
        .as("journalled as started, and only that, when AWS is called")
        .allMatch(r -> r.equals(List.of(AuditResult.STARTED)));
    var journal = new io.rootctl.audit.Journal(audit.entries());
    assertThat(journal.unfinished()).isEmpty();
    assertThat(audit.entries())
        .filteredOn(e -> e.result() == AuditResult.STARTED)
        .allSatisfy(
            e -> {
              assertThat(e.writeId()).startsWith("run-1/");
              assertThat(e.desiredRevision()).isEqualTo(Plans.demo(observe()).desiredRevision());
              assertThat(journal.outcome(e.writeId())).isPresent();
            });
  }

  @Test
  void treatsCredentialsDeletedMeanwhileAsDone() {
    var plan = Plans.demo(observe());
    // Someone else deletes payments' key after the stale check, just before rootctl's session.
    var sessions =
        new BeforeDeleteSession(
            cloud,
            PAYMENTS,
            () -> {
              try (var other =
                  cloud.open(
                      PAYMENTS, TaskPolicy.DELETE_ROOT_USER_CREDENTIALS, Duration.ofMinutes(1))) {
                other.deleteAccessKey("AKIAEXAMPLEPAYMNT001");
              }
            });

    var result = executor(sessions, clock).apply(plan, options);

    assertThat(result.succeeded()).isTrue();
    assertThat(calls("iam:DeleteAccessKey", PAYMENTS, "NoSuchEntity")).isEqualTo(1);
    assertThat(now(PAYMENTS).isEmpty()).isTrue();
    // AWS said NoSuchEntity: the key was already gone, and the journal says so
    assertThat(audit.forAccount("555555555555").get(0).result())
        .isEqualTo(AuditResult.ALREADY_DONE);
  }

  @Test
  void toleratesADeniedVirtualMfaDeletionAfterDeactivation() {
    var plan = Plans.demo(observe());
    cloud.failNext("iam:DeleteVirtualMFADevice", 1, error("AccessDenied", 403));

    var result = executor().apply(plan, options);

    assertThat(result.succeeded()).isTrue();
    var payments =
        result.converged().stream().filter(c -> c.account().equals(PAYMENTS)).findFirst();
    assertThat(payments.orElseThrow().notes())
        .singleElement()
        .asString()
        .contains("iam:DeleteVirtualMFADevice", "AccessDenied");
    assertThat(now(PAYMENTS).mfaDevices()).as("deactivated: gone from the root user").isEmpty();
    assertThat(audit.forAccount("555555555555"))
        .extracting(AuditEntry::result)
        .containsExactly(AuditResult.OK, AuditResult.OK, AuditResult.TOLERATED);
  }

  @Test
  void refusesAStalePlanBeforeAnyWrite() {
    var plan = Plans.demo(observe());
    var added = cloud.organization().addRootAccessKey(PAYMENTS);

    assertThatThrownBy(() -> executor().apply(plan, options))
        .isInstanceOfSatisfying(
            StalePlanException.class,
            e -> {
              assertThat(e.stale()).extracting(StaleAccount::account).containsExactly(PAYMENTS);
              var stale = e.stale().get(0);
              assertThat(stale.planned())
                  .isEqualTo(plan.accounts().get(1).basedOn())
                  .isNotEqualTo(stale.current());
              assertThat(e.getMessage()).contains("555555555555", stale.planned().shortForm());
            });
    assertThat(cloud.journal().count(k -> k.operation().startsWith("iam:Delete"))).isZero();
    assertThat(now(PAYMENTS).accessKeys()).extracting(k -> k.id()).contains(added);
    assertThat(audit.outcomes()).isEmpty();
  }

  @Test
  void refusesAPlanMadeInObserveMode() {
    var live = observe();
    var plan = Plans.plan(Mode.OBSERVE, Optional.empty(), Plans.demo(live).accounts());
    var callsBefore = cloud.journal().total();

    assertThatThrownBy(() -> executor().apply(plan, options))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("observe");
    assertThat(cloud.journal().total()).as("not even the stale check ran").isEqualTo(callsBefore);
  }

  @Test
  void runsOrganizationActionsFirstAndChangesNoAccountWhenOneFails() {
    var live = observe();
    var organization =
        new OrganizationChange(
            List.of(
                new EnableTrustedAccess("iam.amazonaws.com"),
                new EnableRootFeature(OrgFeature.ROOT_SESSIONS)),
            List.of("trusted access", "root sessions"));
    var plan = Plans.plan(Mode.ENFORCE, Optional.of(organization), Plans.demo(live).accounts());
    cloud.failNext(
        "iam:EnableOrganizationsRootSessions",
        1,
        error("CallerIsNotManagementAccountException", 400));

    var result = executor().apply(plan, options);

    var org = result.organization().orElseThrow();
    assertThat(org.done()).containsExactly(new EnableTrustedAccess("iam.amazonaws.com"));
    assertThat(org.failure().orElseThrow().errorCode())
        .isEqualTo("CallerIsNotManagementAccountException");
    assertThat(result.failed()).hasSize(4).allMatch(f -> f.message().startsWith("not attempted"));
    assertThat(
            cloud
                .journal()
                .count(
                    k -> k.policy().equals(Optional.of(TaskPolicy.DELETE_ROOT_USER_CREDENTIALS))))
        .isZero();
    assertThat(audit.outcomes())
        .extracting(AuditEntry::action, AuditEntry::result)
        .containsExactly(
            tuple("organizations:EnableAWSServiceAccess", AuditResult.OK),
            tuple("iam:EnableOrganizationsRootSessions", AuditResult.FAILED));
  }

  @Test
  void convergesAGeneratedOrganizationWithOneDeleteSessionPerDriftedAccountWithinParallelism() {
    var fixture = FixtureGenerator.generate(new GeneratorSpec(200, 20, 7, 0.3));
    cloud = new InMemoryCloud(SimulatedOrganization.of(fixture, clock));
    var live = observe();
    var plan = Plans.deleteEverything(live);
    var counting = new CountingSessions(cloud);

    var result = executor(counting, clock).apply(plan, options.withParallelism(3));

    assertThat(plan.accounts()).hasSizeGreaterThan(30);
    assertThat(result.succeeded()).as(result.failed().toString()).isTrue();
    var drifted = plan.accounts().stream().map(AccountChange::account).toList();
    for (var member : live.roots().keySet()) {
      assertThat(cloud.sessionsOpened(member, TaskPolicy.DELETE_ROOT_USER_CREDENTIALS))
          .as("delete sessions in " + member)
          .isEqualTo(drifted.contains(member) ? 1 : 0);
      assertThat(now(member).isEmpty()).as(member + " is clean").isTrue();
    }
    assertThat(counting.maxConcurrentDeleteSessions()).isBetween(1, 3);
    assertThat(counting.openNow()).as("every session was closed").isZero();
  }

  @Test
  void changesAtMostParallelismAccountsAtOnceAndReachesThatMany() throws Exception {
    var fixture = FixtureGenerator.generate(new GeneratorSpec(40, 5, 7, 0.5));
    cloud = new InMemoryCloud(SimulatedOrganization.of(fixture, clock));
    var plan = Plans.deleteEverything(observe());
    var total = plan.accounts().size();
    var parallelism = 3;
    assertThat(total).isGreaterThan(parallelism + 2);
    var gate = new GatedSessions(cloud);
    var executor = executor(gate, clock);

    var running =
        CompletableFuture.supplyAsync(
            () -> executor.apply(plan, options.withParallelism(parallelism)));
    try {
      // The positive fact: N sessions are held open, and every other account waits for a permit.
      await()
          .atMost(Duration.ofMinutes(2))
          .untilAsserted(
              () -> {
                assertThat(gate.openNow()).as("sessions open").isEqualTo(parallelism);
                assertThat(
                        ThreadDump.blockedIn(
                            "java.util.concurrent.Semaphore.acquire", Executor.class))
                    .as("accounts waiting for a permit")
                    .isEqualTo(total - parallelism);
              });
      assertThat(gate.opened()).as("no account beyond the bound started").isEqualTo(parallelism);
    } finally {
      gate.release();
    }
    await().atMost(Duration.ofMinutes(2)).until(running::isDone);

    var result = running.get();
    assertThat(result.succeeded()).as(result.failed().toString()).isTrue();
    assertThat(gate.maxOpen()).as("most sessions open at once").isEqualTo(parallelism);
    assertThat(gate.opened()).isEqualTo(total);
    assertThat(gate.openNow()).as("every session was closed").isZero();
  }

  @Test
  void confirmsOrganizationWritesByAFreshRead() {
    cloud = new InMemoryCloud(SimulatedOrganization.of(withoutRootAccess(Fixture.demo()), clock));
    var plan = Plans.plan(Mode.ENFORCE, Optional.of(turnOnRootAccess()), List.of());

    var result = executor().apply(plan, options);

    var org = result.organization().orElseThrow();
    assertThat(org.succeeded()).as(org.toString()).isTrue();
    assertThat(org.done()).isEqualTo(turnOnRootAccess().actions());
    assertThat(readsAfterLastWrite())
        .containsExactly(
            "organizations:ListAWSServiceAccessForOrganization", "iam:ListOrganizationsFeatures");
    assertThat(result.succeeded()).isTrue();
  }

  @Test
  void organizationWritesThatAFreshReadDoesNotShowFailTheChangeAndSayWhatIsStillOff() {
    cloud = new InMemoryCloud(SimulatedOrganization.of(withoutRootAccess(Fixture.demo()), clock));
    var plan = Plans.plan(Mode.ENFORCE, Optional.of(turnOnRootAccess()), List.of());
    var silent = new SilentOrganization(cloud, w -> true);

    var result = executor(silent).apply(plan, options);

    assertThat(result.succeeded()).isFalse();
    var org = result.organization().orElseThrow();
    assertThat(org.done()).isEmpty();
    assertThat(org.notDone()).isEqualTo(turnOnRootAccess().actions());
    var failure = org.failure().orElseThrow();
    assertThat(failure.operation()).isEqualTo("rootctl:VerifyOrganization");
    assertThat(failure.errorCode()).isEqualTo("NotConverged");
    assertThat(failure.message())
        .contains(
            "trusted access for iam.amazonaws.com not enabled",
            "RootCredentialsManagement not enabled",
            "RootSessions not enabled");
    assertThat(cloud.journal().count("organizations:ListAWSServiceAccessForOrganization", "OK"))
        .as("re-read up to maxAttempts times, for IAM's eventual consistency")
        .isEqualTo(options.maxAttempts());
    assertThat(new ApplyText(Style.PLAIN).render(result))
        .contains("organization: ", ": failed: rootctl:VerifyOrganization NotConverged")
        .contains("Apply failed!");
  }

  @Test
  void anOrganizationWriteThatDidNotTakeChangesNoAccount() {
    var live = observe();
    cloud.disableRootFeature(OrgFeature.ROOT_CREDENTIALS_MANAGEMENT);
    var enable =
        new OrganizationChange(
            List.of(new EnableRootFeature(OrgFeature.ROOT_CREDENTIALS_MANAGEMENT)),
            List.of("root credentials management"));
    var plan = Plans.plan(Mode.ENFORCE, Optional.of(enable), Plans.demo(live).accounts());
    var silent =
        new SilentOrganization(cloud, w -> w.equals(OrgFeature.ROOT_CREDENTIALS_MANAGEMENT));

    var result = executor(silent).apply(plan, options);

    var org = result.organization().orElseThrow();
    assertThat(org.notDone()).isEqualTo(enable.actions());
    assertThat(org.failure().orElseThrow().message())
        .contains("RootCredentialsManagement not enabled");
    assertThat(result.failed())
        .hasSize(4)
        .allSatisfy(
            f -> {
              assertThat(f.operation()).isEqualTo("rootctl:VerifyOrganization");
              assertThat(f.message()).startsWith("not attempted");
              assertThat(f.actionsDone()).isEmpty();
            });
    assertThat(
            cloud
                .journal()
                .count(
                    k -> k.policy().equals(Optional.of(TaskPolicy.DELETE_ROOT_USER_CREDENTIALS))))
        .isZero();
    assertThat(now(STAGING).loginProfile()).isPresent();
  }

  @Test
  void aDisabledFeatureThatAFreshReadStillShowsIsNotDone() {
    var disable =
        new OrganizationChange(
            List.of(new DisableRootFeature(OrgFeature.ROOT_CREDENTIALS_MANAGEMENT)),
            List.of("desired: disabled"));
    var plan = Plans.plan(Mode.ENFORCE, Optional.of(disable), List.of());

    var silent = executor(new SilentOrganization(cloud, w -> true)).apply(plan, options);

    assertThat(silent.organization().orElseThrow().failure().orElseThrow().message())
        .contains("RootCredentialsManagement still enabled");

    var real = executor().apply(plan, options);

    assertThat(real.organization().orElseThrow().done()).isEqualTo(disable.actions());
    assertThat(cloud.enabledRootFeatures()).containsExactly(OrgFeature.ROOT_SESSIONS);
  }

  @Test
  void anOrganizationWriteThatShowsOnlyOnASecondReadIsDone() {
    cloud = new InMemoryCloud(SimulatedOrganization.of(withoutRootAccess(Fixture.demo()), clock));
    var plan = Plans.plan(Mode.ENFORCE, Optional.of(turnOnRootAccess()), List.of());
    var lagging = new LaggingOrganization(cloud, 1);

    var result = executor(lagging).apply(plan, options);

    assertThat(result.organization().orElseThrow().succeeded()).isTrue();
    assertThat(cloud.journal().count("iam:ListOrganizationsFeatures", "OK")).isEqualTo(2);
  }

  @Test
  void anOrganizationThatCannotBeReReadIsNotConfirmed() {
    cloud = new InMemoryCloud(SimulatedOrganization.of(withoutRootAccess(Fixture.demo()), clock));
    var plan = Plans.plan(Mode.ENFORCE, Optional.of(turnOnRootAccess()), List.of());
    cloud.failNext("iam:ListOrganizationsFeatures", 1, error("AccessDenied", 403));

    var result = executor().apply(plan, options);

    var org = result.organization().orElseThrow();
    assertThat(org.done()).isEmpty();
    var failure = org.failure().orElseThrow();
    assertThat(failure.operation()).isEqualTo("iam:ListOrganizationsFeatures");
    assertThat(failure.errorCode()).isEqualTo("AccessDenied");
    assertThat(failure.requestId()).isNotBlank();
    assertThat(failure.message()).startsWith("cannot confirm the organization change");
  }

  @Test
  void anAccountWhoseReReadStillShowsWhatWasDeletedFailsAsNotConverged() {
    var plan = Plans.demo(observe());
    var audits = cloud.sessionsOpened(PAYMENTS, TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS);
    // AWS answers 200 to the delete, and the key stays.
    var sessions = new SilentKeyDeletes(cloud, PAYMENTS);

    var result = executor(sessions, clock).apply(plan, options);

    assertThat(result.succeeded()).isFalse();
    assertThat(result.failed())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.account()).isEqualTo(PAYMENTS);
              assertThat(f.operation()).isEqualTo("rootctl:Verify");
              assertThat(f.errorCode()).isEqualTo("NotConverged");
              assertThat(f.requestId()).isEmpty();
              assertThat(f.message())
                  .contains("555555555555", "access key AKIAEXAMPLEPAYMNT001")
                  .doesNotContain("MFA");
              assertThat(f.actionsDone()).isEqualTo(plan.accounts().get(1).actions());
            });
    assertThat(result.converged())
        .extracting(AccountOutcome::account)
        .containsExactly(BREAK_GLASS, STAGING, ALICE);
    assertThat(cloud.sessionsOpened(PAYMENTS, TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS) - audits)
        .as("the stale check; the re-reads are in the delete session")
        .isEqualTo(1);
    assertThat(
            cloud
                .journal()
                .count(
                    k ->
                        k.operation().equals("iam:ListAccessKeys")
                            && k.account().equals(Optional.of(PAYMENTS.value()))
                            && k.policy()
                                .equals(Optional.of(TaskPolicy.DELETE_ROOT_USER_CREDENTIALS))))
        .as("one re-read per attempt, in the delete session")
        .isEqualTo(options.maxAttempts());
    assertThat(new ApplyText(Style.PLAIN).render(result))
        .contains(
            "account 555555555555: failed: rootctl:Verify NotConverged (request none): account"
                + " 555555555555 still shows after apply: access key AKIAEXAMPLEPAYMNT001")
        .contains("Apply failed!");
  }

  @Test
  void withAuditSessionVerifyAnAccountWhoseReReadStillShowsWhatWasDeletedFailsAsNotConverged() {
    var plan = Plans.demo(observe());
    var audits = cloud.sessionsOpened(PAYMENTS, TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS);
    // AWS answers 200 to the delete, and the key stays.
    var sessions = new SilentKeyDeletes(cloud, PAYMENTS);

    var result = executor(sessions, clock).apply(plan, options.withVerifyWithAuditSession(true));

    assertThat(result.succeeded()).isFalse();
    assertThat(result.failed())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.account()).isEqualTo(PAYMENTS);
              assertThat(f.operation()).isEqualTo("rootctl:Verify");
              assertThat(f.errorCode()).isEqualTo("NotConverged");
              assertThat(f.requestId()).isEmpty();
              assertThat(f.message())
                  .contains("555555555555", "access key AKIAEXAMPLEPAYMNT001")
                  .doesNotContain("MFA");
              assertThat(f.actionsDone()).isEqualTo(plan.accounts().get(1).actions());
            });
    assertThat(result.converged())
        .extracting(AccountOutcome::account)
        .containsExactly(BREAK_GLASS, STAGING, ALICE);
    assertThat(cloud.sessionsOpened(PAYMENTS, TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS) - audits)
        .as("the stale check, then one re-read per attempt")
        .isEqualTo(1 + options.maxAttempts());
    assertThat(new ApplyText(Style.PLAIN).render(result))
        .contains(
            "account 555555555555: failed: rootctl:Verify NotConverged (request none): account"
                + " 555555555555 still shows after apply: access key AKIAEXAMPLEPAYMNT001")
        .contains("Apply failed!");
  }

  @Test
  void anAccountThatShowsItsDeleteOnlyOnALaterReadConverges() {
    var live = observe();
    var plan = Plans.demo(live);
    var before = (RootCredentials) live.roots().get(PAYMENTS);
    // The stale check reads the truth; the first verification read still shows the old state.
    var sessions = new StaleReads(cloud, PAYMENTS, before, 2);

    var result = executor(sessions, clock).apply(plan, options.withVerifyWithAuditSession(true));

    assertThat(result.succeeded()).as(result.toString()).isTrue();
    assertThat(sessions.auditReads()).isEqualTo(3);
  }

  @Test
  void anAccountThatCannotBeReReadAtTheStaleCheckIsNeverWritten() {
    var plan = Plans.demo(observe());
    var iamCallsBefore = iamCalls(PAYMENTS);
    var sessions = new DeniedAudits(cloud, PAYMENTS);

    var result = executor(sessions, clock).apply(plan, options);

    assertThat(result.failed())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.account()).isEqualTo(PAYMENTS);
              assertThat(f.operation()).isEqualTo("rootctl:StalePlanCheck");
              assertThat(f.errorCode()).isEqualTo("ObservationFailed");
              assertThat(f.message())
                  .startsWith("not attempted: cannot confirm the plan is current")
                  .contains("AccessDenied");
              assertThat(f.actionsDone()).isEmpty();
            });
    assertThat(cloud.sessionsOpened(PAYMENTS, TaskPolicy.DELETE_ROOT_USER_CREDENTIALS)).isZero();
    assertThat(iamCalls(PAYMENTS)).as("no IAM call in the account").isEqualTo(iamCallsBefore);
    assertThat(audit.forAccount("555555555555")).isEmpty();
    assertThat(now(PAYMENTS).accessKeys()).hasSize(1);
    assertThat(result.converged())
        .extracting(AccountOutcome::account)
        .containsExactly(BREAK_GLASS, STAGING, ALICE);
  }

  private long iamCalls(AccountId account) {
    return cloud
        .journal()
        .count(
            k ->
                k.operation().startsWith("iam:")
                    && k.account().equals(Optional.of(account.value())));
  }

  /** Trusted access for IAM, then both root features: what a new organization needs. */
  private static OrganizationChange turnOnRootAccess() {
    return new OrganizationChange(
        List.of(
            new EnableTrustedAccess(OrganizationClient.IAM_SERVICE_PRINCIPAL),
            new EnableRootFeature(OrgFeature.ROOT_CREDENTIALS_MANAGEMENT),
            new EnableRootFeature(OrgFeature.ROOT_SESSIONS)),
        List.of("trusted access", "root credentials management", "root sessions"));
  }

  /** {@code fixture} with no trusted access and no root feature. */
  private static Fixture withoutRootAccess(Fixture fixture) {
    return new Fixture(
        fixture.organizationId(),
        fixture.managementAccountId(),
        fixture.root(),
        List.of(),
        List.of(),
        fixture.delegatedAdministrators(),
        fixture.organizationalUnits(),
        fixture.accounts(),
        fixture.managementCredentials());
  }

  /** The journal's operations after the last organization write, in order. */
  private List<String> readsAfterLastWrite() {
    var entries = cloud.journal().recent();
    var last = -1;
    for (var i = 0; i < entries.size(); i++) {
      var op = entries.get(i).operation();
      if (op.startsWith("organizations:Enable") || op.startsWith("iam:Enable")) {
        last = i;
      }
    }
    return entries.subList(last + 1, entries.size()).stream()
        .map(CallJournal.Entry::operation)
        .toList();
  }

  private Executor executor(OrganizationClient organization) {
    return new Executor(organization, cloud, reader(cloud), audit, retrier, clock);
  }

  // ---- decorators over the organization port ---------------------------------------------------

  /** Passes every call through; subclasses override what they fake. */
  /**
   * Answers success to the writes {@code silent} picks (a feature, or null for trusted access) and
   * does nothing, as a proxy that swallows calls would; every other call goes through.
   */
  private static final class SilentOrganization extends ForwardingOrganizationClient {
    private final Predicate<@Nullable OrgFeature> silent;

    SilentOrganization(OrganizationClient inner, Predicate<@Nullable OrgFeature> silent) {
      super(inner);
      this.silent = silent;
    }

    @Override
    public void enableTrustedAccess(String servicePrincipal) {
      if (!silent.test(null)) {
        super.enableTrustedAccess(servicePrincipal);
      }
    }

    @Override
    public void enableRootFeature(OrgFeature feature) {
      if (!silent.test(feature)) {
        super.enableRootFeature(feature);
      }
    }

    @Override
    public void disableRootFeature(OrgFeature feature) {
      if (!silent.test(feature)) {
        super.disableRootFeature(feature);
      }
    }
  }

  /** The first {@code staleReads} feature reads after a feature write show no feature yet. */
  private static final class LaggingOrganization extends ForwardingOrganizationClient {
    private final AtomicInteger staleReads;
    private volatile boolean written;

    LaggingOrganization(OrganizationClient inner, int staleReads) {
      super(inner);
      this.staleReads = new AtomicInteger(staleReads);
    }

    @Override
    public void enableRootFeature(OrgFeature feature) {
      super.enableRootFeature(feature);
      written = true;
    }

    @Override
    public Set<OrgFeature> enabledRootFeatures() {
      var now = super.enabledRootFeatures();
      return written && staleReads.getAndDecrement() > 0 ? Set.of() : now;
    }
  }

  // ---- decorators over the sessions port -------------------------------------------------------

  /** Advances the clock right after {@code account}'s first DeleteLoginProfile. */
  private final class AdvancingSessions implements RootSessionClient {
    private final RootSessionClient inner;
    private final AccountId account;
    private final Duration jump;
    private final AtomicInteger jumps = new AtomicInteger();

    AdvancingSessions(RootSessionClient inner, AccountId account, Duration jump) {
      this.inner = inner;
      this.account = account;
      this.jump = jump;
    }

    @Override
    public RootSession open(AccountId target, TaskPolicy policy, Duration duration) {
      var session = inner.open(target, policy, duration);
      if (!target.equals(account) || policy != TaskPolicy.DELETE_ROOT_USER_CREDENTIALS) {
        return session;
      }
      return new ForwardingSession(session) {
        @Override
        public WriteResult deleteLoginProfile() {
          var result = super.deleteLoginProfile();
          if (jumps.getAndIncrement() == 0) {
            clock.advance(jump);
          }
          return result;
        }
      };
    }
  }

  /** Runs {@code before} when {@code account}'s delete session opens. */
  private static final class BeforeDeleteSession implements RootSessionClient {
    private final RootSessionClient inner;
    private final AccountId account;
    private final Runnable before;

    BeforeDeleteSession(RootSessionClient inner, AccountId account, Runnable before) {
      this.inner = inner;
      this.account = account;
      this.before = before;
    }

    @Override
    public RootSession open(AccountId target, TaskPolicy policy, Duration duration) {
      if (target.equals(account) && policy == TaskPolicy.DELETE_ROOT_USER_CREDENTIALS) {
        before.run();
      }
      return inner.open(target, policy, duration);
    }
  }

  /** Counts how many delete sessions are open at once. */
  private static final class CountingSessions implements RootSessionClient {
    private final RootSessionClient inner;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger max = new AtomicInteger();

    CountingSessions(RootSessionClient inner) {
      this.inner = inner;
    }

    int maxConcurrentDeleteSessions() {
      return max.get();
    }

    int openNow() {
      return open.get();
    }

    @Override
    public RootSession open(AccountId target, TaskPolicy policy, Duration duration) {
      var session = inner.open(target, policy, duration);
      if (policy != TaskPolicy.DELETE_ROOT_USER_CREDENTIALS) {
        return session;
      }
      max.accumulateAndGet(open.incrementAndGet(), Math::max);
      return new ForwardingSession(session) {
        @Override
        public void close() {
          open.decrementAndGet();
          super.close();
        }
      };
    }
  }

  /**
   * Holds every delete or create-password session open, once AssumeRoot has answered, until {@link
   * #release()}; counts how many are open at once.
   */
  private static final class GatedSessions implements RootSessionClient {
    private final RootSessionClient inner;
    private final CountDownLatch gate = new CountDownLatch(1);
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger max = new AtomicInteger();

    GatedSessions(RootSessionClient inner) {
      this.inner = inner;
    }

    void release() {
      gate.countDown();
    }

    int opened() {
      return opened.get();
    }

    int openNow() {
      return open.get();
    }

    int maxOpen() {
      return max.get();
    }

    @Override
    public RootSession open(AccountId target, TaskPolicy policy, Duration duration) {
      var session = inner.open(target, policy, duration);
      if (policy == TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS) {
        return session;
      }
      opened.incrementAndGet();
      max.accumulateAndGet(open.incrementAndGet(), Math::max);
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted at the gate", e);
      }
      return new ForwardingSession(session) {
        @Override
        public void close() {
          open.decrementAndGet();
          super.close();
        }
      };
    }
  }

  /** In {@code account}, DeleteAccessKey answers success and deletes nothing. */
  private static final class SilentKeyDeletes implements RootSessionClient {
    private final RootSessionClient inner;
    private final AccountId account;

    SilentKeyDeletes(RootSessionClient inner, AccountId account) {
      this.inner = inner;
      this.account = account;
    }

    @Override
    public RootSession open(AccountId target, TaskPolicy policy, Duration duration) {
      var session = inner.open(target, policy, duration);
      if (!target.equals(account)) {
        return session;
      }
      return new ForwardingSession(session) {
        @Override
        public WriteResult deleteAccessKey(String accessKeyId) {
          return WriteResult.DONE;
        }
      };
    }
  }

  /** {@code account}'s audit sessions before the {@code fresh}-th show {@code old}. */
  private static final class StaleReads implements RootSessionClient {
    private final RootSessionClient inner;
    private final AccountId account;
    private final RootCredentials old;
    private final AtomicInteger reads = new AtomicInteger();
    private final Set<Integer> staleAt;

    StaleReads(RootSessionClient inner, AccountId account, RootCredentials old, int staleRead) {
      this.inner = inner;
      this.account = account;
      this.old = old;
      this.staleAt = Set.of(staleRead);
    }

    int auditReads() {
      return reads.get();
    }

    @Override
    public RootSession open(AccountId target, TaskPolicy policy, Duration duration) {
      var session = inner.open(target, policy, duration);
      if (!target.equals(account) || policy != TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS) {
        return session;
      }
      var read = reads.incrementAndGet();
      return new ForwardingSession(session) {
        @Override
        public RootCredentials readRootCredentials() {
          var fresh = super.readRootCredentials();
          return staleAt.contains(read) ? old : fresh;
        }
      };
    }
  }

  /** AssumeRoot with the audit task policy is denied in {@code account}; the rest goes through. */
  private static final class DeniedAudits implements RootSessionClient {
    private final RootSessionClient inner;
    private final AccountId account;

    DeniedAudits(RootSessionClient inner, AccountId account) {
      this.inner = inner;
      this.account = account;
    }

    @Override
    public RootSession open(AccountId target, TaskPolicy policy, Duration duration) {
      if (target.equals(account) && policy == TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS) {
        throw new TerminalCloudException(
            TerminalCloudException.Kind.ACCESS_DENIED,
            "sts:AssumeRoot",
            Optional.of(target.value()),
            "AccessDenied",
            "req-denied-audit",
            "an SCP denies the audit task policy",
            new IllegalStateException("denied by the test"));
      }
      return inner.open(target, policy, duration);
    }
  }

  /**
   * {@code account}'s delete sessions either answer every DeleteLoginProfile with ExpiredToken
   * ({@code rejectCalls}), or say they expire now, so that the executor's clock always finds them
   * about to. Counts the sessions opened and not yet closed.
   */
  private final class ExpiringSessions implements RootSessionClient {
    private final RootSessionClient inner;
    private final AccountId account;
    private final boolean rejectCalls;
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();

    ExpiringSessions(RootSessionClient inner, AccountId account, boolean rejectCalls) {
      this.inner = inner;
      this.account = account;
      this.rejectCalls = rejectCalls;
    }

    int opened() {
      return opened.get();
    }

    int openNow() {
      return open.get();
    }

    @Override
    public RootSession open(AccountId target, TaskPolicy policy, Duration duration) {
      var session = inner.open(target, policy, duration);
      if (!target.equals(account) || policy != TaskPolicy.DELETE_ROOT_USER_CREDENTIALS) {
        return session;
      }
      opened.incrementAndGet();
      open.incrementAndGet();
      return new ForwardingSession(session) {
        @Override
        public Instant expiresAt() {
          return rejectCalls ? super.expiresAt() : clock.instant();
        }

        @Override
        public WriteResult deleteLoginProfile() {
          if (rejectCalls) {
            throw new TerminalCloudException(
                TerminalCloudException.Kind.SESSION_EXPIRED,
                "iam:DeleteLoginProfile",
                Optional.of(target.value()),
                "ExpiredToken",
                "req-expired",
                "The security token included in the request is expired",
                new IllegalStateException("expired by the test"));
          }
          return super.deleteLoginProfile();
        }

        @Override
        public void close() {
          open.decrementAndGet();
          super.close();
        }
      };
    }
  }

  /** AssumeRoot with {@code policy} is denied in {@code account}; the rest goes through. */
  private static final class DeniedSessions implements RootSessionClient {
    private final RootSessionClient inner;
    private final AccountId account;
    private final TaskPolicy policy;

    DeniedSessions(RootSessionClient inner, AccountId account, TaskPolicy policy) {
      this.inner = inner;
      this.account = account;
      this.policy = policy;
    }

    @Override
    public RootSession open(AccountId target, TaskPolicy wanted, Duration duration) {
      if (target.equals(account) && wanted == policy) {
        throw new TerminalCloudException(
            TerminalCloudException.Kind.ACCESS_DENIED,
            "sts:AssumeRoot",
            Optional.of(target.value()),
            "AccessDenied",
            "req-denied",
            "an SCP denies " + wanted.policyName(),
            new IllegalStateException("denied by the test"));
      }
      return inner.open(target, wanted, duration);
    }
  }

  /** Passes every call through; subclasses override what they observe. */
  private static class ForwardingSession implements RootSession {
    private final RootSession inner;

    ForwardingSession(RootSession inner) {
      this.inner = inner;
    }

    @Override
    public AccountId account() {
      return inner.account();
    }

    @Override
    public TaskPolicy policy() {
      return inner.policy();
    }

    @Override
    public Instant expiresAt() {
      return inner.expiresAt();
    }

    @Override
    public RootCredentials readRootCredentials() {
      return inner.readRootCredentials();
    }

    @Override
    public WriteResult deleteLoginProfile() {
      return inner.deleteLoginProfile();
    }

    @Override
    public WriteResult deleteAccessKey(String accessKeyId) {
      return inner.deleteAccessKey(accessKeyId);
    }

    @Override
    public WriteResult deleteSigningCertificate(String certificateId) {
      return inner.deleteSigningCertificate(certificateId);
    }

    @Override
    public WriteResult deactivateMfaDevice(String serialNumber) {
      return inner.deactivateMfaDevice(serialNumber);
    }

    @Override
    public WriteResult deleteVirtualMfaDevice(String serialNumber) {
      return inner.deleteVirtualMfaDevice(serialNumber);
    }

    @Override
    public WriteResult createLoginProfile() {
      return inner.createLoginProfile();
    }

    @Override
    public void close() {
      inner.close();
    }
  }
}
