package io.rootctl.sim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that runs with a base clock plus an offset that tests and the control plane can advance,
 * so session expiry and token-bucket refills can be exercised without waiting. Thread-safe.
 */
public final class AdjustableClock extends Clock {
  private final Clock base;
  private final AtomicLong offsetNanos = new AtomicLong();

  public AdjustableClock(Clock base) {
    this.base = base;
  }

  /** Moves this clock forward (or back, for a negative duration). */
  public void advance(Duration by) {
    offsetNanos.addAndGet(by.toNanos());
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
