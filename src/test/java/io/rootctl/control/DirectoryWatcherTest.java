package io.rootctl.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rootctl.desired.yaml.DesiredStateLoader;
import io.rootctl.metrics.RootctlMetrics;
import io.rootctl.testing.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The built-in directory watcher as an event source, on its own polling thread. */
class DirectoryWatcherTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T09:00:00Z"));
  private final LastGoodDesiredState desired = new LastGoodDesiredState(RootctlMetrics.NOOP, clock);
  private final IntervalTimerTest.RecordingSink sink = new IntervalTimerTest.RecordingSink();

  private DirectoryWatcher watcher(
      java.util.function.Function<Path, io.rootctl.desired.yaml.LoadResult> loader) {
    return new DirectoryWatcher(
        new DesiredStateSource(
            Path.of("desired-state"),
            loader,
            RootctlMetrics.NOOP,
            clock,
            DesiredStateSource.DEFAULT_LOAD_BUDGET),
        desired,
        Duration.ofMillis(50));
  }

  @Test
  void aLoadedRevisionAsksForOneRunAndStopEndsThePolling() throws Exception {
    var watcher = watcher(dir -> new DesiredStateLoader().load(dir, LocalDate.of(2026, 11, 23)));
    watcher.start(sink);
    try {
      await().atMost(Duration.ofSeconds(20)).until(() -> desired.current().isPresent());
      assertThat(watcher.health().up()).isTrue();
    } finally {
      watcher.stop();
      assertThat(watcher.awaitTermination(Duration.ofSeconds(20))).isTrue();
    }
    assertThat(sink.requests).containsExactly("all NEW_REVISION");
    assertThat(watcher.health().up()).isFalse();
  }

  @Test
  void isDownWhileALoadIsStuckPastItsBudget() throws Exception {
    var entered = new CountDownLatch(1);
    var never = new CountDownLatch(1);
    var watcher =
        watcher(
            dir -> {
              entered.countDown();
              try {
                never.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              throw new IllegalStateException("never loads");
            });
    watcher.start(sink);
    try {
      entered.await();
      clock.advance(DesiredStateSource.DEFAULT_LOAD_BUDGET);
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  assertThat(watcher.health().reason())
                      .isEqualTo(
                          "the desired-state load started at 2026-11-23T09:00:00Z has not"
                              + " finished within its 30s budget"));
      assertThat(watcher.health().up()).isFalse();
      assertThat(sink.requests).as("a rejected load asks for no run").isEmpty();
    } finally {
      watcher.stop();
      assertThat(watcher.awaitTermination(Duration.ofSeconds(20))).isTrue();
      never.countDown();
    }
  }
}
