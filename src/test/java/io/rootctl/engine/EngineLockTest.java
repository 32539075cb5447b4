package io.rootctl.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootctl.apply.ApplyOptions;
import io.rootctl.apply.Executor;
import io.rootctl.cloud.RootSession;
import io.rootctl.cloud.RootSessionClient;
import io.rootctl.desired.DesiredState;
import io.rootctl.desired.yaml.LoadResult;
import io.rootctl.lock.InMemoryLockObject;
import io.rootctl.lock.LockOwner;
import io.rootctl.lock.LockedWrites;
import io.rootctl.lock.ManualRenewals;
import io.rootctl.lock.S3WriterLock;
import io.rootctl.observe.LiveStateReader;
import io.rootctl.plan.Planner;
import io.rootctl.sim.InMemoryCloud;
import io.rootctl.testing.ManualClock;
import io.rootctl.testing.RecordingAuditLog;
import io.rootctl.testing.TwinEngine;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The controller's run and the writer lock: taken only to apply, and writes stop once lost. */
class EngineLockTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T09:00:00Z"));
  private final InMemoryCloud cloud = InMemoryCloud.demo(clock);
  private final InMemoryLockObject object = new InMemoryLockObject();
  private final ManualRenewals renewals = new ManualRenewals();
  private final S3WriterLock lock = writer("controller");
  private final RecordingAuditLog journal = new RecordingAuditLog();
  private Runnable afterFirstWrite = () -> {};

  private S3WriterLock writer(String holder) {
    return new S3WriterLock(
        object,
        new LockOwner(holder, holder + "-host", 1, "rootctl " + holder),
        clock,
        renewals,
        Duration.ofMinutes(2));
  }

  /** The executor's sessions, with a hook after the first write of the run. */
  private RootSessionClient hooked(RootSessionClient delegate) {
    var fired = new AtomicBoolean();
    return (account, policy, duration) -> {
      var session = delegate.open(account, policy, duration);
      return (RootSession)
          Proxy.newProxyInstance(
              RootSession.class.getClassLoader(),
              new Class<?>[] {RootSession.class},
              (proxy, method, args) -> {
                Object result;
                try {
                  result = method.invoke(session, args);
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
                var name = method.getName();
                if ((name.startsWith("delete")
                        || name.startsWith("deactivate")
                        || name.startsWith("create"))
                    && fired.compareAndSet(false, true)) {
                  afterFirstWrite.run();
                }
                return result;
              });
    };
  }

  private Engine engine() {
    var retrier = TwinEngine.retrier(clock);
    var reader = new LiveStateReader(cloud, cloud, retrier, TwinEngine.READ);
    var executor =
        new Executor(
            LockedWrites.organization(cloud, lock),
            LockedWrites.sessions(hooked(cloud), lock),
            reader,
            journal,
            retrier,
            clock);
    return new Engine(reader, executor, new Planner(), clock, id -> {}, lock, count -> {});
  }

  private DesiredState desired(Engine engine) {
    return ((LoadResult.Valid) engine.load(Path.of("desired-state"))).desired();
  }

  private static Engine.ReconcileOptions options(boolean observe) {
    return new Engine.ReconcileOptions(
        "run-1", observe, OptionalInt.empty(), new ApplyOptions("run-1", 1, 3));
  }

  private long writes() {
    return cloud
        .journal()
        .count(
            k ->
                k.operation().startsWith("iam:Delete")
                    || k.operation().startsWith("iam:Deactivate")
                    || k.operation().equals("iam:CreateLoginProfile"));
  }

  @Test
  void anEnforcingRunTakesTheLockToApplyAndReleasesIt() {
    var engine = engine();
    var report = engine.reconcileOnce(desired(engine), options(false));

    assertThat(report.status()).as(report.message()).isEqualTo(RunReport.Status.CONVERGED);
    assertThat(object.writes)
        .as("created, renewed once after the last write (confirm), then deleted")
        .isEqualTo(3);
    assertThat(object.read()).isEmpty();
  }

  @Test
  void observeModeAndAnInSyncRunTakeNoLock() {
    var engine = engine();
    var observed = engine.reconcileOnce(desired(engine), options(true));
    assertThat(observed.status()).isEqualTo(RunReport.Status.OBSERVED);
    assertThat(object.writes).isZero();

    engine.reconcileOnce(desired(engine), options(false));
    int afterApply = object.writes;
    var inSync = engine.reconcileOnce(desired(engine), options(false));
    assertThat(inSync.status()).isEqualTo(RunReport.Status.IN_SYNC);
    assertThat(object.writes).isEqualTo(afterApply);
  }

  @Test
  void aRunWhileAnotherWriterHoldsTheLockWritesNothingAndSaysWhoHoldsIt() {
    var engine = engine();
    writer("bob").acquire("rev-of-bob");

    var report = engine.reconcileOnce(desired(engine), options(false));

    assertThat(report.status()).isEqualTo(RunReport.Status.FAILED_RETRYABLE);
    assertThat(report.message())
        .contains("not applied")
        .contains("held by bob on bob-host")
        .contains("rootctl bob")
        .contains("rev-of-bob");
    assertThat(writes()).isZero();
  }

  @Test
  void aLockLostMidApplyStopsTheWritesAndFailsTheRun() {
    var engine = engine();
    afterFirstWrite =
        () -> {
          object.overwrite("{\"taken\":\"over\"}");
          renewals.runAll();
        };

    var report = engine.reconcileOnce(desired(engine), options(false));

    assertThat(writes()).as("only the write before the loss").isEqualTo(1);
    assertThat(report.status()).isEqualTo(RunReport.Status.FAILED_RETRYABLE);
    assertThat(report.message()).contains("writer lock was lost").contains("changed by someone");
  }

  /** A write a killed run journalled as started and never finished: recovery re-reads it. */
  private void interruptedWrite() {
    journal.record(
        new io.rootctl.audit.AuditEntry(
            "run-0/1",
            "run-0",
            java.util.Optional.of(io.rootctl.model.AccountId.of("333344445555")),
            java.util.Optional.of(io.rootctl.model.TaskPolicy.DELETE_ROOT_USER_CREDENTIALS),
            "iam:DeleteAccessKey",
            "AKIAEXAMPLEBRKGLS001",
            "sha256:000000000000",
            io.rootctl.audit.AuditResult.STARTED,
            java.util.Optional.empty(),
            java.util.Optional.empty()));
  }

  @Test
  void crashRecoveryRunsUnderTheLockAndWaitsWhileAnotherWriterHoldsIt() {
    var engine = engine();
    interruptedWrite();
    writer("bob").acquire("rev-of-bob");

    var refused = engine.reconcileOnce(desired(engine), options(false));

    assertThat(refused.status()).isEqualTo(RunReport.Status.FAILED_RETRYABLE);
    assertThat(refused.message()).contains("not recovered").contains("held by bob on bob-host");
    assertThat(new io.rootctl.audit.Journal(journal.entries()).unfinished())
        .as("left for the next run, which holds the lock")
        .hasSize(1);
    assertThat(writes()).isZero();
  }

  @Test
  void crashRecoveryTakesTheLockOnlyWhenTheJournalShowsSomethingToRecover() {
    var engine = engine();
    interruptedWrite();

    var report = engine.reconcileOnce(desired(engine), options(false));

    assertThat(report.status()).as(report.message()).isEqualTo(RunReport.Status.CONVERGED);
    assertThat(new io.rootctl.audit.Journal(journal.entries()).unfinished()).isEmpty();
    assertThat(object.writes)
        .as("taken and released for recovery (2), then for the apply (3, with its confirm)")
        .isEqualTo(5);
  }
}
