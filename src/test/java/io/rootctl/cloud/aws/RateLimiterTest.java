package io.rootctl.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final List<Duration> waits = new ArrayList<>();

  /** A limiter whose sleeper advances the manual clock, as a real wait would. */
  private RateLimiter limiter(double perSecond, int burst) {
    return new RateLimiter(
        perSecond,
        burst,
        nanos::get,
        d -> {
          waits.add(d);
          nanos.addAndGet(d.toNanos());
        });
  }

  @Test
  void letsABurstThroughWithoutWaiting() throws InterruptedException {
    var limiter = limiter(2, 3);
    for (var i = 0; i < 3; i++) {
      limiter.acquire();
    }
    assertThat(waits).isEmpty();
  }

  @Test
  void pacesCallsBeyondTheBurstAtTheRate() throws InterruptedException {
    var limiter = limiter(2, 1);
    limiter.acquire();
    limiter.acquire();
    limiter.acquire();
    assertThat(waits).containsExactly(Duration.ofMillis(500), Duration.ofMillis(500));
    assertThat(nanos.get()).isEqualTo(2_000_000_000L);
  }

  @Test
  void refillsWhileIdleButNeverBeyondTheBurst() throws InterruptedException {
    var limiter = limiter(10, 2);
    limiter.acquire();
    limiter.acquire();
    nanos.addAndGet(Duration.ofSeconds(60).toNanos());
    limiter.acquire();
    limiter.acquire();
    limiter.acquire();
    assertThat(waits).containsExactly(Duration.ofMillis(100));
  }

  @Test
  void queuesConcurrentReservationsInsteadOfLettingThemStampede() {
    var limiter = limiter(4, 1);
    // Reservations taken at the same instant wait 0, 250, 500, 750 ms: each behind the last.
    var reserved = new ArrayList<Duration>();
    for (var i = 0; i < 4; i++) {
      reserved.add(limiter.reserve());
    }
    assertThat(reserved)
        .containsExactly(
            Duration.ZERO, Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofMillis(750));
  }

  private void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
  }

  @Test
  void aThrottleCutsTheRateByBetaAndDropsTheSavedTokens() {
    var limiter = limiter(10, 10);

    limiter.throttled();

    assertThat(limiter.ratePerSecond()).isEqualTo(7.0);
    // No burst after a throttle: the next permit is due at the new rate.
    assertThat(limiter.reserve()).isEqualTo(Duration.ofNanos(142_857_143));
  }

  @Test
  void throttlesWithinOneIntervalCutOnlyOnce() {
    var limiter = limiter(10, 10);

    limiter.throttled();
    advance(Duration.ofMillis(500));
    limiter.throttled();
    limiter.throttled();

    assertThat(limiter.ratePerSecond()).isCloseTo(7.5, org.assertj.core.data.Offset.offset(1e-9));
    advance(Duration.ofMillis(500));
    limiter.throttled();
    assertThat(limiter.ratePerSecond())
        .isCloseTo(8.0 * 0.7, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void aThrottleStormStopsAtTheFloor() {
    var limiter = new RateLimiter(10, 10, 3, nanos::get, d -> {});
    for (int i = 0; i < 20; i++) {
      limiter.throttled();
      advance(Duration.ofSeconds(1));
    }
    limiter.throttled();
    assertThat(limiter.ratePerSecond()).isEqualTo(3.0);
  }

  @Test
  void recoversATenthOfTheConfiguredRatePerQuietSecondButNeverAboveIt() {
    var limiter = new RateLimiter(10, 10, 1, nanos::get, d -> {});
    limiter.throttled(); // 7
    advance(Duration.ofSeconds(1));
    limiter.throttled(); // 8 * 0.7 = 5.6

    advance(Duration.ofSeconds(2));
    assertThat(limiter.ratePerSecond()).isCloseTo(7.6, org.assertj.core.data.Offset.offset(1e-9));
    advance(Duration.ofSeconds(60));
    assertThat(limiter.ratePerSecond()).isEqualTo(10.0);
    assertThat(limiter.maxRatePerSecond()).isEqualTo(10.0);
  }

  @Test
  void pacesAtTheReducedRateAfterAThrottle() throws InterruptedException {
    var limiter = limiter(4, 1);
    limiter.acquire();
    limiter.throttled(); // 2.8/s, tokens dropped
    waits.clear();
    limiter.acquire();
    assertThat(waits).hasSize(1);
    assertThat(waits.get(0).toNanos()).isBetween(357_000_000L, 358_000_000L);
  }

  @Test
  void theDefaultFloorIsATwentiethOfTheRateButAtLeastHalfAPermitPerSecond() {
    assertThat(RateLimiter.floorFor(300)).isEqualTo(15.0);
    assertThat(RateLimiter.floorFor(8)).isEqualTo(0.5);
    assertThat(RateLimiter.floorFor(0.2)).isEqualTo(0.2);
  }
}
