package io.rootctl.control;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with full jitter: attempt n waits a random time in [0, min(cap, base *
 * 2^(n-1))]. Pure: the jitter source is a parameter ({@code [0, 1)}).
 */
public record Backoff(Duration base, Duration cap) {

  public Backoff {
    if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
      throw new IllegalArgumentException("need 0 < base <= cap, got " + base + ", " + cap);
    }
  }

  /** The delay before retry {@code attempt} (1-based). */
  public Duration delay(int attempt, DoubleSupplier jitter) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt is 1-based: " + attempt);
    }
    var ceiling = ceiling(attempt);
    double j = Math.min(Math.max(jitter.getAsDouble(), 0.0), 1.0);
    return Duration.ofMillis(Math.round(ceiling.toMillis() * j));
  }

  /** The largest delay attempt {@code attempt} may get. */
  public Duration ceiling(int attempt) {
    int shift = Math.min(attempt - 1, 30);
    long millis = base.toMillis() << shift;
    return millis <= 0 || millis > cap.toMillis() ? cap : Duration.ofMillis(millis);
  }
}
