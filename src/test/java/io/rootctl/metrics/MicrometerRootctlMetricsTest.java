package io.rootctl.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.rootctl.model.AccountId;
import io.rootctl.model.Mode;
import io.rootctl.model.OrgFeature;
import io.rootctl.model.TaskPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
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
        Map.of(PresentKind.ACCESS_KEYS, 1, PresentKind.LOGIN_PROFILE, 3, PresentKind.PASSWORD, 1),
        Map.of(OrgFeature.ROOT_SESSIONS, true, OrgFeature.ROOT_CREDENTIALS_MANAGEMENT, false),
        Map.of(
            AccountId.of("333344445555"),
            new DriftSnapshot.ExceptionInfo(
                "break-glass",
                "security@example.com",
                Optional.of("SEC-1234"),
                Instant.parse("2027-02-01T00:00:00Z"))),
        unreadable,
        Map.of(AccountId.of("333344445555"), java.util.Set.of("mfaDevices")));
  }

  private static DriftSnapshot.AccountDrift drifted(String id, long seconds) {
    return new DriftSnapshot.AccountDrift(
        AccountId.of(id), "acct-" + id, "/Root/Prod", true, Duration.ofSeconds(seconds));
  }

  /**
   * Micrometer's {@code MultiGauge.register(rows, true)} removes and re-adds each row's gauge, and
   * a Prometheus scrape in between fails with "Duplicate labels" (micrometer#6851): the scrape must
   * wait for a snapshot's registration to finish. Races 200 snapshots of 500 accounts against
   * scrapes on another thread; without the guard this fails within a few snapshots.
   */
  @Test
  void aScrapeDuringADriftSnapshotNeverFails() throws Exception {
    var accounts = new DriftSnapshot.AccountDrift[500];
    for (int i = 0; i < accounts.length; i++) {
      accounts[i] = drifted(String.format("%012d", 100_000_000_000L + i), i);
    }
    var big = snapshot(accounts);
    var failures = new java.util.concurrent.ConcurrentLinkedQueue<Throwable>();
    var done = new java.util.concurrent.atomic.AtomicBoolean();
    var scrapes = new java.util.concurrent.atomic.AtomicInteger();
    var scraper =
        Thread.ofPlatform()
            .start(
                () -> {
                  while (!done.get()) {
                    try {
                      metrics.scrape(registry::scrape);
                      scrapes.incrementAndGet();
                    } catch (RuntimeException e) {
                      failures.add(e);
                      return;
                    }
                  }
                });
    for (int i = 0; i < 200 && failures.isEmpty(); i++) {
      metrics.drift(big);
    }
    done.set(true);
    scraper.join();
    assertThat(failures).isEmpty();
    assertThat(metrics.scrape(registry::scrape)).contains("rootctl_account_drift{");
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
    metrics.awsRateLimit("organizations", "ListAccounts", () -> 5.6);
    metrics.awsRequest("organizations", "ListAccounts", CallOutcome.THROTTLED);
    metrics.rootActivity("ConsoleLogin", false);
    metrics.unexpectedRootActivity(
        AccountId.of("555555555555"), Instant.ofEpochSecond(1_800_000_100L));
    metrics.unexpectedRootActivity(
        AccountId.of("555555555555"), Instant.ofEpochSecond(1_800_000_000L));
    metrics.eventSourceUp("sqs", true);
    metrics.eventMessages("sqs", "rejected", 2);

    var text = registry.scrape();
    assertThat(text)
        .contains("rootctl_root_activity_events_total{event=\"ConsoleLogin\",expected=\"false\"} 1")
        .as("never back in time")
        .contains(
            "rootctl_root_activity_last_unexpected_timestamp_seconds{account_id=\"555555555555\"}"
                + " 1.8000001E9")
        .contains("rootctl_event_source_up{source=\"sqs\"} 1")
        .contains("rootctl_event_messages_total{outcome=\"rejected\",source=\"sqs\"} 2");
    for (var name : MetricNames.PROMETHEUS_NAMES) {
      assertThat(text).as(name).containsPattern("(?m)^" + name + "(_count|_bucket)?[{ ]");
    }
    assertThat(text)
        .contains("rootctl_last_success_timestamp_seconds 1.8E9")
        .contains(
            "rootctl_aws_rate_limit_requests_per_second{operation=\"ListAccounts\",service=\"organizations\"} 5.6")
        .contains(
            "rootctl_aws_throttles_total{operation=\"ListAccounts\",service=\"organizations\"} 1.0")
        .containsPattern(
            "rootctl_account_drift\\{account_id=\"555555555555\",account_name=\"acct-555555555555\",ou=\"/Root/Prod\"} 1")
        .contains("rootctl_account_drift_seconds{account_id=\"555555555555\"} 120")
        .contains("rootctl_org_feature_enabled{feature=\"RootCredentialsManagement\"} 0")
        .contains("rootctl_org_feature_enabled{feature=\"RootSessions\"} 1")
        .contains("rootctl_root_credentials_present{kind=\"accessKeys\"} 1")
        .contains("rootctl_accounts{state=\"failed\"} 0")
        .contains("rootctl_accounts{state=\"needs_person\"} 0")
        .contains(
            "rootctl_account_requirement_unmet{account_id=\"333344445555\",requirement=\"mfaDevices\"} 1")
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

  @Test
  void everyCounterAPanelOrRuleReadsExistsAtZeroBeforeTheFirstEvent() {
    var text = registry.scrape();

    for (var result : List.of("success", "tolerated", "failure")) {
      assertThat(text)
          .contains(
              "rootctl_actions_total{action=\"DeleteAccessKey\",result=\""
                  + result
                  + "\",task_policy=\"IAMDeleteRootUserCredentials\"} 0.0")
          .contains(
              "rootctl_actions_total{action=\"EnableOrganizationsRootSessions\",result=\""
                  + result
                  + "\",task_policy=\"none\"} 0.0");
    }
    for (var outcome : CallOutcome.values()) {
      assertThat(text)
          .contains(
              "rootctl_aws_requests_total{operation=\"GetLoginProfile\",outcome=\""
                  + outcome.tag()
                  + "\",service=\"iam\"} 0.0")
          .contains(
              "rootctl_aws_requests_total{operation=\"AssumeRoot\",outcome=\""
                  + outcome.tag()
                  + "\",service=\"sts\"} 0.0")
          .contains(
              "rootctl_assume_root_total{outcome=\""
                  + outcome.tag()
                  + "\",task_policy=\"IAMAuditRootUserCredentials\"} 0.0");
    }
    for (var result : ReconcileResult.values()) {
      assertThat(text)
          .contains("rootctl_reconcile_total{result=\"" + result.tag() + "\"} 0.0")
          .contains("rootctl_reconcile_duration_seconds_count{result=\"" + result.tag() + "\"} 0");
    }
    assertThat(text)
        .contains("rootctl_mode{mode=\"observe\"} 0")
        .contains("rootctl_mode{mode=\"enforce\"} 0")
        .contains("rootctl_guard_blocked 0")
        .contains("rootctl_org_feature_wanted{feature=\"RootSessions\"} 0");
  }

  @Test
  void reconcileDurationsUseAHandfulOfServiceLevelBuckets() {
    metrics.reconcileFinished(ReconcileResult.SUCCESS, Duration.ofSeconds(20), Instant.now());

    var buckets =
        Pattern.compile(
                "(?m)^rootctl_reconcile_duration_seconds_bucket\\{result=\"success\",le=\"([^\"]+)\"} (\\S+)$")
            .matcher(registry.scrape())
            .results()
            .map(m -> m.group(1) + "=" + m.group(2))
            .toList();
    assertThat(buckets)
        .containsExactly(
            "1.0=0",
            "5.0=0",
            "15.0=0",
            "30.0=1",
            "60.0=1",
            "120.0=1",
            "300.0=1",
            "600.0=1",
            "1800.0=1",
            "+Inf=1");
  }

  @Test
  void buildModeGuardIntervalAndWantedFeaturesAreExported() {
    var own = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    var m = new MicrometerRootctlMetrics(own, new BuildInfo("1.2.3", "abc123"));
    m.mode(Mode.ENFORCE);
    m.guardBlocked(true);
    m.interval(Duration.ofMinutes(5));
    m.featuresWanted(Set.of(OrgFeature.ROOT_SESSIONS));

    assertThat(own.scrape())
        .contains("rootctl_build_info{revision=\"abc123\",version=\"1.2.3\"} 1")
        .contains("rootctl_mode{mode=\"enforce\"} 1")
        .contains("rootctl_mode{mode=\"observe\"} 0")
        .contains("rootctl_guard_blocked 1")
        .contains("rootctl_reconcile_interval_seconds 300")
        .contains("rootctl_org_feature_wanted{feature=\"RootSessions\"} 1")
        .contains("rootctl_org_feature_wanted{feature=\"RootCredentialsManagement\"} 0");
  }

  @Test
  void exceptionsAreJoinableInfoSeriesAndLoginProfilesAreNotPasswords() {
    metrics.drift(snapshot(drifted("555555555555", 60)));

    assertThat(registry.scrape())
        .contains(
            "rootctl_exception_info{account_id=\"333344445555\",account_name=\"break-glass\","
                + "owner=\"security@example.com\",ticket=\"SEC-1234\"} 1")
        .contains(
            "rootctl_exception_expiry_timestamp_seconds{account_id=\"333344445555\"} 1.80144E9")
        .contains("rootctl_root_credentials_present{kind=\"loginProfile\"} 3")
        .contains("rootctl_root_credentials_present{kind=\"password\"} 1")
        .contains("rootctl_root_credentials_present{kind=\"mfaDevices\"} 0");
  }
}
