package io.rootctl.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rootctl.engine.Engine;
import io.rootctl.engine.RunReport;
import io.rootctl.metrics.RootctlMetrics;
import io.rootctl.sim.InMemoryCloud;
import io.rootctl.testing.ManualClock;
import io.rootctl.testing.TwinEngine;
import io.rootctl.testing.RecordingAuditLog;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The threaded glue over the in-process twin, with a manual clock for health. */
class ControllerTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T09:00:00Z"));
  private final InMemoryCloud cloud = InMemoryCloud.demo(clock);
  private final Engine engine = TwinEngine.of(cloud, clock, new RecordingAuditLog());

  private Controller controller(ControllerConfig config) {
    return new Controller(
        engine,
        new DesiredStateSource(
            config.desiredState(),
            engine::load,
            RootctlMetrics.NOOP,
            clock,
            DesiredStateSource.DEFAULT_LOAD_BUDGET),
        new LastGoodDesiredState(RootctlMetrics.NOOP, clock),
        RootctlMetrics.NOOP,
        clock,
        config,
        () -> 0.0);
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
      await().atMost(Duration.ofSeconds(20)).until(() -> controller.readiness().ok());
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
      await().atMost(Duration.ofSeconds(20)).until(() -> controller.history().size() == 2);
      assertThat(controller.health().ok()).as("a run ticks the loop again").isTrue();
    } finally {
      controller.stop();
      assertThat(controller.awaitTermination(Duration.ofSeconds(20))).isTrue();
    }
    assertThat(controller.health().ok()).as("stopped on purpose is not unhealthy").isTrue();
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
