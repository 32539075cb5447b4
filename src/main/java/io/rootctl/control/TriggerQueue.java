package io.rootctl.control;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Why the loop should run next, coalesced: any number of triggers that arrive while a run is in
 * flight (or before the loop takes them) become exactly one follow-up run, the way a work queue
 * dedups keys. Thread-safe.
 */
public final class TriggerQueue {

  /** What asked for a run. */
  public enum Trigger {
    STARTUP,
    INTERVAL,
    NEW_REVISION,
    RETRY,
    MANUAL
  }

  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final EnumSet<Trigger> pending = EnumSet.noneOf(Trigger.class);
  private boolean closed;

  public TriggerQueue(Clock clock) {
    this.clock = clock;
  }

  /** Asks for a run; returns at once. Repeats before the next {@link #take} coalesce. */
  public void request(Trigger trigger) {
    lock.lock();
    try {
      pending.add(trigger);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Wakes {@link #take} for good; later takes return empty. */
  public void close() {
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until a trigger is pending or {@code deadline} passes (then {@link Trigger#INTERVAL}),
   * and takes everything pending at once. Empty once closed.
   */
  public Optional<Set<Trigger>> take(Instant deadline) throws InterruptedException {
    lock.lock();
    try {
      while (pending.isEmpty() && !closed) {
        var wait = Duration.between(clock.instant(), deadline);
        if (wait.isNegative() || wait.isZero()) {
          pending.add(Trigger.INTERVAL);
          break;
        }
        changed.awaitNanos(wait.toNanos());
      }
      if (closed) {
        return Optional.empty();
      }
      var taken = EnumSet.copyOf(pending);
      pending.clear();
      return Optional.of(Set.copyOf(taken));
    } finally {
      lock.unlock();
    }
  }

  /** Whether a run is already pending (for /status). */
  public boolean hasPending() {
    lock.lock();
    try {
      return !pending.isEmpty();
    } finally {
      lock.unlock();
    }
  }
}
