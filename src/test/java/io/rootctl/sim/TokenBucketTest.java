package io.rootctl.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
  final AdjustableClock clock = new AdjustableClock(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));

  @Test
  void startsFullAtBurstThenRefillsAtTheRate() {
    var bucket = new TokenBucket(5, 8, clock);
    for (int i = 0; i < 8; i++) {
      assertThat(bucket.tryAcquire()).as("token %d of the burst", i).isTrue();
    }
    assertThat(bucket.tryAcquire()).as("burst spent").isFalse();
    clock.advance(Duration.ofMillis(199));
    assertThat(bucket.tryAcquire()).as("0.995 tokens is not a token").isFalse();
    clock.advance(Duration.ofMillis(1));
    assertThat(bucket.tryAcquire()).as("one token after 1/rate s").isTrue();
    assertThat(bucket.tryAcquire()).isFalse();
  }

  @Test
  void neverHoldsMoreThanTheBurst() {
    var bucket = new TokenBucket(1, 2, clock);
    clock.advance(Duration.ofHours(1));
    assertThat(bucket.tryAcquire()).isTrue();
    assertThat(bucket.tryAcquire()).isTrue();
    assertThat(bucket.tryAcquire()).isFalse();
  }
}
