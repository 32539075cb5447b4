package io.rootctl.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootctl.audit.AuditEntry;
import io.rootctl.audit.AuditResult;
import io.rootctl.audit.Journal;
import io.rootctl.cloud.Backoff;
import io.rootctl.cloud.Retrier;
import io.rootctl.model.AccountId;
import io.rootctl.model.TaskPolicy;
import io.rootctl.observe.LiveStateReader;
import io.rootctl.observe.ReadOptions;
import io.rootctl.sim.Fixture;
import io.rootctl.sim.InMemoryCloud;
import io.rootctl.testing.ManualClock;
import io.rootctl.testing.RecordingAuditLog;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Crash recovery over the in-process twin of AWS: the journal an apply killed at a given point
 * leaves behind, and what recovery makes of it.
 */
class RecoveryTest {
  private static final AccountId PAYMENTS = AccountId.of("555555555555");
  private static final String SERIAL = "arn:aws:iam::555555555555:mfa/root-account-mfa-device";
  private static final String KEY = "AKIAEXAMPLEPAYMNT001";

  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T09:00:00Z"));
  private final RecordingAuditLog audit = new RecordingAuditLog();
  private final Retrier retrier = new Retrier(Backoff.DEFAULT, clock::advance, () -> 0.5);
  private final ApplyOptions options = new ApplyOptions("recover-1", 4, 3);
  private final InMemoryCloud cloud = InMemoryCloud.demo(clock);

  private Executor executor() {
    var reader =
        new LiveStateReader(cloud, cloud, retrier, new ReadOptions(4, 5, Duration.ofSeconds(60)));
    return new Executor(cloud, cloud, reader, audit, retrier, clock);
  }

  private static AuditEntry started(String id, String action, String target) {
    return new AuditEntry(
        id,
        "apply-killed",
        Optional.of(PAYMENTS),
        Optional.of(TaskPolicy.DELETE_ROOT_USER_CREDENTIALS),
        action,
        target,
        "rev-1",
        AuditResult.STARTED,
        Optional.empty(),
        Optional.empty());
  }

  private void ok(AuditEntry started) {
    audit.record(started.outcome("apply-killed", AuditResult.OK, Optional.empty()));
  }

  /** The virtual MFA devices the account holds, assigned or not (the emulator's state). */
  private List<Fixture.MfaDevice> virtualDevices() {
    return cloud.organization().snapshot().accounts().stream()
        .filter(a -> a.id().equals(PAYMENTS.value()))
        .map(Fixture.Account::root)
        .filter(Objects::nonNull)
        .flatMap(r -> Objects.requireNonNull(r.mfaDevices()).stream())
        .filter(m -> m.serial().equals(SERIAL))
        .toList();
  }

  /** What a kill right after DeactivateMFADevice was answered, or during the delete, leaves. */
  private void deactivateThenKill(boolean deleteStarted) {
    try (var s =
        cloud.open(PAYMENTS, TaskPolicy.DELETE_ROOT_USER_CREDENTIALS, Duration.ofMinutes(5))) {
      s.deactivateMfaDevice(SERIAL);
    }
    var deactivate = started("apply-killed/1", "iam:DeactivateMFADevice", SERIAL);
    audit.record(deactivate);
    ok(deactivate);
    if (deleteStarted) {
      audit.record(started("apply-killed/2", "iam:DeleteVirtualMFADevice", SERIAL));
    }
  }

  @Test
  void deletesAVirtualMfaDeviceLeftDeactivatedByAKillDuringItsDeletion() {
    deactivateThenKill(true);
    assertThat(virtualDevices()).as("deactivated, not deleted: no plan sees it").hasSize(1);

    var report = executor().recover(options, account -> true);

    assertThat(report.clean()).as(report.toString()).isTrue();
    assertThat(report.orphans()).isEqualTo(1);
    assertThat(virtualDevices()).isEmpty();
    assertThat(new Journal(audit.entries()).unfinished())
        .as("every started write has an outcome")
        .isEmpty();
    var recoveryWrite =
        audit.entries().stream()
            .filter(e -> e.runId().equals("recover-1") && e.result() == AuditResult.STARTED)
            .toList();
    assertThat(recoveryWrite)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.action()).isEqualTo("iam:DeleteVirtualMFADevice");
              assertThat(e.taskPolicy()).contains(TaskPolicy.DELETE_ROOT_USER_CREDENTIALS);
              assertThat(e.recovers()).contains("apply-killed/2");
            });
    assertThat(new Journal(audit.entries()).outcome("apply-killed/2"))
        .get()
        .satisfies(
            e -> {
              assertThat(e.result()).isEqualTo(AuditResult.FAILED);
              assertThat(e.error().orElseThrow().code()).isEqualTo("Interrupted");
            });
  }

  @Test
  void deletesAVirtualMfaDeviceWhoseDeletionNeverStarted() {
    deactivateThenKill(false);

    var report = executor().recover(options, account -> true);

    assertThat(report.clean()).as(report.toString()).isTrue();
    assertThat(virtualDevices()).isEmpty();
    assertThat(Recovery.orphans(new Journal(audit.entries()))).isEmpty();
  }

  @Test
  void leavesTheDeviceWhenTheDesiredStateNoLongerWantsMfaAbsent() {
    deactivateThenKill(true);

    var report = executor().recover(options, account -> false);

    assertThat(report.clean()).isFalse();
    assertThat(report.left()).singleElement().asString().contains(SERIAL);
    assertThat(virtualDevices())
        .as("fail closed: no write the desired state does not allow")
        .hasSize(1);
    assertThat(cloud.journal().count("iam:DeleteVirtualMFADevice", "OK")).isZero();
    assertThat(new Journal(audit.entries()).unfinished()).hasSize(1);
  }

  @Test
  void reVerifiesOtherUnfinishedWritesByAFreshReadAndWritesNothing() {
    var notMade = started("apply-killed/1", "iam:DeleteAccessKey", KEY);
    audit.record(notMade);
    var certificate = cloud.organization().addRootSigningCertificate(PAYMENTS);
    var made = started("apply-killed/2", "iam:DeleteSigningCertificate", certificate);
    audit.record(made);
    try (var s =
        cloud.open(PAYMENTS, TaskPolicy.DELETE_ROOT_USER_CREDENTIALS, Duration.ofMinutes(5))) {
      s.deleteSigningCertificate(certificate);
    }
    var writesBefore = cloud.journal().count(k -> k.operation().startsWith("iam:Delete"));

    var report = executor().recover(options, account -> true);

    assertThat(report.clean()).as(report.toString()).isTrue();
    assertThat(report.unfinished()).isEqualTo(2);
    var journal = new Journal(audit.entries());
    assertThat(journal.unfinished()).isEmpty();
    assertThat(journal.outcome("apply-killed/1").orElseThrow().result())
        .as("the key is still there: the write did not happen")
        .isEqualTo(AuditResult.FAILED);
    assertThat(journal.outcome("apply-killed/2").orElseThrow().result()).isEqualTo(AuditResult.OK);
    assertThat(journal.outcome("apply-killed/2").orElseThrow().runId()).isEqualTo("recover-1");
    assertThat(cloud.journal().count(k -> k.operation().startsWith("iam:Delete")))
        .as("re-verification only reads")
        .isEqualTo(writesBefore);
  }

  @Test
  void anInterruptedUnlockIsClosedWithoutAReadAndDoesNotBlockLaterApplies() {
    var unlock =
        new AuditEntry(
            "unlock-1/1",
            "unlock-1",
            Optional.of(PAYMENTS),
            Optional.of(TaskPolicy.S3_UNLOCK_BUCKET_POLICY),
            "s3:DeleteBucketPolicy",
            "locked-data",
            "",
            AuditResult.STARTED,
            Optional.empty(),
            Optional.empty());
    audit.record(unlock);
    var calls = cloud.journal().total();

    var report = executor().recover(options, account -> true);

    assertThat(report.clean()).as(report.toString()).isTrue();
    assertThat(report.done()).singleElement().asString().contains("rootctl unlock");
    var outcome = new Journal(audit.entries()).outcome("unlock-1/1").orElseThrow();
    assertThat(outcome.result()).isEqualTo(AuditResult.FAILED);
    assertThat(outcome.error().orElseThrow().message()).contains("unknown");
    assertThat(cloud.journal().total()).as("no AWS call").isEqualTo(calls);
  }

  @Test
  void aJournalWithNothingUnfinishedNeedsNoAwsCall() {
    var done = started("apply-1/1", "iam:DeleteAccessKey", KEY);
    audit.record(done);
    ok(done);
    var calls = cloud.journal().total();

    var report = executor().recover(options, account -> true);

    assertThat(report.any()).isFalse();
    assertThat(cloud.journal().total()).isEqualTo(calls);
  }
}
