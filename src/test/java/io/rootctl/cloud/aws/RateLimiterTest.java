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
}
