package io.rootctl.deploy;

import static io.rootctl.testing.EmulatedController.DEMO_DESIRED_STATE;
import static io.rootctl.testing.EmulatedController.fast;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rootctl.model.AccountId;
import io.rootctl.sim.FaultSettings;
import io.rootctl.sim.SimException;
import io.rootctl.testing.EmulatedController;
import io.rootctl.testing.PrometheusServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (Debian's {@code prometheus}) scrapes the controller running against the
 * emulator, and every question is asked through Prometheus's HTTP API: the series carry the values
 * the emulator's state implies; every dashboard query returns data; every alert rule evaluates and
 * references only series that exist.
 */
class ControllerPrometheusIT {
  /** How long to await a state: only a bound for a hung test, never a performance budget. */
  private static final Duration PATIENCE = Duration.ofMinutes(3);

  @TempDir Path tmp;

  private static double value(JsonNode sample) {
    return Double.parseDouble(sample.path("value").get(1).asText());
  }

  private static double scalar(PrometheusServer prometheus, String promql) throws Exception {
    var result = prometheus.query(promql);
    assertThat(result).as(promql).hasSize(1);
    return value(result.getFirst());
  }

  @Test
  void driftAccountsAndReconcileSeriesCarryTheValuesTheEmulatorImplies() throws Exception {
    PrometheusServer.binary();
    var config = fast(DEMO_DESIRED_STATE, Duration.ofSeconds(2)).withObserve(true);
    var testStarted = Instant.now().getEpochSecond();
    try (var controller = new EmulatedController(FaultSettings.none(), config).start();
        var prometheus = PrometheusServer.start(tmp, controller.port(), null)) {
      await()
          .atMost(PATIENCE)
          .untilAsserted(
              () ->
                  assertThat(prometheus.query("rootctl_reconcile_total{result=\"success\"} >= 2"))
                      .isNotEmpty());

      assertThat(scalar(prometheus, "rootctl_accounts{state=\"drifted\"}")).isEqualTo(4);
      assertThat(scalar(prometheus, "rootctl_accounts{state=\"in_sync\"}")).isEqualTo(5);
      assertThat(scalar(prometheus, "rootctl_accounts{state=\"skipped\"}"))
          .as("the management account and the suspended old-project")
          .isEqualTo(2);
      assertThat(scalar(prometheus, "rootctl_accounts{state=\"failed\"}")).isZero();
      assertThat(scalar(prometheus, "rootctl_accounts{state=\"unreadable\"}")).isZero();
      assertThat(prometheus.query("rootctl_account_unreadable_seconds")).isEmpty();
      assertThat(scalar(prometheus, "sum(rootctl_account_drift)")).isEqualTo(4);
      assertThat(scalar(prometheus, "count(rootctl_account_drift)"))
          .as("one series per active member account")
          .isEqualTo(9);
      var drifted = new ArrayList<String>();
      for (var s : prometheus.query("rootctl_account_drift == 1")) {
        drifted.add(
            s.path("metric").path("account_id").asText()
                + " "
                + s.path("metric").path("account_name").asText()
                + " "
                + s.path("metric").path("ou").asText());
      }
      assertThat(drifted)
          .containsExactlyInAnyOrder(
              "333344445555 break-glass /Root/Security",
              "555555555555 prod-payments /Root/Workloads/Prod",
              "666666666666 staging /Root/Workloads/NonProd",
              "777777777777 sandbox-alice /Root/Sandbox");
      assertThat(scalar(prometheus, "count(rootctl_account_drift_seconds)")).isEqualTo(4);
      assertThat(scalar(prometheus, "rootctl_reconcile_total{result=\"terminal_failure\"}"))
          .isZero();
      assertThat(scalar(prometheus, "rootctl_root_credentials_present{kind=\"accessKeys\"}"))
          .isEqualTo(3);
      assertThat(scalar(prometheus, "sum(rootctl_org_feature_enabled)")).isEqualTo(2);
      assertThat(scalar(prometheus, "rootctl_desired_state_valid")).isEqualTo(1);
      assertThat(scalar(prometheus, "rootctl_last_success_timestamp_seconds"))
          .as("a run of this test, stamped by the controller's clock")
          .isBetween((double) testStarted, (double) Instant.now().getEpochSecond() + 1);
      assertThat(scalar(prometheus, "sum(rootctl_actions_total) or vector(0)"))
          .as("observe mode writes nothing")
          .isZero();
      assertThat(
              scalar(
                  prometheus,
                  "rootctl_exception_expiry_timestamp_seconds{account_id=\"333344445555\"}"))
          .as("break-glass's exception lapses at the end of 2027-01-31")
          .isEqualTo(1_801_440_000);
    }
  }

  /**
   * Issue 6: with drift that persists (DeleteAccessKey denied), an account that cannot be read (an
   * SCP denies AssumeRoot in log-archive; issue 9) and some throttling, every dashboard panel and
   * every alert rule is evaluated by Prometheus over the scraped controller. Panel queries must
   * return data. Alert expressions are conditions that are mostly false on a healthy run, so each
   * is evaluated (it must be valid PromQL) and each series selector in it must select data: no
   * alert can silently reference a series the controller does not export.
   */
  @Test
  void everyDashboardQueryAndAlertRuleFindsTheSeriesItNeeds() throws Exception {
    PrometheusServer.binary();
    var storm = FaultSettings.none().withStsAssumeRootRate(OptionalDouble.of(4));
    var config = fast(DEMO_DESIRED_STATE, Duration.ofSeconds(2));
    try (var controller = new EmulatedController(storm, config)) {
      controller.organization.failNext(
          "iam:DeleteAccessKey",
          1_000_000,
          new SimException("AccessDenied", 403, "denied by a service control policy"));
      controller.organization.failAlways(
          "sts:AssumeRoot",
          AccountId.of("222222222222"),
          new SimException("AccessDenied", 403, "denied by a service control policy"));
      controller.start();
      var rules = Path.of("deploy/prometheus/rootctl-rules.yaml").toAbsolutePath().toString();
      try (var prometheus = PrometheusServer.start(tmp, controller.port(), rules)) {
        await()
            .atMost(PATIENCE)
            .untilAsserted(
                () ->
                    assertThat(
                            prometheus.query(
                                "rootctl_reconcile_total{result=\"retryable_failure\"} >= 2"))
                        .isNotEmpty());
        var blank = new LinkedHashMap<String, String>();
        await()
            .atMost(PATIENCE)
            .untilAsserted(
                () -> {
                  blank.clear();
                  for (var e : dashboardQueries().entrySet()) {
                    if (prometheus.query(e.getValue()).isEmpty()) {
                      blank.put(e.getKey(), e.getValue());
                    }
                  }
                  assertThat(blank).as("panels without data").isEmpty();
                });

        for (var rule : PrometheusRulesTest.rules().entrySet()) {
          var expr = String.valueOf(rule.getValue().get("expr"));
          prometheus.query(expr); // throws unless Prometheus accepts and evaluates it
          for (var selector : selectors(expr)) {
            assertThat(prometheus.query(selector))
                .as("%s selects %s", rule.getKey(), selector)
                .isNotEmpty();
          }
        }
        JsonNode groups = prometheus.rules().path("groups");
        var health = new ArrayList<String>();
        groups.forEach(
            g ->
                g.path("rules")
                    .forEach(
                        r ->
                            health.add(r.path("name").asText() + "=" + r.path("health").asText())));
        assertThat(health)
            .hasSize(PrometheusRulesTest.ALERTS.size())
            .allMatch(h -> !h.endsWith("=err"));
      }
    }
  }

  /** Every panel target, with Grafana's variables replaced by what a default view would use. */
  static Map<String, String> dashboardQueries() throws Exception {
    var out = new LinkedHashMap<String, String>();
    JsonNode dashboard = new ObjectMapper().readTree(Path.of("dashboards/rootctl.json").toFile());
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        out.put(
            panel.path("title").asText() + " " + target.path("refId").asText(),
            target
                .path("expr")
                .asText()
                .replace("$__rate_interval", "30s")
                .replace("$__range", "5m")
                .replace("$ou", ".*"));
      }
    }
    return out;
  }

  private static final Pattern SELECTOR =
      Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})?");

  /** The series selectors of {@code expr}: each metric name with its label matchers. */
  static List<String> selectors(String expr) {
    var names = PromqlMetricNamesTest.metricNames(expr);
    var out = new ArrayList<String>();
    var m = SELECTOR.matcher(expr);
    while (m.find()) {
      if (names.contains(m.group(1))
          && (m.start() == 0 || !Character.isLetterOrDigit(expr.charAt(m.start() - 1)))) {
        out.add(m.group(1) + (m.group(2) == null ? "" : m.group(2)));
      }
    }
    return out;
  }
}
