package io.rootctl.lock;

import java.time.Duration;

/**
 * Runs a lease's renewal every period, in the background, until cancelled: a scheduled executor in
 * production, a hand-driven fake in tests (so that tests move time, never wait for it).
 */
@FunctionalInterface
public interface Renewals {

  /** A scheduled task; {@link #cancel()} stops it (never throws, twice is harmless). */
  interface Task {
    void cancel();
  }

  /** Runs {@code renewal} every {@code period}, the first time one period from now. */
  Task every(Duration period, Runnable renewal);
}
