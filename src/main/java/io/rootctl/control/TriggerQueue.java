package io.rootctl.control;

import io.rootctl.model.AccountId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Why the loop should run next, coalesced: any number of triggers that arrive while a run is in
 * flight (or before the loop takes them) become exactly one follow-up run, the way a work queue
 * dedups keys. The accounts named by {@link #accountsChanged} are merged the same way: the one
 * follow-up run reads each of them fresh. A deadline ({@link #reconcileBy}) asks for a run no later
 * than an instant; the next {@link #next() take} satisfies every deadline, whatever woke it, so the
 * timer re-arms after each run. This is the {@link TriggerSink} every {@link EventSource} of the
 * controller emits into. Thread-safe; only {@link #next()} and {@link #take} block.
 */
public final class TriggerQueue implements TriggerSink {

  /** What asked for a run. */
  public enum Trigger {
    STARTUP,
    INTERVAL,
    NEW_REVISION,
    RETRY,
    MANUAL,
    /** An event source named accounts whose cached reads must be dropped before the run. */
    ACCOUNTS_CHANGED
  }

  /**
   * Everything pending when the loop took it: one run.
   *
   * @param triggers why (never empty)
   * @param accounts the accounts to read fresh in this run, sorted; empty unless {@code triggers}
   *     holds {@link Trigger#ACCOUNTS_CHANGED}
   * @param dropped how many further accounts were named beyond {@link #MAX_ACCOUNTS} and are not in
   *     {@code accounts} (their cached reads expire with the resync period, as without events)
   */
  public record Batch(Set<Trigger> triggers, Set<AccountId> accounts, int dropped) {
    public Batch {
      if (triggers.isEmpty()) {
        throw new IllegalArgumentException("a batch has at least one trigger");
      }
      triggers = Set.copyOf(triggers);
      accounts = Collections.unmodifiableSortedSet(new TreeSet<>(accounts));
    }
  }

  /**
   * The most distinct accounts one batch carries: a bound on memory whatever a source sends (a
   * flood of forged account ids from a queue), twice the 10,000-account organization the controller
   * is measured with.
   */
  public static final int MAX_ACCOUNTS = 20_000;

  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final EnumSet<Trigger> pending = EnumSet.noneOf(Trigger.class);
  private final TreeSet<AccountId> accounts = new TreeSet<>();
  private int dropped;
  private @Nullable Instant deadline;
  private Trigger deadlineTrigger = Trigger.INTERVAL;
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

  @Override
  public void reconcileAll(Trigger why) {
    request(why);
  }

  /**
   * Keeps the earliest of the deadlines asked for since the last take; when it passes with nothing
   * else pending, {@code why} is the trigger.
   */
  @Override
  public void reconcileBy(Trigger why, Instant at) {
    lock.lock();
    try {
      if (deadline == null || at.isBefore(deadline)) {
        deadline = at;
        deadlineTrigger = why;
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * @throws IllegalArgumentException when {@code changed} is empty (a source that saw an event
   *     naming no account asks for {@link #reconcileAll} instead)
   */
  @Override
  public void accountsChanged(Set<AccountId> named) {
    if (named.isEmpty()) {
      throw new IllegalArgumentException("name at least one account, or ask to reconcile all");
    }
    lock.lock();
    try {
      for (var account : named) {
        if (accounts.size() < MAX_ACCOUNTS || accounts.contains(account)) {
          accounts.add(account);
        } else {
          dropped++;
        }
      }
      pending.add(Trigger.ACCOUNTS_CHANGED);
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
    reconcileBy(Trigger.INTERVAL, deadline);
    return next().map(Batch::triggers);
  }

  /**
   * Waits until a trigger is pending or the earliest deadline passes (then that deadline's
   * trigger), and takes everything pending at once, clearing every deadline: the run this batch
   * starts satisfies them all. Waits without end while nothing is pending and no deadline is set.
   * The wait follows the injected clock: it is re-checked at least when the time to the deadline
   * has passed in real time. Empty once closed.
   *
   * @throws InterruptedException when the waiting thread is interrupted (nothing is taken)
   */
  public Optional<Batch> next() throws InterruptedException {
    lock.lock();
    try {
      while (pending.isEmpty() && !closed) {
        var due = deadline;
        if (due == null) {
          changed.await();
          continue;
        }
        var wait = Duration.between(clock.instant(), due);
        if (wait.isNegative() || wait.isZero()) {
          pending.add(deadlineTrigger);
          break;
        }
        changed.awaitNanos(wait.toNanos());
      }
      if (closed) {
        return Optional.empty();
      }
      var batch = new Batch(EnumSet.copyOf(pending), accounts, dropped);
      pending.clear();
      accounts.clear();
      dropped = 0;
      deadline = null;
      deadlineTrigger = Trigger.INTERVAL;
      return Optional.of(batch);
    } finally {
      lock.unlock();
    }
  }

  /**
   * The earliest deadline asked for since the last take (for /status: when the next run is due).
   */
  public Optional<Instant> deadline() {
    lock.lock();
    try {
      return Optional.ofNullable(deadline);
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
