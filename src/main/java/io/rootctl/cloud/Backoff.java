package io.rootctl.cloud;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * An exponential backoff schedule with full jitter (AWS Architecture Blog, "Exponential Backoff And
 * Jitter"): attempt {@code n} waits a uniformly random time in {@code [0, min(cap, base *
 * 2^(n-1)))}. Pure: the randomness comes from the caller's jitter source.
 *
 * @param base the ceiling of the first retry's delay
 * @param cap the largest ceiling any retry's delay may have
 */
public record Backoff(Duration base, Duration cap) {

  /** 200 ms doubling up to 20 s: enough to ride out an IAM or STS throttling burst. */
  public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(20));

  public Backoff {
    if (base.isNegative() || base.isZero()) {
      throw new IllegalArgumentException("backoff base must be positive: " + base);
    }
    if (cap.compareTo(base) < 0) {
      throw new IllegalArgumentException("backoff cap " + cap + " is below its base " + base);
    }
  }

  /**
   * The delay before retry number {@code attempt} (1 for the first retry).
   *
   * @param jitter a source of values in {@code [0, 1)}; {@code () -> 1.0} gives the ceiling
   */
  public Duration delay(int attempt, DoubleSupplier jitter) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt counts from 1: " + attempt);
    }
    var factor = Math.clamp(jitter.getAsDouble(), 0.0, 1.0);
    return Duration.ofNanos(Math.round(ceiling(attempt).toNanos() * factor));
  }

  /** The largest delay attempt {@code attempt} can get. */
  public Duration ceiling(int attempt) {
    // Cap the shift so the doubling cannot overflow; the cap bounds the result anyway.
    var shift = Math.min(attempt - 1, 30);
    var nanos = base.toNanos();
    var ceiling = nanos > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : nanos << shift;
    return Duration.ofNanos(Math.min(ceiling, cap.toNanos()));
  }
}
