package io.rootctl.sim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that runs with a base clock plus an offset that tests and the control plane can advance,
 * so session expiry and token-bucket refills can be exercised without waiting. Thread-safe.
 */
public final class AdjustableClock extends Clock {
  private final Clock base;
  private final AtomicLong offsetNanos = new AtomicLong();
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  public AdjustableClock(Clock base) {
    this.base = base;
  }

  /** Moves this clock forward (or back, for a negative duration). */
  public void advance(Duration by) {
    offsetNanos.addAndGet(by.toNanos());
    listeners.forEach(Runnable::run);
  }

  /**
   * Runs {@code listener} after every {@link #advance}: what waits on this clock (an SQS long poll,
   * a delayed message) looks at the time again.
   */
  public void onAdvance(Runnable listener) {
    listeners.add(listener);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return base.instant().plusNanos(offsetNanos.get());
  }
}
