package io.rootctl.deploy;

import static io.rootctl.deploy.Chart.list;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** dashboards/rootctl.json: structure, variables, and queries that return data. */
class GrafanaDashboardTest {
  static final Path DASHBOARD = Path.of("dashboards/rootctl.json");
  static final Path SERIES = Path.of("src/test/resources/deploy/controller-series.yaml");

  private static JsonNode dashboard() throws IOException {
    return new ObjectMapper().readTree(DASHBOARD.toFile());
  }

  @Test
  void hasTheDatasourceAndOuVariables() throws IOException {
    var d = dashboard();
    var vars = new LinkedHashMap<String, JsonNode>();
    d.path("templating").path("list").forEach(v -> vars.put(v.path("name").asText(), v));

    assertThat(d.path("schemaVersion").asInt()).isBetween(36, 41);
    assertThat(d.path("uid").asText()).isEqualTo("rootctl");
    assertThat(vars.keySet()).containsExactly("datasource", "job", "instance", "ou", "expiry_days");
    assertThat(vars.get("datasource").path("type").asText()).isEqualTo("datasource");
    assertThat(vars.get("datasource").path("query").asText()).isEqualTo("prometheus");
    assertThat(vars.get("ou").path("definition").asText())
        .isEqualTo(
            "label_values(rootctl_account_drift{job=~\"$job\", instance=~\"$instance\"}, ou)");
    assertThat(vars.get("job").path("definition").asText())
        .isEqualTo("label_values(rootctl_build_info, job)");
    assertThat(vars.get("job").path("multi").asBoolean()).as("one job at a time").isFalse();
    assertThat(vars.get("instance").path("definition").asText())
        .isEqualTo("label_values(rootctl_build_info{job=~\"$job\"}, instance)");
    assertThat(vars.get("expiry_days").path("type").asText()).isEqualTo("custom");
    assertThat(vars.get("ou").path("includeAll").asBoolean()).isTrue();
    assertThat(vars.get("ou").path("multi").asBoolean()).isTrue();
  }

  @Test
  void everyPanelQueriesTheSelectedDatasource() throws IOException {
    var ids = new HashSet<Integer>();
    for (JsonNode panel : dashboard().path("panels")) {
      assertThat(ids.add(panel.path("id").asInt())).as("unique id %s", panel.path("id")).isTrue();
      var grid = panel.path("gridPos");
      assertThat(grid.path("x").asInt() + grid.path("w").asInt())
          .as("%s fits the 24-column grid", panel.path("title").asText())
          .isLessThanOrEqualTo(24);
      if (panel.path("type").asText().equals("row")) {
        continue;
      }
      assertThat(panel.path("datasource").path("uid").asText())
          .as(panel.path("title").asText())
          .isEqualTo("${datasource}");
      assertThat(panel.path("targets").size()).as(panel.path("title").asText()).isPositive();
      for (JsonNode target : panel.path("targets")) {
        assertThat(target.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
      }
    }
  }

  @Test
  void showsWhatTheIssueAsksFor() throws IOException {
    var titles = new ArrayList<String>();
    dashboard().path("panels").forEach(p -> titles.add(p.path("title").asText()));

    assertThat(titles)
        .contains(
            "Drifted accounts",
            "Share in sync",
            "Unreadable accounts",
            "Accounts not read (their drift is stale)",
            "Organization features",
            "Drifted accounts by OU",
            "Accounts by state over time",
            "Root credentials present by kind",
            "Accounts drifted the longest",
            "Actions applied by result",
            "AWS requests by outcome",
            "Throttled AWS requests",
            "AssumeRoot errors",
            "Reconcile duration",
            "Last success age",
            "Desired-state revision",
            "Desired state valid",
            "Exceptions expiring soon");
    assertThat(DASHBOARD).content().contains("ou=~\\\"$ou\\\"}");
  }

  /**
   * Each dashboard query, with Grafana's variables filled in, must return data over series shaped
   * like the controller's metrics: promtool evaluates {@code absent(query)} and no such alert may
   * fire. (The same check against a real scrape of the controller comes with the controller.)
   */
  @Test
  void everyQueryReturnsDataForControllerShapedSeries(@TempDir Path tmp) throws Exception {
    var promtool = Promtool.requireInstalled();
    var rules = new ArrayList<Map<String, Object>>();
    var checks = new ArrayList<Map<String, Object>>();
    int n = 0;
    for (JsonNode panel : dashboard().path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        n++;
        String where = panel.path("title").asText() + " " + target.path("refId").asText();
        String expr = grafanaToPromql(target.path("expr").asText());
        rules.add(blankRule(n, where, expr));
        checks.add(Map.of("eval_time", "25m", "alertname", "Blank" + n, "exp_alerts", List.of()));
      }
    }
    n++;
    rules.add(blankRule(n, "variable ou", "count by (ou) (rootctl_account_drift{ou!=\"\"})"));
    checks.add(Map.of("eval_time", "25m", "alertname", "Blank" + n, "exp_alerts", List.of()));
    var yaml = yaml();
    Files.writeString(
        tmp.resolve("dashboard-rules.yaml"),
        yaml.dump(Map.of("groups", List.of(Map.of("name", "dashboard", "rules", rules)))));
    Object series = new Yaml(new LoaderOptions()).load(Files.readString(SERIES));
    var test = new LinkedHashMap<String, Object>();
    test.put("interval", "1m");
    test.put("input_series", list(series));
    test.put("alert_rule_test", checks);
    Files.writeString(
        tmp.resolve("dashboard-test.yaml"),
        yaml.dump(
            Map.of(
                "rule_files",
                List.of("dashboard-rules.yaml"),
                "evaluation_interval",
                "1m",
                "tests",
                List.of(test))));

    var result = promtool.run("test", "rules", tmp.resolve("dashboard-test.yaml").toString());

    assertThat(result.exitCode())
        .as(
            "a dashboard query returned no data (the firing Blank alert names it):%n%s",
            result.output())
        .isZero();
    assertThat(n).isGreaterThan(20);
  }

  static String grafanaToPromql(String expr) {
    return expr.replace("$__rate_interval", "5m")
        .replace("$__range", "1h")
        .replace("$ou", ".*")
        .replace("$job", ".*")
        .replace("$instance", ".*")
        .replace("$expiry_days", "30");
  }

  /**
   * Two controllers (two organizations) are never summed: every query selects {@code $job} and
   * {@code $instance}, and no aggregation drops {@code instance} from a rootctl series unless the
   * panel is about one dimension across the selection (by state, kind, OU, action, outcome...).
   */
  @Test
  void everyQuerySelectsTheJobAndInstanceVariables() throws IOException {
    for (JsonNode panel : dashboard().path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        var expr = target.path("expr").asText();
        assertThat(expr)
            .as(panel.path("title").asText())
            .contains("job=~\"$job\"")
            .contains("instance=~\"$instance\"");
      }
    }
  }

  @Test
  void lastSuccessIsPerInstanceNeverAMaxOverInstances() throws IOException {
    for (JsonNode panel : dashboard().path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        var expr = target.path("expr").asText();
        if (expr.contains("rootctl_last_success_timestamp_seconds")) {
          assertThat(expr)
              .as(panel.path("title").asText())
              .doesNotContainPattern("\\b(max|min|sum|avg)\\s*\\(")
              .doesNotContainPattern("\\b(max|min|sum|avg)\\s+by\\s*\\((?![^)]*instance)");
        }
      }
    }
  }

  /**
   * The top row turns red when the controller is blind or stalled: the "Controller status" panel
   * goes red from 1, and its query compares the last success with three times the exported
   * interval; "Last success age" is shown in intervals, red from 3.
   */
  @Test
  void topRowTurnsRedWhenBlindOrStalledWithThresholdsFollowingTheInterval() throws IOException {
    var panels = new LinkedHashMap<String, JsonNode>();
    dashboard().path("panels").forEach(p -> panels.putIfAbsent(p.path("title").asText(), p));
    var status = panels.get("Controller status");
    assertThat(status.path("gridPos").path("y").asInt()).isLessThan(9);
    var expr = status.path("targets").get(0).path("expr").asText();
    assertThat(expr)
        .contains("rootctl_accounts{job=~\"$job\", instance=~\"$instance\", state=\"unreadable\"}")
        .contains("3 * rootctl_reconcile_interval_seconds");
    assertThat(steps(status)).containsExactly("green@null", "red@1");
    var age = panels.get("Last success age");
    assertThat(age.path("type").asText()).isEqualTo("stat");
    assertThat(age.path("targets").get(0).path("expr").asText())
        .contains("/ on (job, instance) rootctl_reconcile_interval_seconds");
    assertThat(steps(age)).containsExactly("green@null", "orange@2", "red@3");
    assertThat(steps(panels.get("Unreadable accounts"))).containsExactly("green@null", "red@1");
  }

  @Test
  void exceptionsExpiringSoonAreLimitedToTheChosenWindowWithNameAndOwner() throws IOException {
    var panels = new LinkedHashMap<String, JsonNode>();
    dashboard().path("panels").forEach(p -> panels.putIfAbsent(p.path("title").asText(), p));
    var expr = panels.get("Exceptions expiring soon").path("targets").get(0).path("expr").asText();
    assertThat(expr)
        .contains("< $expiry_days > 0")
        .contains("group_left (account_name, owner, ticket) rootctl_exception_info");
  }

  private static List<String> steps(JsonNode panel) {
    var out = new ArrayList<String>();
    panel
        .path("fieldConfig")
        .path("defaults")
        .path("thresholds")
        .path("steps")
        .forEach(
            s ->
                out.add(
                    s.path("color").asText()
                        + "@"
                        + (s.path("value").isNull() ? "null" : s.path("value").asText())));
    return out;
  }

  private static Map<String, Object> blankRule(int n, String where, String expr) {
    var rule = new LinkedHashMap<String, Object>();
    rule.put("alert", "Blank" + n);
    rule.put("expr", "absent(" + expr + ")");
    rule.put("labels", Map.of("query", where));
    return rule;
  }

  private static Yaml yaml() {
    var options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setWidth(1000);
    return new Yaml(options);
  }
}
