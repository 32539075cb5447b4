package io.rootctl.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rootctl.desired.yaml.LoadResult;
import io.rootctl.engine.Engine;
import io.rootctl.metrics.MetricNames;
import io.rootctl.metrics.MicrometerRootctlMetrics;
import io.rootctl.sim.InMemoryCloud;
import io.rootctl.testing.GitSyncCheckout;
import io.rootctl.testing.ManualClock;
import io.rootctl.testing.RecordingAuditLog;
import io.rootctl.testing.SpecialFiles;
import io.rootctl.testing.TwinEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 9, fault 7: hostile desired-state folders against the running controller. */
class ControllerDesiredStateTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T09:00:00Z"));
  private final InMemoryCloud cloud = InMemoryCloud.demo(clock);
  private final Engine engine = TwinEngine.of(cloud, clock, new RecordingAuditLog());
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final MicrometerRootctlMetrics metrics = new MicrometerRootctlMetrics(registry);

  @TempDir Path tmp;

  private Controller controller(Path dir, Function<Path, LoadResult> loader) {
    var config =
        ControllerConfig.defaults(dir)
            .withTiming(Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofMillis(50))
            .withObserve(true);
    return new Controller(
        engine,
        new DesiredStateSource(dir, loader, metrics, clock, DesiredStateSource.DEFAULT_LOAD_BUDGET),
        new LastGoodDesiredState(metrics, clock),
        metrics,
        clock,
        config,
        () -> 0.0);
  }

  /**
   * A named pipe called *.yaml froze the loader for good: later good revisions never loaded while
   * /readyz stayed green. It is now an error at its file, and the next commit loads.
   */
  @Test
  void aNamedPipeInARevisionIsRejectedAndTheNextGoodRevisionLoads() throws Exception {
    var checkout = new GitSyncCheckout(tmp.resolve("git"));
    var bad =
        checkout.publish(
            Path.of("desired-state"), dir -> SpecialFiles.fifo(dir.resolve("accounts/pipe.yaml")));
    var controller = controller(checkout.desiredState(), engine::load);
    controller.start();
    try {
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  assertThat(controller.status().rejected())
                      .hasValueSatisfying(
                          r -> {
                            assertThat(r.revision()).isEqualTo(bad);
                            assertThat(r.errors())
                                .containsExactly(
                                    "accounts/pipe.yaml:1:1: a named pipe (FIFO), not a regular"
                                        + " file: not read (only regular files are desired"
                                        + " state)");
                          }));
      assertThat(controller.readiness().ok()).isFalse();

      var good = checkout.publish(Path.of("desired-state"));

      await().atMost(Duration.ofSeconds(20)).until(() -> controller.readiness().ok());
      assertThat(controller.status().lastGoodRevision()).contains(good);
    } finally {
      controller.stop();
      assertThat(controller.awaitTermination(Duration.ofSeconds(20))).isTrue();
    }
  }

  /**
   * A load that never ends (a hung volume) shows in /readyz and in the stuck gauge once its budget
   * has passed on the controller's clock, and stopping the controller still works.
   */
  @Test
  void aLoadStuckPastItsBudgetMakesTheControllerNotReadyAndStillStops() throws Exception {
    var entered = new CountDownLatch(1);
    var never = new CountDownLatch(1);
    var controller =
        controller(
            Path.of("desired-state"),
            dir -> {
              entered.countDown();
              try {
                never.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return engine.load(dir);
            });
    controller.start();
    try {
      entered.await();
      clock.advance(DesiredStateSource.DEFAULT_LOAD_BUDGET);

      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  assertThat(controller.readiness().reason())
                      .isEqualTo(
                          "the desired-state load started at 2026-11-23T09:00:00Z has not"
                              + " finished within its 30s budget (a hung volume?); the last good"
                              + " desired state stays in force"));
      assertThat(controller.readiness().ok()).isFalse();
      assertThat(registry.get(MetricNames.DESIRED_STATE_LOAD_STUCK).gauge().value()).isEqualTo(1.0);
      assertThat(registry.get(MetricNames.DESIRED_STATE_VALID).gauge().value()).isZero();
      assertThat(controller.status().rejected())
          .hasValueSatisfying(
              r -> assertThat(r.errors().getFirst()).contains("has not finished within 30s"));
    } finally {
      controller.stop();
      assertThat(controller.awaitTermination(Duration.ofSeconds(20)))
          .as("SIGTERM stops the controller while a load hangs")
          .isTrue();
      never.countDown();
    }
  }
}
