package io.rootctl.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootctl.control.TriggerQueue.Trigger;
import io.rootctl.model.AccountId;
import io.rootctl.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The resync timer as an event source: what it asks the queue for, by the manual clock. */
class IntervalTimerTest {
  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
  private final ManualClock clock = new ManualClock(NOW);
  private final RecordingSink sink = new RecordingSink();
  private final IntervalTimer timer =
      new IntervalTimer(Schedule.of(Duration.ofMinutes(5)), clock, () -> 0.5);

  /** A sink recording what a source asks for. */
  static final class RecordingSink implements TriggerSink {
    final List<String> requests = new ArrayList<>();

    @Override
    public synchronized void reconcileAll(Trigger why) {
      requests.add("all " + why);
    }

    @Override
    public synchronized void reconcileBy(Trigger why, Instant at) {
      requests.add(why + " by " + at);
    }

    @Override
    public synchronized void accountsChanged(Set<AccountId> accounts) {
      requests.add("accounts " + new TreeSet<>(accounts));
    }
  }

  @Test
  void startAsksForARunOneIntervalLaterWithoutJitter() {
    timer.start(sink);

    assertThat(sink.requests).containsExactly("INTERVAL by 2026-11-23T10:05:00Z");
    assertThat(timer.health().up()).isTrue();
  }

  @Test
  void eachFinishedRunArmsTheDeadlineTheScheduleGivesFromTheEndOfThatRun() {
    timer.start(sink);
    clock.advance(Duration.ofSeconds(30));
    timer.finished(new RunResult.Succeeded(clock.instant()));
    timer.finished(new RunResult.RetryableFailure(clock.instant(), 2, "throttled"));
    timer.finished(new RunResult.TerminalFailure(clock.instant(), "denied"));
    timer.idle();

    assertThat(sink.requests)
        .containsExactly(
            "INTERVAL by 2026-11-23T10:05:00Z",
            "INTERVAL by 2026-11-23T10:05:45Z", // 5m + 10% x 0.5 jitter
            "INTERVAL by "
                + NOW.plusSeconds(30)
                    .plus(Schedule.of(Duration.ofMinutes(5)).retry().delay(2, () -> 0.5)),
            "INTERVAL by 2026-11-23T10:05:45Z",
            "INTERVAL by 2026-11-23T10:05:30Z");
  }

  @Test
  void aStoppedTimerArmsNothing() {
    timer.start(sink);
    timer.stop();
    timer.finished(new RunResult.Succeeded(clock.instant()));

    assertThat(sink.requests).hasSize(1);
    assertThat(timer.health().up()).isFalse();
  }
}
