package io.rootctl.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootctl.apply.ApplyOptions;
import io.rootctl.audit.AuditEntry;
import io.rootctl.audit.AuditResult;
import io.rootctl.audit.Journal;
import io.rootctl.cloud.RootSessionClient;
import io.rootctl.cloud.cache.CachingRootSessionClient;
import io.rootctl.desired.DesiredState;
import io.rootctl.desired.yaml.LoadResult;
import io.rootctl.model.AccountId;
import io.rootctl.model.CredentialKind;
import io.rootctl.model.TaskPolicy;
import io.rootctl.plan.PlanOutcome;
import io.rootctl.plan.Targets;
import io.rootctl.sim.Fixture;
import io.rootctl.sim.InMemoryCloud;
import io.rootctl.testing.ManualClock;
import io.rootctl.testing.RecordingAuditLog;
import io.rootctl.testing.TwinEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The engine's reconcile over the in-process twin, with the top-level example desired state. */
class EngineTest {
  private static final AccountId PAYMENTS = AccountId.of("555555555555");

  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T09:00:00Z"));
  private final InMemoryCloud cloud = InMemoryCloud.demo(clock);
  private final RecordingAuditLog audit = new RecordingAuditLog();

  private Engine engine(RootSessionClient planningSessions, Consumer<AccountId> forget) {
    return TwinEngine.of(cloud, clock, audit, planningSessions, forget);
  }

  private final Engine engine = engine(cloud, id -> {});

  private DesiredState desired() {
    var loaded = engine.load(Path.of("desired-state"));
    assertThat(loaded).isInstanceOf(LoadResult.Valid.class);
    return ((LoadResult.Valid) loaded).desired();
  }

  private static Engine.ReconcileOptions options(boolean observe, OptionalInt maxActions) {
    return new Engine.ReconcileOptions(
        "run-1", observe, maxActions, new ApplyOptions("run-1", 4, 3));
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
  void convergesTheDemoOrganizationThenFindsNothingToDo() {
    var first = engine.reconcileOnce(desired(), options(false, OptionalInt.empty()));

    assertThat(first.status()).as(first.message()).isEqualTo(RunReport.Status.CONVERGED);
    assertThat(first.counts())
        .containsEntry(AccountSyncStatus.IN_SYNC, 9)
        .containsEntry(AccountSyncStatus.SKIPPED, 2) // the management account and old-project
        .containsEntry(AccountSyncStatus.DRIFTED, 0)
        .containsEntry(AccountSyncStatus.FAILED, 0);
    assertThat(first.credentialsPresent())
        .as("break-glass keeps its unmanaged password and MFA; sandboxes have recovery profiles")
        .containsEntry(CredentialKind.ACCESS_KEYS, 0)
        .containsEntry(CredentialKind.MFA_DEVICES, 1)
        .containsEntry(CredentialKind.PASSWORD, 3);
    assertThat(first.exceptionExpiries()).containsKey(AccountId.of("333344445555"));

    var second = engine.reconcileOnce(desired(), options(false, OptionalInt.empty()));
    assertThat(second.status()).isEqualTo(RunReport.Status.IN_SYNC);
    assertThat(second.credentialsPresent()).isEqualTo(first.credentialsPresent());
  }

  @Test
  void observeModeReportsDriftAndWritesNothing() {
    var report = engine.reconcileOnce(desired(), options(true, OptionalInt.empty()));

    assertThat(report.status()).isEqualTo(RunReport.Status.OBSERVED);
    assertThat(report.accounts()).containsEntry(PAYMENTS, AccountSyncStatus.DRIFTED);
    assertThat(report.counts()).containsEntry(AccountSyncStatus.DRIFTED, 4);
    assertThat(writes()).isZero();
  }

  @Test
  void aRunOverTheGuardWritesNothing() {
    var report = engine.reconcileOnce(desired(), options(false, OptionalInt.of(2)));

    assertThat(report.status()).isEqualTo(RunReport.Status.GUARD_BLOCKED);
    assertThat(report.message()).contains("--max-actions");
    assertThat(report.status().kind()).isEqualTo(RunReport.Kind.TERMINAL);
    assertThat(writes()).isZero();
  }

  @Test
  void aPlanFromCachedReadsThatTurnsOutStaleIsRemadeFromFreshReads() {
    var cached =
        new CachingRootSessionClient(cloud, Duration.ofHours(1), Duration.ofSeconds(60), clock);
    var withCache = engine(cached, cached::invalidate);
    withCache.reconcileOnce(desired(), options(true, OptionalInt.empty())); // warms the cache

    var newKey = cloud.organization().addRootAccessKey(PAYMENTS); // drift the cache has not seen
    var report = withCache.reconcileOnce(desired(), options(false, OptionalInt.empty()));

    assertThat(report.status()).as(report.message()).isEqualTo(RunReport.Status.CONVERGED);
    assertThat(cloud.organization().rootCredentials(PAYMENTS).accessKeys())
        .as("the key added after the cached read was deleted too: " + newKey)
        .isEmpty();
  }

  @Test
  void aStalePlanRemadeWithNoChangesIsStillPartialWhileAnAccountCannotBeRead() {
    var logArchive = AccountId.of("222222222222");
    cloud
        .organization()
        .failAlways(
            "sts:AssumeRoot",
            logArchive,
            new io.rootctl.sim.SimException("AccessDenied", 403, "explicit deny in an SCP"));
    var cached =
        new CachingRootSessionClient(cloud, Duration.ofHours(1), Duration.ofSeconds(60), clock);
    var withCache = engine(cached, cached::invalidate);
    withCache.reconcileOnce(desired(), options(true, OptionalInt.empty())); // caches the drift
    engine.reconcileOnce(desired(), options(false, OptionalInt.empty())); // repaired elsewhere

    var report = withCache.reconcileOnce(desired(), options(false, OptionalInt.empty()));

    assertThat(report.message()).contains("no changes after a fresh read");
    assertThat(report.status()).as(report.message()).isEqualTo(RunReport.Status.PARTIAL);
    assertThat(report.accounts()).containsEntry(logArchive, AccountSyncStatus.UNREADABLE);
  }

  @Test
  void aDesiredStateNamingAnUnknownAccountIsRefusedWithoutWrites() {
    var desired = desired();
    var bogus =
        new io.rootctl.desired.AccountSpec(
            new io.rootctl.desired.SourceLocation("accounts/ghost.yaml", 1, 1),
            "ghost",
            AccountId.of("123412341234"),
            io.rootctl.desired.PolicySettings.none(),
            java.util.Optional.empty());
    var withGhost =
        new DesiredState(
            desired.revision(),
            desired.organization(),
            desired.units(),
            java.util.stream.Stream.concat(
                    desired.accounts().stream(), java.util.stream.Stream.of(bogus))
                .toList());

    var report = engine.reconcileOnce(withGhost, options(false, OptionalInt.empty()));

    assertThat(report.status()).isEqualTo(RunReport.Status.REFUSED);
    assertThat(report.problems())
        .anySatisfy(
            p ->
                assertThat(p.toString())
                    .startsWith("accounts/ghost.yaml:1:1: account 123412341234"));
    assertThat(writes()).isZero();
  }

  @Test
  void aTargetedPlanOpensARootSessionInTheTargetedAccountOnly() {
    var request = new Engine.PlanRequest(Targets.parse(List.of("account:" + PAYMENTS)), false);

    var report = engine.plan(desired(), request);

    assertThat(report.outcome()).isInstanceOf(PlanOutcome.Planned.class);
    var plan = ((PlanOutcome.Planned) report.outcome()).plan();
    assertThat(plan.accounts())
        .singleElement()
        .satisfies(c -> assertThat(c.account()).isEqualTo(PAYMENTS));
    assertThat(report.live().roots().keySet()).containsExactly(PAYMENTS);
    assertThat(cloud.journal().count(k -> k.operation().equals("sts:AssumeRoot")))
        .as("one IAMAuditRootUserCredentials session, in the targeted account")
        .isEqualTo(1);
  }

  /** What an apply killed between deactivating and deleting a virtual MFA device leaves. */
  private void deactivatedThenKilled(AccountId account, String serial, String writeId) {
    try (var session =
        cloud.open(account, TaskPolicy.DELETE_ROOT_USER_CREDENTIALS, Duration.ofMinutes(5))) {
      session.deactivateMfaDevice(serial);
    }
    var started =
        new AuditEntry(
            writeId,
            "apply-killed",
            Optional.of(account),
            Optional.of(TaskPolicy.DELETE_ROOT_USER_CREDENTIALS),
            "iam:DeactivateMFADevice",
            serial,
            "rev-0",
            AuditResult.STARTED,
            Optional.empty(),
            Optional.empty());
    audit.record(started);
    audit.record(started.outcome("apply-killed", AuditResult.OK, Optional.empty()));
  }

  private boolean holds(AccountId account, String serial) {
    return cloud.organization().snapshot().accounts().stream()
        .filter(a -> a.id().equals(account.value()) && a.root() != null)
        .flatMap(
            a -> Objects.requireNonNull(Objects.requireNonNull(a.root()).mfaDevices()).stream())
        .map(Fixture.MfaDevice::serial)
        .anyMatch(serial::equals);
  }

  @Test
  void recoveryDeletesAnOrphanedVirtualMfaDeviceOnlyWhereTheDesiredStateStillWantsItAbsent() {
    // payments: root MFA absent in the desired state; break-glass: its MFA is left alone
    var breakGlass = AccountId.of("333344445555");
    var kept = cloud.organization().addRootMfaDevice(breakGlass, true);
    var orphan = "arn:aws:iam::555555555555:mfa/root-account-mfa-device";
    deactivatedThenKilled(PAYMENTS, orphan, "apply-killed/1");
    deactivatedThenKilled(breakGlass, kept, "apply-killed/2");

    var report = engine.recover(desired(), new ApplyOptions("run-2", 4, 3), true);

    assertThat(holds(PAYMENTS, orphan)).as("deleted by recovery").isFalse();
    assertThat(holds(breakGlass, kept)).as("fail closed: MFA is not absent there").isTrue();
    assertThat(report.left()).singleElement().asString().contains(kept);
    assertThat(cloud.journal().count("iam:DeleteVirtualMFADevice", "OK")).isEqualTo(1);
  }

  @Test
  void recoveryInForcedObserveModeDeletesNothing() {
    var orphan = "arn:aws:iam::555555555555:mfa/root-account-mfa-device";
    deactivatedThenKilled(PAYMENTS, orphan, "apply-killed/1");

    var report = engine.recover(desired(), new ApplyOptions("run-2", 4, 3), false);

    assertThat(report.clean()).isFalse();
    assertThat(holds(PAYMENTS, orphan)).isTrue();
    assertThat(new Journal(audit.entries()).unfinished()).isEmpty();
  }
}
