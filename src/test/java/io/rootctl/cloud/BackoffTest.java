package io.rootctl.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BackoffTest {
  private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));

  record Case(String name, String reason, int attempt, double jitter, Duration expected) {}

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "first retry ceiling",
            "attempt 1 waits at most the base",
            1,
            1.0,
            Duration.ofMillis(100)),
        new Case("doubles", "attempt 3 waits at most base * 4", 3, 1.0, Duration.ofMillis(400)),
        new Case(
            "full jitter",
            "half the jitter gives half the ceiling",
            3,
            0.5,
            Duration.ofMillis(200)),
        new Case("zero jitter", "full jitter may wait nothing", 4, 0.0, Duration.ZERO),
        new Case(
            "capped", "attempt 10 would be 51.2 s; the cap is 5 s", 10, 1.0, Duration.ofSeconds(5)),
        new Case("no overflow", "attempt 1000 stays at the cap", 1000, 1.0, Duration.ofSeconds(5)),
        new Case(
            "jitter clamped", "jitter above 1 is treated as 1", 2, 7.0, Duration.ofMillis(200)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void delayIsExponentialWithFullJitterAndCapped(Case c) {
    assertThat(BACKOFF.delay(c.attempt(), () -> c.jitter())).as(c.reason()).isEqualTo(c.expected());
  }

  @Test
  void rejectsAttemptsBelowOne() {
    assertThatThrownBy(() -> BACKOFF.delay(0, () -> 0.5))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsACapBelowTheBase() {
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
