package io.rootctl.cloud.aws;

import io.rootctl.cloud.Sleeper;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A token bucket that adapts to throttling: {@code permitsPerSecond} on average, bursts of up to
 * {@code burst}. {@link #acquire()} blocks (through the injected {@link Sleeper}) until its permit
 * is due; permits are reserved in arrival order, so waiting callers queue rather than stampede.
 *
 * <p>Adaptive (AIMD, after the AWS SDK's adaptive retry mode, whose {@code RateLimiterTokenBucket}
 * multiplies its rate by 0.7 on a throttling answer: see <a
 * href="https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html">Retry
 * behavior</a>): {@link #throttled()} multiplies the rate in force by {@value #BETA}, at most once
 * per {@link #DECREASE_INTERVAL} (the answers to calls sent before a decrease took effect do not
 * count again), never below the floor; every second without a throttle then adds a tenth of the
 * configured rate back, never above it. So a limiter cut to its floor is back at the configured
 * rate within ten quiet seconds. Unlike the SDK (which recovers along a cubic curve towards a
 * measured rate) it never goes above the configured rate: that is AWS's published figure or the
 * user's. Time comes only from the injected {@code nanoTime}. Thread-safe.
 */
public final class RateLimiter {
  /** The factor a throttling answer multiplies the rate by, as the SDK's adaptive mode does. */
  static final double BETA = 0.7;

  /** At most one decrease per this interval. */
  static final Duration DECREASE_INTERVAL = Duration.ofSeconds(1);

  private final double maxPerNano;
  private final double floorPerNano;
  private final double burst;
  private final LongSupplier nanoTime;
  private final Sleeper sleeper;
  private double permitsPerNano;
  private double tokens;
  private long last;
  private long lastDecrease;
  private boolean decreased;

  /**
   * A limiter whose floor is {@link #floorFor the default floor} of its rate.
   *
   * @param nanoTime a monotonic clock in nanoseconds ({@code System::nanoTime} in production)
   */
  public RateLimiter(double permitsPerSecond, int burst, LongSupplier nanoTime, Sleeper sleeper) {
    this(permitsPerSecond, burst, floorFor(permitsPerSecond), nanoTime, sleeper);
  }

  /**
   * @param permitsPerSecond the configured rate, never exceeded; positive and finite
   * @param burst permits available at once after a quiet spell, at least 1
   * @param floorPerSecond the lowest rate throttling can push it to; positive, at most the rate
   * @param nanoTime a monotonic clock in nanoseconds ({@code System::nanoTime} in production)
   * @throws IllegalArgumentException when a figure is out of range
   */
  public RateLimiter(
      double permitsPerSecond,
      int burst,
      double floorPerSecond,
      LongSupplier nanoTime,
      Sleeper sleeper) {
    if (!(permitsPerSecond > 0) || Double.isInfinite(permitsPerSecond)) {
      throw new IllegalArgumentException(
          "permits per second must be positive: " + permitsPerSecond);
    }
    if (burst < 1) {
      throw new IllegalArgumentException("burst must be at least 1: " + burst);
    }
    if (!(floorPerSecond > 0) || floorPerSecond > permitsPerSecond) {
      throw new IllegalArgumentException(
          "the floor must be positive and at most the rate: " + floorPerSecond);
    }
    this.maxPerNano = permitsPerSecond / 1e9;
    this.floorPerNano = floorPerSecond / 1e9;
    this.permitsPerNano = maxPerNano;
    this.burst = burst;
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
    this.tokens = burst;
    this.last = nanoTime.getAsLong();
  }

  /**
   * The floor a rate gets by default: a twentieth of it, but at least 0.5/s (the SDK's adaptive
   * mode's minimum fill rate), and never more than the rate itself.
   */
  static double floorFor(double permitsPerSecond) {
    return Math.min(permitsPerSecond, Math.max(0.5, permitsPerSecond / 20));
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
    var now = advance();
    tokens -= 1;
    if (tokens >= 0) {
      return Duration.ZERO;
    }
    return Duration.ofNanos((long) Math.ceil(-tokens / permitsPerNano));
  }

  /**
   * How long a permit taken now would wait, without taking it: zero while the bucket holds a whole
   * token, else the time the queue ahead of it needs. A hint for choosing between two APIs that can
   * do the same work; the permit itself is taken by {@link #acquire()} later, so callers racing on
   * one hint may both pick the same limiter.
   */
  synchronized Duration due() {
    advance();
    var after = tokens - 1;
    if (after >= 0) {
      return Duration.ZERO;
    }
    return Duration.ofNanos((long) Math.ceil(-after / permitsPerNano));
  }

  /**
   * AWS answered a call this limiter admitted with a throttling error: cut the rate by {@value
   * #BETA} (at most once per {@link #DECREASE_INTERVAL}, never below the floor), and drop the
   * tokens saved up, so the next calls go at the new rate rather than in a burst.
   */
  public synchronized void throttled() {
    var now = advance();
    if (decreased && now - lastDecrease < DECREASE_INTERVAL.toNanos()) {
      return;
    }
    permitsPerNano = Math.max(floorPerNano, permitsPerNano * BETA);
    tokens = Math.min(tokens, 0);
    lastDecrease = now;
    decreased = true;
  }

  /** The rate in force now, in permits per second. */
  public synchronized double ratePerSecond() {
    advance();
    return permitsPerNano * 1e9;
  }

  /** The configured rate, in permits per second: the most this limiter ever allows. */
  public double maxRatePerSecond() {
    return maxPerNano * 1e9;
  }

  /** Brings the rate (additive recovery) and the tokens up to now; returns now. */
  private long advance() {
    var now = nanoTime.getAsLong();
    var elapsed = now - last;
    if (elapsed > 0) {
      // Refill at the rate in force over the interval, then recover: a tenth of the configured
      // rate per second. throttled() brings both up to date before it cuts the rate, so recovery
      // counts from the last decrease.
      tokens = Math.min(burst, tokens + elapsed * permitsPerNano);
      if (permitsPerNano < maxPerNano) {
        permitsPerNano = Math.min(maxPerNano, permitsPerNano + maxPerNano / 10 * elapsed / 1e9);
      }
      last = now;
    }
    return now;
  }

  @Override
  public String toString() {
    return "RateLimiter[" + maxPerNano * 1e9 + "/s, burst " + (int) burst + "]";
  }
}
