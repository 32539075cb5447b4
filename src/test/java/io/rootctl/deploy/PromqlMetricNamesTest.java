package io.rootctl.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every PromQL expression in the dashboard and the alert rules names only metrics the controller
 * exports (issue 5's list, plus JVM and process metrics). A later test ties this list to {@code
 * metrics.MetricNames}.
 */
class PromqlMetricNamesTest {
  /** The controller's metrics as Prometheus exports them (histogram: _bucket, _sum, _count). */
  static final Set<String> CONTROLLER_METRICS =
      Set.of(
          "rootctl_reconcile_duration_seconds_bucket",
          "rootctl_reconcile_duration_seconds_sum",
          "rootctl_reconcile_duration_seconds_count",
          "rootctl_reconcile_total",
          "rootctl_last_success_timestamp_seconds",
          "rootctl_accounts",
          "rootctl_account_drift",
          "rootctl_account_drift_seconds",
          "rootctl_account_unreadable_seconds",
          "rootctl_account_requirement_unmet",
          "rootctl_root_credentials_present",
          "rootctl_org_feature_enabled",
          "rootctl_actions_total",
          "rootctl_aws_requests_total",
          "rootctl_assume_root_total",
          "rootctl_desired_state_valid",
          "rootctl_desired_state_info",
          "rootctl_desired_state_load_errors_total",
          "rootctl_desired_state_load_stuck",
          "rootctl_exception_expiry_timestamp_seconds",
          "rootctl_exception_info",
          "rootctl_org_feature_wanted",
          "rootctl_build_info",
          "rootctl_mode",
          "rootctl_guard_blocked",
          "rootctl_reconcile_interval_seconds",
          "rootctl_aws_rate_limit_requests_per_second",
          "rootctl_aws_throttles_total",
          "rootctl_root_activity_events_total",
          "rootctl_root_activity_last_unexpected_timestamp_seconds",
          "rootctl_event_source_up",
          "rootctl_event_messages_total");

  /** JVM and process metrics, and {@code up}, which Prometheus itself writes for every target. */
  static final Pattern RUNTIME_METRIC = Pattern.compile("(jvm|process)_[a-z0-9_]+|up");

  static final Set<String> KEYWORDS =
      Set.of(
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "and",
          "or",
          "unless",
          "bool",
          "offset",
          "inf",
          "nan");
  private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
  private static final Pattern GROUPING =
      Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

  /** The metric names an expression selects (functions, keywords and labels removed). */
  static Set<String> metricNames(String expr) {
    String s = STRING.matcher(expr).replaceAll("\"\"");
    s = s.replaceAll("\\$\\{?[a-zA-Z_]+}?", "");
    s = s.replaceAll("\\{[^}]*}", "");
    s = s.replaceAll("\\[[^]]*]", "");
    s = GROUPING.matcher(s).replaceAll("");
    var names = new TreeSet<String>();
    var m = IDENTIFIER.matcher(s);
    while (m.find()) {
      String word = m.group();
      boolean isFunctionCall = s.substring(m.end()).stripLeading().startsWith("(");
      boolean isNumberSuffix = m.start() > 0 && Character.isDigit(s.charAt(m.start() - 1));
      if (!isFunctionCall && !isNumberSuffix && !KEYWORDS.contains(word.toLowerCase())) {
        names.add(word);
      }
    }
    return names;
  }

  static Stream<Arguments> expressions() throws IOException {
    var all = new ArrayList<Arguments>();
    JsonNode dashboard = new ObjectMapper().readTree(Path.of("dashboards/rootctl.json").toFile());
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        all.add(
            Arguments.of(
                "dashboard: " + panel.path("title").asText() + " " + target.path("refId").asText(),
                target.path("expr").asText()));
      }
    }
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      if (variable.path("type").asText().equals("query")) {
        String q = variable.path("definition").asText();
        all.add(
            Arguments.of(
                "variable: " + variable.path("name").asText(),
                q.replaceFirst("^label_values\\((.+),\\s*[a-z_]+\\)$", "$1")));
      }
    }
    int i = 0;
    for (var rule : PrometheusRulesTest.rules().entrySet()) {
      all.add(Arguments.of("alert: " + rule.getKey(), String.valueOf(rule.getValue().get("expr"))));
      i++;
    }
    assertThat(i).isEqualTo(PrometheusRulesTest.ALERTS.size());
    return all.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("expressions")
  void expressionQueriesOnlyMetricsTheControllerExports(String where, String expr) {
    var names = metricNames(expr);

    assertThat(names).as("%s selects at least one metric: %s", where, expr).isNotEmpty();
    assertThat(names)
        .as("%s: %s", where, expr)
        .allSatisfy(
            name ->
                assertThat(
                        CONTROLLER_METRICS.contains(name) || RUNTIME_METRIC.matcher(name).matches())
                    .as("%s is a rootctl, jvm_ or process_ metric", name)
                    .isTrue());
  }

  @Test
  void dashboardShowsEveryControllerMetric() throws IOException {
    var used = new TreeSet<String>();
    expressions().forEach(a -> used.addAll(metricNames((String) a.get()[1])));

    var expected = new TreeSet<>(CONTROLLER_METRICS);
    expected.removeAll(
        List.of(
            "rootctl_reconcile_duration_seconds_sum", "rootctl_reconcile_duration_seconds_count"));
    assertThat(used).containsAll(expected);
  }

  @Test
  void extractorFindsMetricsAndIgnoresFunctionsLabelsAndVariables() {
    assertThat(
            metricNames(
                "histogram_quantile(0.95, sum by (le) (rate("
                    + "rootctl_reconcile_duration_seconds_bucket{job=\"x\"}[$__rate_interval])))"))
        .containsExactly("rootctl_reconcile_duration_seconds_bucket");
    assertThat(
            metricNames(
                "rootctl_account_drift_seconds * on (account_id) group_left (account_name, ou)"
                    + " (rootctl_account_drift{ou=~\"$ou\"} == 1)"))
        .containsExactly("rootctl_account_drift", "rootctl_account_drift_seconds");
    assertThat(metricNames("time() - 7 * 86400 > 1e3 and up unless rootctl_accounts offset 5m"))
        .containsExactly("rootctl_accounts", "up");
  }
}
