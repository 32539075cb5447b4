package io.rootctl.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rootctl.cloud.Backoff;
import io.rootctl.cloud.Retrier;
import io.rootctl.cloud.RootSessionClient;
import io.rootctl.model.AccountId;
import io.rootctl.model.Mode;
import io.rootctl.model.TaskPolicy;
import io.rootctl.observe.LiveStateReader;
import io.rootctl.observe.ReadOptions;
import io.rootctl.plan.AccountChange;
import io.rootctl.plan.Plan;
import io.rootctl.sim.InMemoryCloud;
import io.rootctl.sim.SimException;
import io.rootctl.testing.ManualClock;
import io.rootctl.testing.RecordingAuditLog;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * How many root sessions apply opens per changed account, counted as {@code sts:AssumeRoot} calls
 * in the emulator's call journal: the stale-plan re-read skipped for reads this process made
 * seconds ago ({@link ReadLedger}) and its fail-closed edges, and the verification by reads in the
 * delete session ({@link SessionPlan#verifiableInSession}) and its failures.
 */
class SessionCountTest {
  private static final AccountId BREAK_GLASS = AccountId.of("333344445555");
  private static final AccountId PAYMENTS = AccountId.of("555555555555");
  private static final AccountId STAGING = AccountId.of("666666666666");
  private static final AccountId ALICE = AccountId.of("777777777777");
  private static final List<AccountId> DELETES = List.of(BREAK_GLASS, PAYMENTS, STAGING);

  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T09:00:00Z"));
  private final RecordingAuditLog audit = new RecordingAuditLog();
  private final Retrier retrier = new Retrier(Backoff.DEFAULT, clock::advance, () -> 0.5);
  private final ApplyOptions options = new ApplyOptions("run-1", 4, 3);
  private final InMemoryCloud cloud = InMemoryCloud.demo(clock);
  private final ReadLedger ledger = new ReadLedger(clock);
  private final RootSessionClient sessions = ledger.recording(cloud);
  private final LiveStateReader reader =
      new LiveStateReader(cloud, sessions, retrier, new ReadOptions(4, 5, Duration.ofSeconds(60)));

  private Executor executor(ReadLedger withLedger) {
    return new Executor(
        cloud, sessions, reader, audit, retrier, clock, ApplyListener.NONE, withLedger);
  }

  private Executor executor() {
    return executor(ledger);
  }

  /** AssumeRoot calls per account and task policy, from the journal. */
  private Map<AccountId, Map<TaskPolicy, Long>> sessionsNow() {
    var counts = new TreeMap<AccountId, Map<TaskPolicy, Long>>();
    for (var id : List.of(BREAK_GLASS, PAYMENTS, STAGING, ALICE)) {
      var byPolicy = new java.util.EnumMap<TaskPolicy, Long>(TaskPolicy.class);
      for (var policy : TaskPolicy.values()) {
        byPolicy.put(policy, cloud.sessionsOpened(id, policy));
      }
      counts.put(id, byPolicy);
    }
    return counts;
  }

  /** The sessions opened per account and task policy while {@code run} ran. */
  private Map<AccountId, Map<TaskPolicy, Long>> opened(Runnable run) {
    var before = sessionsNow();
    run.run();
    var after = sessionsNow();
    var diff = new TreeMap<AccountId, Map<TaskPolicy, Long>>();
    after.forEach(
        (id, byPolicy) -> {
          var d = new java.util.EnumMap<TaskPolicy, Long>(TaskPolicy.class);
          byPolicy.forEach(
              (policy, n) -> {
                var delta = n - before.get(id).get(policy);
                if (delta != 0) {
                  d.put(policy, delta);
                }
              });
          diff.put(id, d);
        });
    return diff;
  }

  private static long total(Map<TaskPolicy, Long> byPolicy) {
    return byPolicy.values().stream().mapToLong(Long::longValue).sum();
  }

  private static Map<TaskPolicy, Long> only(TaskPolicy policy, long n) {
    return Map.of(policy, n);
  }

  private static final TaskPolicy AUDIT = TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS;
  private static final TaskPolicy DELETE = TaskPolicy.DELETE_ROOT_USER_CREDENTIALS;
  private static final TaskPolicy CREATE = TaskPolicy.CREATE_ROOT_USER_PASSWORD;

  private static Plan just(Plan plan, AccountId account) {
    return Plans.plan(
        Mode.ENFORCE,
        Optional.empty(),
        plan.accounts().stream().filter(c -> c.account().equals(account)).toList());
  }

  // ---- the counts documented in docs/cli.md ----------------------------------------------------

  @Test
  void beforeEveryChangedAccountGotAReReadAndAnAuditVerifyBesidesItsWriteSessions() {
    var plan = Plans.demo(reader.read());

    var opened =
        opened(
            () ->
                assertThat(
                        executor(ReadLedger.none())
                            .apply(plan, options.withVerifyWithAuditSession(true))
                            .succeeded())
                    .isTrue());

    for (var id : DELETES) {
      assertThat(opened.get(id)).as(id.value()).isEqualTo(Map.of(AUDIT, 2L, DELETE, 1L));
    }
    assertThat(opened.get(ALICE)).isEqualTo(Map.of(AUDIT, 2L, CREATE, 1L));
  }

  @Test
  void nowADeleteOnlyAccountOpensOneSessionAndRecoveryTwo() {
    var plan = Plans.demo(reader.read());

    var opened =
        opened(
            () ->
                assertThat(executor().applyFromRecentReads(plan, options, Instant.MIN).succeeded())
                    .isTrue());

    for (var id : DELETES) {
      assertThat(opened.get(id)).as(id.value()).isEqualTo(only(DELETE, 1));
    }
    // CreateLoginProfile's session can list nothing: an audit session verifies it
    assertThat(opened.get(ALICE)).isEqualTo(Map.of(CREATE, 1L, AUDIT, 1L));
    for (var id : DELETES) {
      assertThat(cloud.organization().rootCredentials(id).accessKeys()).isEmpty();
    }
    assertThat(cloud.organization().rootCredentials(ALICE).loginProfile()).isPresent();
  }

  @Test
  void applyWithoutRecentReadsStillReReadsButVerifiesInTheDeleteSession() {
    // Fails on the code before: the verification opened a second audit session.
    var plan = Plans.demo(reader.read());

    var opened = opened(() -> assertThat(executor().apply(plan, options).succeeded()).isTrue());

    for (var id : DELETES) {
      assertThat(opened.get(id)).as(id.value()).isEqualTo(Map.of(AUDIT, 1L, DELETE, 1L));
    }
    assertThat(opened.get(ALICE)).isEqualTo(Map.of(AUDIT, 2L, CREATE, 1L));
  }

  // ---- the no-re-read rule fails closed --------------------------------------------------------

  @Test
  void readsOlderThanTheBoundAreReadAgain() {
    var plan = Plans.demo(reader.read());
    clock.advance(ReadLedger.RECENT.plusMillis(1));

    var opened =
        opened(
            () ->
                assertThat(executor().applyFromRecentReads(plan, options, Instant.MIN).succeeded())
                    .isTrue());

    for (var id : DELETES) {
      assertThat(opened.get(id)).as(id.value()).isEqualTo(Map.of(AUDIT, 1L, DELETE, 1L));
    }
  }

  @Test
  void readsAtTheBoundStillCount() {
    var plan = Plans.demo(reader.read());
    clock.advance(ReadLedger.RECENT);

    var opened =
        opened(() -> executor().applyFromRecentReads(just(plan, STAGING), options, Instant.MIN));

    assertThat(opened.get(STAGING)).isEqualTo(only(DELETE, 1));
  }

  @Test
  void aSavedPlanOrAnyPlainApplyIsReadAgainHoweverFreshTheReads() {
    var plan = just(Plans.demo(reader.read()), STAGING);

    var opened = opened(() -> executor().apply(plan, options));

    assertThat(opened.get(STAGING)).isEqualTo(Map.of(AUDIT, 1L, DELETE, 1L));
  }

  @Test
  void aWriteToTheAccountAfterTheReadMeansItIsReadAgain() {
    var plan = Plans.demo(reader.read());
    // another write in this process (e.g. crash recovery) in STAGING after the plan's read
    sessions.open(STAGING, DELETE, Duration.ofSeconds(60)).close();

    var opened =
        opened(() -> executor().applyFromRecentReads(plan, options, Instant.MIN).succeeded());

    assertThat(opened.get(STAGING)).isEqualTo(Map.of(AUDIT, 1L, DELETE, 1L));
    assertThat(opened.get(PAYMENTS)).as("the others are not read again").isEqualTo(only(DELETE, 1));
  }

  @Test
  void readsMadeBeforeOtherWritersWereExcludedAreReadAgain() {
    var plan = Plans.demo(reader.read());
    clock.advance(Duration.ofSeconds(1));
    var lockTaken = clock.instant(); // the controller takes the writer lock after it reads

    var opened = opened(() -> executor().applyFromRecentReads(plan, options, lockTaken));

    for (var id : DELETES) {
      assertThat(opened.get(id)).as(id.value()).isEqualTo(Map.of(AUDIT, 1L, DELETE, 1L));
    }
  }

  @Test
  void aNewerReadThatDisagreesWithThePlanMeansReadAgainAndRefuse() {
    var live = reader.read();
    var plan = Plans.demo(live);
    // the account changed, and this process read it again (the plan still holds the old read)
    var session = cloud.open(STAGING, DELETE, Duration.ofSeconds(60)); // not through the ledger
    session.deleteSigningCertificate("ASCAEXAMPLESTAGING01");
    session.close();
    reader.readAccount(STAGING);

    assertThatThrownBy(() -> executor().applyFromRecentReads(plan, options, Instant.MIN))
        .isInstanceOf(StalePlanException.class)
        .hasMessageContaining(STAGING.value());
  }

  @Test
  void aReadStampedInTheFutureIsNotTrusted() {
    clock.advance(Duration.ofMinutes(5));
    var plan = Plans.demo(reader.read());
    clock.set(clock.instant().minus(Duration.ofMinutes(1))); // the clock stepped back

    var opened =
        opened(() -> executor().applyFromRecentReads(just(plan, STAGING), options, Instant.MIN));

    assertThat(opened.get(STAGING)).isEqualTo(Map.of(AUDIT, 1L, DELETE, 1L));
  }

  @Test
  void withoutALedgerNothingIsTrusted() {
    var plan = just(Plans.demo(reader.read()), STAGING);

    var opened =
        opened(() -> executor(ReadLedger.none()).applyFromRecentReads(plan, options, Instant.MIN));

    assertThat(opened.get(STAGING)).isEqualTo(Map.of(AUDIT, 1L, DELETE, 1L));
  }

  // ---- verify in the delete session: a read that fails is never "verified" ---------------------

  private AccountOutcome.Failed failsToVerify(String operation, SimException error, int times) {
    var plan = just(Plans.demo(reader.read()), STAGING);
    cloud.failNext(operation, times, error);

    var result = executor().applyFromRecentReads(plan, options, Instant.MIN);

    assertThat(result.converged()).isEmpty();
    assertThat(result.failed()).hasSize(1);
    var failed = result.failed().get(0);
    assertThat(failed.operation()).isEqualTo("rootctl:Verify");
    assertThat(failed.actionsDone()).as("the writes were made").hasSize(3);
    return failed;
  }

  @Test
  void aDeniedListInTheDeleteSessionIsAFailureNotAVerification() {
    var failed =
        failsToVerify(
            "iam:ListSigningCertificates", new SimException("AccessDenied", 403, "denied"), 1);

    assertThat(failed.errorCode()).isEqualTo("AccessDenied");
    assertThat(failed.message()).contains("IAMDeleteRootUserCredentials", "AccessDenied");
  }

  @Test
  void aReadThatKeepsFailingInTheDeleteSessionIsAFailure() {
    var failed =
        failsToVerify(
            "iam:GetLoginProfile", new SimException("ServiceFailure", 500, "try later"), 50);

    assertThat(failed.errorCode()).isEqualTo("ServiceFailure");
  }

  @Test
  void aDeniedLoginProfileReadIsAFailure() {
    var failed =
        failsToVerify("iam:GetLoginProfile", new SimException("AccessDenied", 403, "denied"), 1);

    assertThat(failed.errorCode()).isEqualTo("AccessDenied");
  }

  @Test
  void aRecoveryChangeIsNeverVerifiedInItsOwnSession() {
    var steps =
        SessionPlan.of(
            Plans.demo(reader.read()).accounts().stream()
                .filter(c -> c.account().equals(ALICE))
                .findFirst()
                .map(AccountChange.class::cast)
                .orElseThrow());

    assertThat(SessionPlan.verifiableInSession(steps)).isFalse();
  }
}
