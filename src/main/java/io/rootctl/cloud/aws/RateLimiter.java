package io.rootctl.cloud.aws;

import io.rootctl.cloud.Sleeper;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A token bucket: {@code permitsPerSecond} on average, bursts of up to {@code burst}. {@link
 * #acquire()} blocks (through the injected {@link Sleeper}) until its permit is due; permits are
 * reserved in arrival order, so waiting callers queue rather than stampede. Keeps a large
 * organization below the STS and IAM quotas before the SDK ever sees a throttle. Thread-safe.
 */
public final class RateLimiter {
  private final double permitsPerNano;
  private final double burst;
  private final LongSupplier nanoTime;
  private final Sleeper sleeper;
  private double tokens;
  private long last;

  /**
   * @param nanoTime a monotonic clock in nanoseconds ({@code System::nanoTime} in production)
   */
  public RateLimiter(double permitsPerSecond, int burst, LongSupplier nanoTime, Sleeper sleeper) {
    if (!(permitsPerSecond > 0) || Double.isInfinite(permitsPerSecond)) {
      throw new IllegalArgumentException(
          "permits per second must be positive: " + permitsPerSecond);
    }
    if (burst < 1) {
      throw new IllegalArgumentException("burst must be at least 1: " + burst);
    }
    this.permitsPerNano = permitsPerSecond / 1e9;
    this.burst = burst;
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
    this.tokens = burst;
    this.last = nanoTime.getAsLong();
  }

  /** Takes one permit, waiting as long as the bucket needs to refill it. */
  public void acquire() throws InterruptedException {
    var wait = reserve();
    if (wait.isPositive()) {
      sleeper.sleep(wait);
    }
  }

  /** Takes one permit now (possibly on credit) and says how long its holder must wait. */
  synchronized Duration reserve() {
    var now = nanoTime.getAsLong();
    tokens = Math.min(burst, tokens + (now - last) * permitsPerNano);
    last = now;
    tokens -= 1;
    if (tokens >= 0) {
      return Duration.ZERO;
    }
    return Duration.ofNanos((long) Math.ceil(-tokens / permitsPerNano));
  }

  @Override
  public String toString() {
    return "RateLimiter[" + permitsPerNano * 1e9 + "/s, burst " + (int) burst + "]";
  }
}
