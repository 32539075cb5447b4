package io.rootctl.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.rootctl.metrics.CallOutcome;
import io.rootctl.metrics.DriftSnapshot;
import io.rootctl.metrics.MetricNames;
import io.rootctl.metrics.MicrometerRootctlMetrics;
import io.rootctl.metrics.ReconcileResult;
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
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Ties the dashboard and alert side ({@link PromqlMetricNamesTest#CONTROLLER_METRICS}) to the code
 * side ({@link MetricNames#PROMETHEUS_NAMES} and what {@link MicrometerRootctlMetrics} registers).
 */
class ControllerMetricsRegisteredTest {
  private static String base(String name) {
    return name.replaceFirst("_(bucket|sum|count)$", "");
  }

  @Test
  void theDashboardsMetricListIsTheListInMetricNames() {
    var fromDashboard = new TreeSet<String>();
    PromqlMetricNamesTest.CONTROLLER_METRICS.forEach(n -> fromDashboard.add(base(n)));

    assertThat(fromDashboard).isEqualTo(new TreeSet<>(MetricNames.PROMETHEUS_NAMES));
  }

  @Test
  void everyMetricTheDashboardAndAlertsQueryIsRegisteredByMicrometerRootctlMetrics()
      throws Exception {
    var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    var metrics = new MicrometerRootctlMetrics(registry);
    metrics.reconcileFinished(ReconcileResult.SUCCESS, Duration.ofSeconds(1), Instant.now());
    metrics.drift(
        new DriftSnapshot(
            List.of(
                new DriftSnapshot.AccountDrift(
                    AccountId.of("555555555555"),
                    "prod-payments",
                    "/Root/Workloads/Prod",
                    true,
                    Duration.ofMinutes(3))),
            Map.of(),
            Map.of(),
            Map.of(),
            Map.of(
                AccountId.of("333344445555"),
                new DriftSnapshot.ExceptionInfo(
                    "break-glass",
                    "security@example.com",
                    Optional.of("SEC-1234"),
                    Instant.parse("2027-02-01T00:00:00Z"))),
            Map.of(AccountId.of("555555555555"), Duration.ofMinutes(1)),
            Map.of(AccountId.of("333344445555"), Set.of("mfaDevices"))));
    metrics.action(
        "DeleteAccessKey", Optional.of(TaskPolicy.DELETE_ROOT_USER_CREDENTIALS), "success");
    metrics.awsRequest("iam", "ListAccessKeys", CallOutcome.OK);
    metrics.awsRateLimit("sts", "AssumeRoot", () -> 300);
    metrics.desiredStateLoaded("abc");
    metrics.mode(Mode.ENFORCE);
    metrics.guardBlocked(false);
    metrics.interval(Duration.ofMinutes(5));
    metrics.featuresWanted(Set.of(OrgFeature.ROOT_SESSIONS));
    metrics.rootActivity("ConsoleLogin", false);
    metrics.unexpectedRootActivity(AccountId.of("555555555555"), Instant.now());
    metrics.eventSourceUp("sqs", true);
    metrics.eventMessages("sqs", "rejected", 1);
    var exported = new TreeSet<String>();
    var m = Pattern.compile("(?m)^([a-z_:]+)[{ ]").matcher(registry.scrape());
    while (m.find()) {
      exported.add(m.group(1));
    }

    var queried = new TreeSet<String>();
    PromqlMetricNamesTest.expressions()
        .forEach(a -> queried.addAll(PromqlMetricNamesTest.metricNames((String) a.get()[1])));
    queried.removeIf(n -> !n.startsWith("rootctl_"));
    assertThat(exported).containsAll(queried);
  }
}
