package io.rootctl.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ScheduleTest {
  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
  private static final Schedule FIVE_MINUTES = Schedule.of(Duration.ofMinutes(5));

  record Case(String name, String reason, RunResult last, double jitter, Duration expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "success waits the interval",
            "level-based: the next run is an interval away",
            new RunResult.Succeeded(NOW),
            0.0,
            Duration.ofMinutes(5)),
        new Case(
            "success with full jitter",
            "jitter adds up to 10% so controllers drift apart",
            new RunResult.Succeeded(NOW),
            1.0,
            Duration.ofSeconds(330)),
        new Case(
            "terminal failure waits the interval",
            "retrying bad config soon cannot help",
            new RunResult.TerminalFailure(NOW, "AccessDenied"),
            0.0,
            Duration.ofMinutes(5)),
        new Case(
            "first retryable failure",
            "attempt 1 waits up to the 5 s base",
            new RunResult.RetryableFailure(NOW, 1, "Throttling"),
            1.0,
            Duration.ofSeconds(5)),
        new Case(
            "third retryable failure",
            "doubles each attempt: 5, 10, 20 s",
            new RunResult.RetryableFailure(NOW, 3, "Throttling"),
            1.0,
            Duration.ofSeconds(20)),
        new Case(
            "retry with zero jitter",
            "full jitter may retry at once",
            new RunResult.RetryableFailure(NOW, 3, "Throttling"),
            0.0,
            Duration.ZERO),
        new Case(
            "many retryable failures",
            "backoff is capped at the interval",
            new RunResult.RetryableFailure(NOW, 40, "5xx"),
            1.0,
            Duration.ofMinutes(5)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void nextRunFollowsTheLastResult(Case c) {
    assertThat(FIVE_MINUTES.next(c.last(), NOW, () -> c.jitter()))
        .as(c.reason())
        .isEqualTo(NOW.plus(c.expected()));
  }
}
