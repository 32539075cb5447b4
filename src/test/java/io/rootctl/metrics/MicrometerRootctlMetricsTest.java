package io.rootctl.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.rootctl.model.AccountId;
import io.rootctl.model.CredentialKind;
import io.rootctl.model.OrgFeature;
import io.rootctl.model.TaskPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MicrometerRootctlMetricsTest {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final MicrometerRootctlMetrics metrics = new MicrometerRootctlMetrics(registry);

  private static DriftSnapshot snapshot(DriftSnapshot.AccountDrift... accounts) {
    return snapshot(Map.of(), accounts);
  }

  private static DriftSnapshot snapshot(
      Map<AccountId, Duration> unreadable, DriftSnapshot.AccountDrift... accounts) {
    return new DriftSnapshot(
        List.of(accounts),
        Map.of(AccountSyncState.DRIFTED, 1, AccountSyncState.IN_SYNC, 1),
        Map.of(CredentialKind.ACCESS_KEYS, 1),
        Map.of(OrgFeature.ROOT_SESSIONS, true, OrgFeature.ROOT_CREDENTIALS_MANAGEMENT, false),
        Map.of(AccountId.of("333344445555"), Instant.parse("2027-02-01T00:00:00Z")),
        unreadable);
  }

  private static DriftSnapshot.AccountDrift drifted(String id, long seconds) {
    return new DriftSnapshot.AccountDrift(
        AccountId.of(id), "acct-" + id, "/Root/Prod", true, Duration.ofSeconds(seconds));
  }

  @Test
  void exposesEveryDocumentedSeriesUnderItsPrometheusName() {
    metrics.reconcileFinished(
        ReconcileResult.SUCCESS, Duration.ofSeconds(3), Instant.ofEpochSecond(1_800_000_000L));
    metrics.drift(
        snapshot(
            Map.of(AccountId.of("555555555555"), Duration.ofSeconds(30)),
            drifted("555555555555", 120)));
    metrics.action(
        "DeleteAccessKey",
        java.util.Optional.of(TaskPolicy.DELETE_ROOT_USER_CREDENTIALS),
        "success");
    metrics.awsRequest("iam", "ListAccessKeys", CallOutcome.OK);
    metrics.assumeRoot(TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS, CallOutcome.OK);
    metrics.desiredStateLoaded("abc123");
    metrics.desiredStateRejected();

    var text = registry.scrape();
    for (var name : MetricNames.PROMETHEUS_NAMES) {
      assertThat(text).as(name).containsPattern("(?m)^" + name + "(_count|_bucket)?[{ ]");
    }
    assertThat(text)
        .contains("rootctl_last_success_timestamp_seconds 1.8E9")
        .containsPattern(
            "rootctl_account_drift\\{account_id=\"555555555555\",account_name=\"acct-555555555555\",ou=\"/Root/Prod\"} 1")
        .contains("rootctl_account_drift_seconds{account_id=\"555555555555\"} 120")
        .contains("rootctl_org_feature_enabled{feature=\"RootCredentialsManagement\"} 0")
        .contains("rootctl_org_feature_enabled{feature=\"RootSessions\"} 1")
        .contains("rootctl_root_credentials_present{kind=\"accessKeys\"} 1")
        .contains("rootctl_accounts{state=\"failed\"} 0")
        .contains("rootctl_accounts{state=\"unreadable\"} 0")
        .contains("rootctl_account_unreadable_seconds{account_id=\"555555555555\"} 30")
        .contains("rootctl_desired_state_valid 0")
        .contains("rootctl_desired_state_load_errors_total 1")
        .contains("rootctl_reconcile_duration_seconds_bucket{result=\"success\"");
  }

  @Test
  void accountsThatLeaveTheSnapshotLoseTheirSeries() {
    metrics.drift(snapshot(drifted("555555555555", 60), drifted("666666666666", 30)));
    metrics.drift(snapshot(drifted("666666666666", 90)));

    var text = registry.scrape();
    assertThat(text).doesNotContain("555555555555").contains("account_id=\"666666666666\"");
    assertThat(text).contains("rootctl_account_drift_seconds{account_id=\"666666666666\"} 90");
  }

  @Test
  void everyAccountStateIsExportedAtZeroBeforeTheFirstRun() {
    var text = registry.scrape();

    for (var state : AccountSyncState.values()) {
      assertThat(text).contains("rootctl_accounts{state=\"" + state.tag() + "\"} 0");
    }
    assertThat(text).contains("rootctl_accounts{state=\"unreadable\"} 0");
  }

  @Test
  void anUnreadableAccountKeepsItsDriftSeriesMarkedStaleUntilItIsReadAgain() {
    var payments = AccountId.of("555555555555");
    metrics.drift(snapshot(drifted("555555555555", 60)));
    metrics.drift(snapshot(Map.of(payments, Duration.ofSeconds(45)), drifted("555555555555", 105)));

    var stale = registry.scrape();
    assertThat(stale)
        .containsPattern("(?m)^rootctl_account_drift\\{account_id=\"555555555555\",[^}]*} 1")
        .contains("rootctl_account_drift_seconds{account_id=\"555555555555\"} 105")
        .contains("rootctl_account_unreadable_seconds{account_id=\"555555555555\"} 45");

    metrics.drift(snapshot(drifted("555555555555", 165)));
    assertThat(registry.scrape())
        .as("read again: the stale mark clears, the drift series stays")
        .doesNotContain("rootctl_account_unreadable_seconds{")
        .containsPattern("(?m)^rootctl_account_drift\\{account_id=\"555555555555\",[^}]*} 1");
  }

  @Test
  void onlyTheRevisionInForceIsExposed() {
    metrics.desiredStateLoaded("rev-one");
    metrics.desiredStateLoaded("rev-two");

    var text = registry.scrape();
    assertThat(text)
        .doesNotContain("rev-one")
        .contains("rootctl_desired_state_info{revision=\"rev-two\"} 1")
        .contains("rootctl_desired_state_valid 1");
  }
}
