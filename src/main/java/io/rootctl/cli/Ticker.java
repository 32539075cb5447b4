package io.rootctl.cli;

import java.time.Duration;

/**
 * Runs a task at a fixed period on a thread of its own, until stopped: the timer behind the
 * progress line. Production ticks on a daemon thread; tests tick by hand, after moving their clock.
 */
public interface Ticker {

  /** Never ticks: for wirings without a terminal (tests). */
  Ticker NEVER = (period, task) -> () -> {};

  /**
   * Calls {@code task} every {@code period}, first after one period, until the returned handle is
   * closed. {@code task} must not throw.
   */
  Stop every(Duration period, Runnable task);

  /** Stops the ticks; the task is not called after this returns. Idempotent, never throws. */
  interface Stop extends AutoCloseable {
    @Override
    void close();
  }
}
