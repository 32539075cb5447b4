package io.rootctl.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootctl.apply.ApplyOptions;
import io.rootctl.desired.DesiredState;
import io.rootctl.desired.yaml.LoadResult;
import io.rootctl.engine.AccountSyncStatus;
import io.rootctl.engine.Engine;
import io.rootctl.engine.RunReport;
import io.rootctl.metrics.AccountSyncState;
import io.rootctl.metrics.DriftSnapshot;
import io.rootctl.model.AccountId;
import io.rootctl.model.OrgFeature;
import io.rootctl.sim.InMemoryCloud;
import io.rootctl.sim.SimException;
import io.rootctl.testing.ManualClock;
import io.rootctl.testing.RecordingAuditLog;
import io.rootctl.testing.TwinEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The drift gauges from real reports of the engine over the in-process twin, on a manual clock. */
class DriftTrackerTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T09:00:00Z"));
  private final InMemoryCloud cloud = InMemoryCloud.demo(clock);
  private final Engine engine = TwinEngine.of(cloud, clock, new RecordingAuditLog());
  private final DriftTracker tracker = new DriftTracker();

  private DesiredState desired() {
    return ((LoadResult.Valid) engine.load(Path.of("desired-state"))).desired();
  }

  private RunReport run(boolean observe) {
    return engine.reconcileOnce(
        desired(),
        new Engine.ReconcileOptions(
            "run", observe, OptionalInt.empty(), new ApplyOptions("run", 2, 3)));
  }

  private static Map<String, Long> ages(DriftSnapshot s) {
    return s.accounts().stream()
        .filter(DriftSnapshot.AccountDrift::drifted)
        .collect(Collectors.toMap(a -> a.account().value(), a -> a.driftAge().toSeconds()));
  }

  @Test
  void driftAgeCountsFromTheFirstRunThatSawTheDriftAndEndsWhenItIsRepaired() {
    var first = tracker.update(run(true), clock.instant()).orElseThrow();
    clock.advance(Duration.ofMinutes(5));
    var second = tracker.update(run(true), clock.instant()).orElseThrow();

    assertThat(ages(first))
        .containsOnlyKeys("333344445555", "555555555555", "666666666666", "777777777777")
        .allSatisfy((id, age) -> assertThat(age).isZero());
    assertThat(ages(second)).allSatisfy((id, age) -> assertThat(age).isEqualTo(300));
    assertThat(second.states())
        .containsEntry(AccountSyncState.DRIFTED, 4)
        .containsEntry(AccountSyncState.IN_SYNC, 5)
        .containsEntry(AccountSyncState.SKIPPED, 2);
    assertThat(second.accounts()).as("one row per active member account").hasSize(9);
    assertThat(second.accounts())
        .filteredOn(a -> a.account().value().equals("555555555555"))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.name()).isEqualTo("prod-payments");
              assertThat(a.ou()).isEqualTo("/Root/Workloads/Prod");
            });
    assertThat(second.features()).containsEntry(OrgFeature.ROOT_SESSIONS, true);
    assertThat(second.exceptionExpiries())
        .as("an exception lapses at the end of its expiry day, UTC")
        .containsEntry(AccountId.of("333344445555"), Instant.parse("2027-02-01T00:00:00Z"));
    assertThat(second.exceptions())
        .as("joinable: account name, owner and ticket of each active exception")
        .containsEntry(
            AccountId.of("333344445555"),
            new DriftSnapshot.ExceptionInfo(
                "break-glass",
                "security@example.com",
                java.util.Optional.of("SEC-1234"),
                Instant.parse("2027-02-01T00:00:00Z")));

    clock.advance(Duration.ofMinutes(5));
    var repaired = tracker.update(run(false), clock.instant()).orElseThrow();
    assertThat(ages(repaired)).isEmpty();
    assertThat(tracker.driftedSince()).isEmpty();

    clock.advance(Duration.ofMinutes(5));
    var key = cloud.organization().addRootAccessKey(AccountId.of("222222222222"));
    var again = tracker.update(run(true), clock.instant()).orElseThrow();
    assertThat(ages(again))
        .as("new drift (%s) starts from zero", key)
        .containsExactly(Map.entry("222222222222", 0L));
  }

  private static final AccountId STAGING = AccountId.of("666666666666");
  private static final AccountId LOG_ARCHIVE = AccountId.of("222222222222");

  /** An SCP in {@code account} that denies the audit session. */
  private void denyAssumeRoot(AccountId account) {
    cloud
        .organization()
        .failAlways(
            "sts:AssumeRoot",
            account,
            new SimException(
                "AccessDenied",
                403,
                "User: arn:aws:iam::111111111111:user/rootctl is not authorized to perform:"
                    + " sts:AssumeRoot with an explicit deny in a service control policy"));
  }

  private static DriftSnapshot.AccountDrift row(DriftSnapshot s, AccountId id) {
    return s.accounts().stream().filter(a -> a.account().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void anUnmetMfaRequirementIsNeedsPersonNeverInSyncUntilADeviceIsAdded() throws Exception {
    var dir = java.nio.file.Files.createTempDirectory("mfa-required");
    try (var files = java.nio.file.Files.walk(Path.of("desired-state"))) {
      for (var f : files.toList()) {
        var to = dir.resolve(Path.of("desired-state").relativize(f).toString());
        if (java.nio.file.Files.isDirectory(f)) {
          java.nio.file.Files.createDirectories(to);
        } else {
          java.nio.file.Files.copy(f, to);
        }
      }
    }
    java.nio.file.Files.writeString(
        dir.resolve("accounts/log-archive.yaml"),
        """
        apiVersion: rootctl.io/v1
        kind: Account
        metadata: {name: log-archive}
        spec:
          account: "222222222222"
          rootCredentials: {mfaDevices: required}
          exception: {reason: break-glass, owner: security@example.com, expires: 2099-01-31}
        """);
    var desired = ((LoadResult.Valid) engine.load(dir)).desired();
    var options =
        new Engine.ReconcileOptions(
            "run", false, OptionalInt.empty(), new ApplyOptions("run", 2, 3));

    var converged = engine.reconcileOnce(desired, options);
    var report = engine.reconcileOnce(desired, options);
    var snapshot = tracker.update(report, clock.instant()).orElseThrow();

    assertThat(converged.accounts()).containsEntry(LOG_ARCHIVE, AccountSyncStatus.NEEDS_PERSON);
    assertThat(report.status()).as(report.message()).isEqualTo(RunReport.Status.NEEDS_PERSON);
    assertThat(report.message()).contains("1 account(s) need a person");
    assertThat(snapshot.states())
        .containsEntry(AccountSyncState.NEEDS_PERSON, 1)
        .containsEntry(AccountSyncState.DRIFTED, 0);
    assertThat(snapshot.requirementsUnmet())
        .containsExactly(Map.entry(LOG_ARCHIVE, java.util.Set.of("mfaDevices")));
    assertThat(row(snapshot, LOG_ARCHIVE).drifted()).as("not in sync").isTrue();

    cloud.organization().addRootMfaDevice(LOG_ARCHIVE, true);
    var met = engine.reconcileOnce(desired, options);
    var after = tracker.update(met, clock.instant()).orElseThrow();
    assertThat(met.status()).isEqualTo(RunReport.Status.IN_SYNC);
    assertThat(after.requirementsUnmet()).isEmpty();
    assertThat(after.states()).containsEntry(AccountSyncState.NEEDS_PERSON, 0);
    assertThat(row(after, LOG_ARCHIVE).drifted()).isFalse();
  }

  @Test
  void anUnreadableAccountKeepsItsLastKnownDriftMarkedStaleUntilItIsReadAgain() {
    var start = clock.instant();
    var first = tracker.update(run(true), clock.instant()).orElseThrow();
    assertThat(row(first, STAGING).drifted()).isTrue();
    clock.advance(Duration.ofMinutes(5));
    denyAssumeRoot(STAGING);

    var report = run(true);
    var stale = tracker.update(report, clock.instant()).orElseThrow();

    assertThat(report.status()).as(report.message()).isEqualTo(RunReport.Status.PARTIAL);
    assertThat(stale.states())
        .containsEntry(AccountSyncState.UNREADABLE, 1)
        .containsEntry(AccountSyncState.DRIFTED, 3)
        .containsEntry(AccountSyncState.IN_SYNC, 5);
    assertThat(stale.accounts()).as("no series dropped").hasSize(9);
    assertThat(row(stale, STAGING))
        .as("last known: drifted, its age still counting")
        .satisfies(
            a -> {
              assertThat(a.drifted()).isTrue();
              assertThat(a.driftAge()).isEqualTo(Duration.ofMinutes(5));
              assertThat(a.name()).isEqualTo("staging");
            });
    assertThat(stale.unreadable()).containsExactly(Map.entry(STAGING, Duration.ZERO));
    assertThat(stale.credentialsPresent())
        .as("what staging held when last read still counts")
        .isEqualTo(first.credentialsPresent());
    assertThat(tracker.unreadable())
        .containsExactly(
            Map.entry(
                STAGING,
                new DriftTracker.Stale(
                    clock.instant(),
                    java.util.Optional.of(start),
                    java.util.Optional.of(true),
                    java.util.Optional.of(start))));

    clock.advance(Duration.ofMinutes(5));
    var still = tracker.update(run(true), clock.instant()).orElseThrow();
    assertThat(still.unreadable()).containsExactly(Map.entry(STAGING, Duration.ofMinutes(5)));
    assertThat(row(still, STAGING).driftAge()).isEqualTo(Duration.ofMinutes(10));

    cloud.organization().stopFailing("sts:AssumeRoot", STAGING);
    clock.advance(Duration.ofMinutes(5));
    var readAgain = run(true);
    var fresh = tracker.update(readAgain, clock.instant()).orElseThrow();
    assertThat(readAgain.status()).isEqualTo(RunReport.Status.OBSERVED);
    assertThat(fresh.unreadable()).as("the stale mark clears").isEmpty();
    assertThat(tracker.unreadable()).isEmpty();
    assertThat(fresh.states()).containsEntry(AccountSyncState.UNREADABLE, 0);
    assertThat(row(fresh, STAGING).driftAge())
        .as("drifted since the first run that saw it")
        .isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void anAccountNeverReadIsUnreadableWithoutADriftRowNeverInSync() {
    denyAssumeRoot(LOG_ARCHIVE);

    var report = run(true);
    var snapshot = tracker.update(report, clock.instant()).orElseThrow();

    assertThat(report.status()).isEqualTo(RunReport.Status.PARTIAL);
    assertThat(snapshot.states())
        .containsEntry(AccountSyncState.UNREADABLE, 1)
        .containsEntry(AccountSyncState.IN_SYNC, 4);
    assertThat(snapshot.accounts()).extracting(a -> a.account()).doesNotContain(LOG_ARCHIVE);
    assertThat(snapshot.unreadable()).containsOnlyKeys(LOG_ARCHIVE);
    assertThat(tracker.unreadable().get(LOG_ARCHIVE).lastKnownDrifted()).isEmpty();
    assertThat(tracker.unreadable().get(LOG_ARCHIVE).lastReadAt()).isEmpty();

    cloud.organization().stopFailing("sts:AssumeRoot", LOG_ARCHIVE);
    var read = tracker.update(run(true), clock.instant()).orElseThrow();
    assertThat(row(read, LOG_ARCHIVE).drifted()).isFalse();
    assertThat(read.unreadable()).isEmpty();
  }

  @Test
  void aRunThatCouldNotReadTheOrganizationLeavesTheGaugesAlone() {
    var report =
        new RunReport(
            "r",
            "rev",
            clock.instant(),
            clock.instant(),
            RunReport.Status.FAILED_RETRYABLE,
            "throttled",
            java.util.Optional.empty(),
            java.util.Optional.empty(),
            java.util.List.of(),
            java.util.Optional.empty(),
            java.util.Optional.empty(),
            Map.of());

    assertThat(tracker.update(report, clock.instant())).isEmpty();
  }

  @Test
  void aLoginProfileIsCountedApartFromAConsolePassword() {
    var profile = java.util.Optional.of(new io.rootctl.live.LoginProfile(Instant.EPOCH, false));
    var withoutPassword =
        new io.rootctl.live.RootCredentials(
            profile,
            java.util.Optional.of(false),
            java.util.List.of(),
            java.util.List.of(),
            java.util.List.of());
    var withPassword =
        new io.rootctl.live.RootCredentials(
            profile,
            java.util.Optional.of(true),
            java.util.List.of(),
            java.util.List.of(),
            java.util.List.of());
    var unknown =
        new io.rootctl.live.RootCredentials(
            profile,
            java.util.Optional.empty(),
            java.util.List.of(),
            java.util.List.of(),
            java.util.List.of());

    assertThat(DriftTracker.present(withoutPassword))
        .containsExactly(io.rootctl.metrics.PresentKind.LOGIN_PROFILE);
    assertThat(DriftTracker.present(withPassword))
        .containsExactly(
            io.rootctl.metrics.PresentKind.LOGIN_PROFILE, io.rootctl.metrics.PresentKind.PASSWORD);
    assertThat(DriftTracker.present(unknown))
        .as("AccountPasswordPresent not read: no password claimed")
        .containsExactly(io.rootctl.metrics.PresentKind.LOGIN_PROFILE);
  }
}
