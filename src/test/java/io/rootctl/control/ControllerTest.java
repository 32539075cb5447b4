package io.rootctl.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.rootctl.engine.Engine;
import io.rootctl.engine.RunReport;
import io.rootctl.http.ControllerEndpoints;
import io.rootctl.metrics.MicrometerRootctlMetrics;
import io.rootctl.metrics.RootctlMetrics;
import io.rootctl.model.AccountId;
import io.rootctl.sim.InMemoryCloud;
import io.rootctl.sim.SimException;
import io.rootctl.testing.ManualClock;
import io.rootctl.testing.RecordingAuditLog;
import io.rootctl.testing.TwinEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The threaded glue over the in-process twin, with a manual clock for health. */
class ControllerTest {
  /** How long to await a state: only a bound for a hung test, never a performance budget. */
  private static final Duration PATIENCE = Duration.ofMinutes(2);

  private static final ObjectMapper JSON = new ObjectMapper();
  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T09:00:00Z"));
  private final InMemoryCloud cloud = InMemoryCloud.demo(clock);
  private final Engine engine = TwinEngine.of(cloud, clock, new RecordingAuditLog());

  private Controller controller(ControllerConfig config) {
    return controller(config, RootctlMetrics.NOOP, 0.0);
  }

  private Controller controller(ControllerConfig config, RootctlMetrics metrics, double jitter) {
    return new Controller(
        engine,
        new DesiredStateSource(
            config.desiredState(),
            engine::load,
            RootctlMetrics.NOOP,
            clock,
            DesiredStateSource.DEFAULT_LOAD_BUDGET),
        new LastGoodDesiredState(RootctlMetrics.NOOP, clock),
        metrics,
        clock,
        config,
        () -> jitter);
  }

  @Test
  void runsAtStartBecomesReadyAndCallsTheLoopStuckOnceItStopsTicking() throws Exception {
    var config =
        ControllerConfig.defaults(Path.of("desired-state"))
            .withTiming(Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofMillis(50))
            .withObserve(true);
    var controller = controller(config);
    assertThat(controller.readiness().ok()).isFalse();
    controller.start();
    try {
      await().atMost(PATIENCE).until(() -> controller.readiness().ok());
      assertThat(controller.history())
          .singleElement()
          .satisfies(r -> assertThat(r.status()).isEqualTo(RunReport.Status.OBSERVED));
      assertThat(controller.health().ok()).isTrue();

      clock.advance(config.stuckAfter().plusSeconds(1));

      assertThat(controller.health().ok())
          .as("max(3 intervals, run timeout) without a tick")
          .isFalse();
      assertThat(controller.health().reason()).contains("has not ticked");
      controller.trigger();
      await().atMost(PATIENCE).until(() -> controller.history().size() == 2);
      assertThat(controller.health().ok()).as("a run ticks the loop again").isTrue();
    } finally {
      controller.stop();
      assertThat(controller.awaitTermination(PATIENCE)).isTrue();
    }
    assertThat(controller.health().ok()).as("stopped on purpose is not unhealthy").isTrue();
  }

  /**
   * Issue 12: a run the blast-radius guard refuses is seen at once ({@code rootctl_guard_blocked}
   * 1), with the mode the run used, the configured interval and the features the desired state
   * wants, so alerts can tell an enforce-mode controller stopped by its guard from one that
   * observes.
   */
  @Test
  void exportsTheModeTheGuardTheIntervalAndTheWantedFeaturesOfEachRun() throws Exception {
    var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    var config =
        ControllerConfig.defaults(Path.of("desired-state"))
            .withTiming(Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofMillis(50))
            .withApply(1, java.util.OptionalInt.of(1));
    var controller = controller(config, new MicrometerRootctlMetrics(registry), 0.5);
    assertThat(sample(registry.scrape(), "rootctl_reconcile_interval_seconds")).contains(300.0);
    assertThat(sample(registry.scrape(), "rootctl_mode{mode=\"enforce\"}")).contains(0.0);
    controller.start();
    try {
      await().atMost(PATIENCE).until(() -> controller.history().size() == 1);
      assertThat(controller.history().getFirst().status())
          .isEqualTo(RunReport.Status.GUARD_BLOCKED);
      var scrape = registry.scrape();
      assertThat(sample(scrape, "rootctl_guard_blocked")).contains(1.0);
      assertThat(sample(scrape, "rootctl_mode{mode=\"enforce\"}")).contains(1.0);
      assertThat(sample(scrape, "rootctl_mode{mode=\"observe\"}")).contains(0.0);
      assertThat(sample(scrape, "rootctl_org_feature_wanted{feature=\"RootSessions\"}"))
          .contains(1.0);
      assertThat(
              sample(scrape, "rootctl_org_feature_wanted{feature=\"RootCredentialsManagement\"}"))
          .contains(1.0);
    } finally {
      controller.stop();
      assertThat(controller.awaitTermination(PATIENCE)).isTrue();
    }
  }

  /** The value of one sample ({@code name{labels}}) in {@code scrape}, if present. */
  private static Optional<Double> sample(String scrape, String nameAndLabels) {
    var m =
        java.util.regex.Pattern.compile(
                "(?m)^" + java.util.regex.Pattern.quote(nameAndLabels) + " ([-+.0-9Ee]+)$")
            .matcher(scrape);
    return m.find() ? Optional.of(Double.parseDouble(m.group(1))) : Optional.empty();
  }

  /**
   * Issue 9, fault 1: an SCP denies the audit session in one drifted account. The run is a failure
   * (partial) in the history, /status and the run-result metric, the account is listed with the AWS
   * operation, error code and request id, {@code rootctl_accounts{state="unreadable"}} is 1, and
   * its drift series stays at its last value, marked stale, until a run reads it again.
   */
  @Test
  void anAccountThatCannotBeReadMakesTheRunPartialAndStaysVisibleMarkedStale() throws Exception {
    var staging = AccountId.of("666666666666");
    var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    var config =
        ControllerConfig.defaults(Path.of("desired-state"))
            .withTiming(Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofMillis(50))
            .withObserve(true);
    // Mid-range jitter: the retry after a partial run waits 2.5 s of the manual clock, which the
    // test does not advance, so only its own triggers start runs.
    var controller = controller(config, new MicrometerRootctlMetrics(registry), 0.5);
    var endpoints = new ControllerEndpoints(controller, registry::scrape);
    var driftSeries =
        "rootctl_account_drift{account_id=\"666666666666\",account_name=\"staging\","
            + "ou=\"/Root/Workloads/NonProd\"}";
    var staleSeries = "rootctl_account_unreadable_seconds{account_id=\"666666666666\"}";
    assertThat(sample(registry.scrape(), "rootctl_accounts{state=\"unreadable\"}"))
        .as("exported at 0 from the first scrape")
        .contains(0.0);
    controller.start();
    try {
      await().atMost(PATIENCE).until(() -> controller.history().size() == 1);
      assertThat(sample(registry.scrape(), driftSeries)).contains(1.0);

      cloud
          .organization()
          .failAlways(
              "sts:AssumeRoot",
              staging,
              new SimException("AccessDenied", 403, "explicit deny in a service control policy"));
      controller.trigger();
      await().atMost(PATIENCE).until(() -> controller.history().size() == 2);

      var partial = controller.history().getFirst();
      assertThat(partial.status()).as(partial.message()).isEqualTo(RunReport.Status.PARTIAL);
      assertThat(partial.message()).contains("1 account(s) could not be read");
      var scrape = registry.scrape();
      assertThat(sample(scrape, "rootctl_accounts{state=\"unreadable\"}")).contains(1.0);
      assertThat(sample(scrape, "rootctl_accounts{state=\"in_sync\"}")).contains(5.0);
      assertThat(sample(scrape, "rootctl_reconcile_total{result=\"retryable_failure\"}"))
          .contains(1.0);
      assertThat(sample(scrape, driftSeries)).as("last known drift, kept").contains(1.0);
      assertThat(sample(scrape, staleSeries)).as("marked stale").contains(0.0);

      var status = JSON.readTree(endpoints.statusJson());
      var run = status.path("runs").get(0);
      assertThat(run.path("status").asText()).isEqualTo("partial");
      assertThat(run.path("result").asText()).isEqualTo("retryable_failure");
      assertThat(run.path("counts").path("unreadable").asInt()).isEqualTo(1);
      assertThat(run.path("errors").toString())
          .contains(
              "666666666666 (staging): could not be read: ",
              "sts:AssumeRoot in account 666666666666 failed: AccessDenied");
      var unreadable = status.path("unreadable");
      assertThat(unreadable).hasSize(1);
      var entry = unreadable.get(0);
      assertThat(entry.path("accountId").asText()).isEqualTo("666666666666");
      assertThat(entry.path("name").asText()).isEqualTo("staging");
      assertThat(entry.path("ou").asText()).isEqualTo("/Root/Workloads/NonProd");
      assertThat(entry.path("reason").asText())
          .contains("sts:AssumeRoot", "666666666666", "AccessDenied", "(request inmem-");
      assertThat(entry.path("lastKnown").asText()).isEqualTo("drifted");
      assertThat(entry.path("lastReadAt").asText())
          .isEqualTo(controller.history().get(1).finishedAt().toString());
      assertThat(status.path("drifted").findValuesAsText("accountId"))
          .as("drifted lists what this run read")
          .doesNotContain("666666666666");

      cloud.organization().stopFailing("sts:AssumeRoot", staging);
      controller.trigger();
      await().atMost(PATIENCE).until(() -> controller.history().size() == 3);

      assertThat(controller.history().getFirst().status()).isEqualTo(RunReport.Status.OBSERVED);
      var after = registry.scrape();
      assertThat(sample(after, "rootctl_accounts{state=\"unreadable\"}")).contains(0.0);
      assertThat(sample(after, staleSeries)).as("the stale mark clears").isEmpty();
      assertThat(sample(after, driftSeries)).contains(1.0);
      assertThat(JSON.readTree(endpoints.statusJson()).path("unreadable")).isEmpty();
    } finally {
      controller.stop();
      assertThat(controller.awaitTermination(PATIENCE)).isTrue();
    }
  }

  @Test
  void theRunLogNamesTheFirstTenUnreadAccountsAndCountsTheRest() {
    var unreadable = new java.util.ArrayList<io.rootctl.plan.Unreadable>();
    for (int i = 0; i < 12; i++) {
      unreadable.add(
          new io.rootctl.plan.Unreadable(
              AccountId.of(String.format("1000000000%02d", i)), "a" + i, "AccessDenied " + i));
    }

    var line = Controller.unreadableLine(unreadable);

    assertThat(line)
        .startsWith("12 account(s) could not be read and are not counted as in sync: ")
        .contains("100000000000: AccessDenied 0; ", "100000000009: AccessDenied 9")
        .doesNotContain("100000000010")
        .endsWith("; and 2 more (see /status)");
  }

  record Case(String name, RunReport.Status status, int streak, Class<?> expected) {}

  @Test
  void reportsScheduleTheNextRunByTheKindOfTheirStatus() {
    var cases =
        List.of(
            new Case("observed", RunReport.Status.OBSERVED, 0, RunResult.Succeeded.class),
            new Case("partial", RunReport.Status.PARTIAL, 2, RunResult.RetryableFailure.class),
            new Case(
                "throttled",
                RunReport.Status.FAILED_RETRYABLE,
                1,
                RunResult.RetryableFailure.class),
            new Case("guard", RunReport.Status.GUARD_BLOCKED, 0, RunResult.TerminalFailure.class),
            new Case(
                "denied", RunReport.Status.FAILED_TERMINAL, 0, RunResult.TerminalFailure.class));
    for (var c : cases) {
      var report =
          new RunReport(
              "r",
              "rev",
              clock.instant(),
              clock.instant(),
              c.status(),
              "m",
              Optional.empty(),
              Optional.empty(),
              List.of(),
              Optional.empty(),
              Optional.empty(),
              Map.of());
      var result = Controller.result(report, c.streak());
      assertThat(result).as(c.name()).isInstanceOf(c.expected());
      if (result instanceof RunResult.RetryableFailure r) {
        assertThat(r.attempt()).as("%s: the streak is the attempt", c.name()).isEqualTo(c.streak());
      }
    }
  }
}
