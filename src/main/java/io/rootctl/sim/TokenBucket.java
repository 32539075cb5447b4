package io.rootctl.sim;

import java.time.Clock;

/**
 * A token bucket: {@code burst} tokens, refilled at {@code ratePerSecond}, as AWS throttles. Time
 * comes from the injected clock. Thread-safe.
 */
final class TokenBucket {
  private final double ratePerSecond;
  private final double burst;
  private final Clock clock;
  private double tokens;
  private long lastNanos;

  TokenBucket(double ratePerSecond, double burst, Clock clock) {
    if (ratePerSecond <= 0 || burst < 1) {
      throw new IllegalArgumentException("rate must be > 0 and burst >= 1");
    }
    this.ratePerSecond = ratePerSecond;
    this.burst = burst;
    this.clock = clock;
    this.tokens = burst;
    this.lastNanos = nanos();
  }

  private long nanos() {
    var now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  /** Takes one token if there is one; false means the call is throttled. */
  synchronized boolean tryAcquire() {
    var now = nanos();
    if (now > lastNanos) {
      tokens = Math.min(burst, tokens + (now - lastNanos) / 1e9 * ratePerSecond);
      lastNanos = now;
    }
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
