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
   * SCP denies AssumeRoot in log-archive; issue 9), some throttling and, through the SQS event
   * source (issue 13), a root sign-in rootctl did not make, and an MFA requirement that needs a
   * person (issue 14), every dashboard panel and every alert rule is evaluated by Prometheus over
   * the scraped controller. Panel queries must return data. Alert expressions are conditions that
   * are mostly false on a healthy run, so each is evaluated (it must be valid PromQL) and each
   * series selector in it must select data: no alert can silently reference a series the controller
   * does not export. The sign-in must raise {@code RootctlUnexpectedRootActivity} (it has no {@code
   * for}: it fires at the first evaluation, every second here).
   */
  @Test
  void everyDashboardQueryAndAlertRuleFindsTheSeriesItNeeds() throws Exception {
    PrometheusServer.binary();
    var storm = FaultSettings.none().withStsAssumeRootRate(OptionalDouble.of(4));
    // The demo desired state, and the audit account (no root credentials, no MFA device) required
    // to keep an MFA device: a requirement only a person can meet (issue 14).
    var desired = tmp.resolve("desired-state");
    io.rootctl.testing.GitSyncCheckout.copy(DEMO_DESIRED_STATE, desired);
    java.nio.file.Files.writeString(
        desired.resolve("accounts/audit.yaml"),
        """
        apiVersion: rootctl.io/v1
        kind: Account
        metadata: {name: audit}
        spec:
          account: "444444444444"
          rootCredentials:
            mfaDevices: required
          exception:
            reason: the audit account's root user must keep an MFA device
            owner: security@example.com
            expires: 2099-12-31
        """);
    var config = fast(desired, Duration.ofSeconds(2));
    try (var controller = new EmulatedController(storm, config)) {
      controller.organization.failNext(
          "iam:DeleteAccessKey",
          1_000_000,
          new SimException("AccessDenied", 403, "denied by a service control policy"));
      controller.organization.failAlways(
          "sts:AssumeRoot",
          AccountId.of("222222222222"),
          new SimException("AccessDenied", 403, "denied by a service control policy"));
      // Events are delivered at once (no delay on the emulator's clock).
      controller.startWithEvents(java.time.Clock.systemUTC(), Duration.ZERO);
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
        // After a run: an account is a member (and its activity an alarm) once a run has seen it.
        controller.control("/_sim/events/console-login", "{\"account\":\"555555555555\"}");
        await()
            .atMost(PATIENCE)
            .untilAsserted(
                () ->
                    assertThat(prometheus.alerts())
                        .as("a root sign-in in prod-payments that rootctl did not make")
                        .anySatisfy(
                            a -> {
                              assertThat(a.path("labels").path("alertname").asText())
                                  .isEqualTo("RootctlUnexpectedRootActivity");
                              assertThat(a.path("labels").path("account_id").asText())
                                  .isEqualTo("555555555555");
                              assertThat(a.path("state").asText()).isEqualTo("firing");
                            }));
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

  /** The reconcile interval of the on-call test: three of them is the "stalled" threshold. */
  private static final Duration INTERVAL = Duration.ofSeconds(5);

  /**
   * The alert rules as shipped, with every {@code for} shortened to 2 s, the 15-minute windows to
   * 30 s and the stall threshold to three test intervals, so the test never waits real minutes.
   * Nothing else changes: the expressions, labels and annotations are the shipped ones.
   */
  static Path shortenedRules(Path dir) throws java.io.IOException {
    var text =
        java.nio.file.Files.readString(Path.of("deploy/prometheus/rootctl-rules.yaml"))
            .replaceAll("(?m)^(\\s+for: )\\d+m$", "$12s")
            .replace("[15m]", "[30s]")
            .replace("> 900", "> " + 3 * INTERVAL.toSeconds());
    var out = dir.resolve("rootctl-rules-short.yaml");
    java.nio.file.Files.writeString(out, text);
    return out;
  }

  /**
   * The alerts in {@code state} (firing or pending), as "name{label=value,...}" of chosen labels.
   */
  private static List<String> alerts(PrometheusServer prometheus, String state, String... labels)
      throws Exception {
    var out = new ArrayList<String>();
    for (var s : prometheus.query("ALERTS{alertstate=\"" + state + "\"}")) {
      var m = s.path("metric");
      var sb = new StringBuilder(m.path("alertname").asText()).append('{');
      for (int i = 0; i < labels.length; i++) {
        sb.append(i == 0 ? "" : ",")
            .append(labels[i])
            .append('=')
            .append(m.path(labels[i]).asText());
      }
      out.add(sb.append('}').toString());
    }
    return out;
  }

  /** The names of the alerts pending or firing for {@code instance} (or without an instance). */
  private static List<String> active(PrometheusServer prometheus, String instance)
      throws Exception {
    var out = new ArrayList<String>();
    for (var s : prometheus.query("ALERTS")) {
      var i = s.path("metric").path("instance").asText();
      if (i.isEmpty() || i.equals(instance)) {
        out.add(s.path("metric").path("alertname").asText());
      }
    }
    return out;
  }

  private static String panel(Map<String, String> queries, String titleAndRef) {
    var q = queries.get(titleAndRef);
    assertThat(q).as("dashboard panel %s", titleAndRef).isNotNull();
    return q;
  }

  private static void faults(EmulatedController c, String json) throws Exception {
    var r =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(c.emulator.endpoint() + "/_sim/faults"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(json))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  /**
   * Issue 12, as an on-call engineer meets it: a real Prometheus loads the shipped rules (only
   * their {@code for} and windows shortened) and scrapes the controller through five phases. In
   * each, the test asserts through Prometheus's HTTP API which alerts fire and what each dashboard
   * panel the engineer would look at shows, with the variables substituted: observe mode with
   * drift; a broken desired-state revision; a restart in enforce mode, whose first repairs {@code
   * increase()} sees; the emulator failing 100% and then 30% of the calls; the controller killed.
   */
  @Test
  void alertsAndDashboardTellTheTruthInEveryOnCallPhase() throws Exception {
    PrometheusServer.binary();
    var desired = tmp.resolve("desired-state");
    try (var files = java.nio.file.Files.walk(DEMO_DESIRED_STATE)) {
      for (var f : files.toList()) {
        var to = desired.resolve(DEMO_DESIRED_STATE.relativize(f).toString());
        if (java.nio.file.Files.isDirectory(f)) {
          java.nio.file.Files.createDirectories(to);
        } else {
          java.nio.file.Files.copy(f, to);
        }
      }
    }
    var broken = desired.resolve("zz-broken.yaml");
    var rules = shortenedRules(tmp).toAbsolutePath().toString();
    var prometheusDir = java.nio.file.Files.createDirectories(tmp.resolve("prometheus"));
    // break-glass's exception lapses at 2027-02-01T00:00Z: a window just past it lists it.
    var daysLeft = (1_801_440_000L - Instant.now().getEpochSecond()) / 86_400.0;
    var window = (long) Math.ceil(daysLeft) + 1;

    var observe =
        new EmulatedController(FaultSettings.none(), fast(desired, INTERVAL).withObserve(true));
    observe.start();
    var observeRunning = true;
    try (var prometheus = PrometheusServer.start(prometheusDir, observe.port(), rules)) {
      // ---- 1. observe mode with drift ------------------------------------------------------
      var i1 = "127.0.0.1:" + observe.port();
      var q1 = dashboardQueries("rootctl", i1, window);
      await()
          .atMost(PATIENCE)
          .untilAsserted(
              () ->
                  assertThat(alerts(prometheus, "firing", "instance", "mode", "severity"))
                      .contains(
                          "RootctlDriftDetected{instance=" + i1 + ",mode=observe,severity=info}"));
      assertThat(scalar(prometheus, panel(q1, "Drifted accounts A"))).isEqualTo(4);
      assertThat(scalar(prometheus, panel(q1, "Share in sync A"))).isEqualTo(5.0 / 9);
      assertThat(scalar(prometheus, panel(q1, "Unreadable accounts A"))).isZero();
      assertThat(scalar(prometheus, panel(q1, "Controller status A"))).as("not blind").isZero();
      assertThat(scalar(prometheus, panel(q1, "Guard blocked A"))).isZero();
      assertThat(scalar(prometheus, panel(q1, "Last success age A"))).isLessThan(3);
      var mode = prometheus.query(panel(q1, "Mode A"));
      assertThat(mode).hasSize(1);
      assertThat(mode.getFirst().path("metric").path("mode").asText()).isEqualTo("observe");
      var expiring = prometheus.query(panel(q1, "Exceptions expiring soon A"));
      assertThat(expiring).hasSize(1);
      assertThat(expiring.getFirst().path("metric").path("account_name").asText())
          .isEqualTo("break-glass");
      assertThat(expiring.getFirst().path("metric").path("owner").asText())
          .isEqualTo("security@example.com");
      assertThat(value(expiring.getFirst()))
          .isCloseTo(daysLeft, org.assertj.core.data.Offset.offset(0.1));
      if (daysLeft > 2) {
        assertThat(
                prometheus.query(
                    panel(
                        dashboardQueries("rootctl", i1, (long) Math.floor(daysLeft) - 1),
                        "Exceptions expiring soon A")))
            .as("outside the chosen window")
            .isEmpty();
      }
      assertThat(active(prometheus, i1))
          .doesNotContain(
              "RootctlDown",
              "RootctlAccountsUnreadable",
              "RootctlGuardBlocked",
              "RootctlFeatureDisabled",
              "RootctlDesiredStateInvalid",
              "RootctlAssumeRootErrors",
              "RootctlExceptionExpiringSoon");

      // ---- 2. a broken desired-state revision ----------------------------------------------
      java.nio.file.Files.writeString(broken, "apiVersion: rootctl.io/v1\nkind: [unclosed\n");
      await()
          .atMost(PATIENCE)
          .untilAsserted(
              () ->
                  assertThat(alerts(prometheus, "firing", "instance"))
                      .contains("RootctlDesiredStateInvalid{instance=" + i1 + "}"));
      assertThat(scalar(prometheus, panel(q1, "Desired state valid A"))).isZero();
      assertThat(alerts(prometheus, "firing", "instance"))
          .as("the last good desired state stays in force, and its drift is still reported")
          .contains("RootctlDriftDetected{instance=" + i1 + "}");

      // ---- 3. restart in enforce mode (the broken revision still there at first) -------------
      observeRunning = false;
      observe.close();
      try (var enforce = new EmulatedController(FaultSettings.none(), fast(desired, INTERVAL))) {
        enforce.start();
        var i2 = "127.0.0.1:" + enforce.port();
        var q2 = dashboardQueries("rootctl", i2, window);
        prometheus.retarget(enforce.port());
        var firstRepairs =
            "rootctl_actions_total{instance=\""
                + i2
                + "\",action=\"DeleteAccessKey\",result=\"success\"}";
        await()
            .atMost(PATIENCE)
            .untilAsserted(
                () ->
                    assertThat(prometheus.query(firstRepairs + " == 0"))
                        .as("scraped at 0")
                        .hasSize(1));
        java.nio.file.Files.delete(broken);
        await()
            .atMost(PATIENCE)
            .untilAsserted(
                () -> {
                  assertThat(scalar(prometheus, panel(q2, "Drifted accounts A"))).isZero();
                  assertThat(scalar(prometheus, panel(q2, "Share in sync A"))).isEqualTo(1);
                });
        await()
            .atMost(PATIENCE)
            .untilAsserted(
                () ->
                    assertThat(
                            scalar(
                                prometheus,
                                "sum(increase("
                                    + firstRepairs.replace(
                                        "result=\"success\"}", "result=\"success\"}[5m]")
                                    + "))"))
                        .as("increase() sees the first repairs after a restart")
                        .isPositive());
        var actions = prometheus.query(panel(q2, "Actions applied by result A"));
        assertThat(actions)
            .anySatisfy(
                a -> {
                  assertThat(a.path("metric").path("action").asText()).isEqualTo("DeleteAccessKey");
                  assertThat(value(a)).isPositive();
                });
        var enforceMode = prometheus.query(panel(q2, "Mode A"));
        assertThat(enforceMode).hasSize(1);
        assertThat(enforceMode.getFirst().path("metric").path("mode").asText())
            .isEqualTo("enforce");
        assertThat(scalar(prometheus, panel(q2, "Desired state valid A"))).isEqualTo(1);
        assertThat(active(prometheus, i2)).doesNotContain("RootctlDriftDetected", "RootctlDown");

        // ---- 4. AWS faults: 100%, then 30% ------------------------------------------------
        faults(enforce, "{\"faultRate\": 1.0}");
        await()
            .atMost(PATIENCE)
            .untilAsserted(
                () -> {
                  assertThat(alerts(prometheus, "firing", "instance"))
                      .contains("RootctlStalled{instance=" + i2 + "}");
                  assertThat(scalar(prometheus, panel(q2, "Controller status A")))
                      .as("the top row is red: no success for 3 intervals")
                      .isEqualTo(1);
                  assertThat(scalar(prometheus, panel(q2, "Last success age A")))
                      .isGreaterThanOrEqualTo(3);
                });
        assertThat(active(prometheus, i2)).doesNotContain("RootctlDown");
        faults(enforce, "{\"faultRate\": 0.3}");
        await()
            .atMost(PATIENCE)
            .untilAsserted(
                () -> {
                  assertThat(scalar(prometheus, panel(q2, "Controller status A")))
                      .as("a run succeeds again through the SDK's retries")
                      .isZero();
                  assertThat(
                          scalar(
                              prometheus,
                              "sum(rootctl_aws_requests_total{instance=\""
                                  + i2
                                  + "\",outcome=\"error\"})"))
                      .as("failed attempts are counted per attempt")
                      .isPositive();
                });
        var finalFailures =
            "sum(rootctl_assume_root_total{instance=\"" + i2 + "\",outcome!=\"ok\"})";
        var failedAttempts =
            "sum(rootctl_aws_requests_total{instance=\""
                + i2
                + "\",operation=\"AssumeRoot\",outcome!=\"ok\"})";
        await()
            .atMost(PATIENCE)
            .untilAsserted(
                () ->
                    assertThat(scalar(prometheus, finalFailures))
                        .as("AssumeRoot counts final failures only, not the retried attempts")
                        .isLessThan(scalar(prometheus, failedAttempts)));
        faults(enforce, "{\"faultRate\": 0}");

        // ---- 5. the controller killed -----------------------------------------------------
        enforce.close();
        await()
            .atMost(PATIENCE)
            .untilAsserted(
                () ->
                    assertThat(alerts(prometheus, "firing", "instance", "severity"))
                        .contains("RootctlDown{instance=" + i2 + ",severity=critical}"));
        assertThat(prometheus.query(panel(q2, "Controller status A")))
            .as("no data from a dead controller, never a green status")
            .isEmpty();
        assertThat(active(prometheus, i2)).doesNotContain("RootctlDriftDetected");
      }
    } finally {
      if (observeRunning) {
        observe.close();
      }
    }
  }

  /** Every panel target, with Grafana's variables replaced by what a default view would use. */
  static Map<String, String> dashboardQueries() throws Exception {
    return dashboardQueries("rootctl", ".*", 3650);
  }

  /**
   * Every panel target ("title refId"), with Grafana's variables replaced: {@code $job} and {@code
   * $instance} as given, the OU "All", and {@code $expiry_days} days for the exceptions window.
   */
  static Map<String, String> dashboardQueries(String job, String instance, long expiryDays)
      throws Exception {
    var out = new LinkedHashMap<String, String>();
    JsonNode dashboard = new ObjectMapper().readTree(Path.of("dashboards/rootctl.json").toFile());
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        out.putIfAbsent(
            panel.path("title").asText() + " " + target.path("refId").asText(),
            target
                .path("expr")
                .asText()
                .replace("$__rate_interval", "30s")
                .replace("$__range", "5m")
                .replace("$ou", ".*")
                .replace("$job", job)
                .replace("$instance", instance)
                .replace("$expiry_days", Long.toString(expiryDays)));
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
