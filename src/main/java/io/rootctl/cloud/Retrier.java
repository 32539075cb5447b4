package io.rootctl.cloud;

import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * Run-level retries of a cloud call, on top of the SDK's own: retries {@link
 * RetryableCloudException} with {@link Backoff} through an injected {@link Sleeper}, and rethrows
 * anything else at once. Thread-safe if its jitter source is.
 */
public final class Retrier {
  private final Backoff backoff;
  private final Sleeper sleeper;
  private final DoubleSupplier jitter;

  public Retrier(Backoff backoff, Sleeper sleeper, DoubleSupplier jitter) {
    this.backoff = backoff;
    this.sleeper = sleeper;
    this.jitter = jitter;
  }

  /**
   * Calls {@code operation} up to {@code maxAttempts} times while it throws {@link
   * RetryableCloudException}, waiting between attempts; then rethrows the last one. If the thread
   * is interrupted while waiting, restores the interrupt flag and rethrows the last failure.
   */
  public <T> T call(int maxAttempts, Supplier<T> operation) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
    }
    for (var attempt = 1; ; attempt++) {
      try {
        return operation.get();
      } catch (RetryableCloudException e) {
        if (attempt >= maxAttempts) {
          throw e;
        }
        pause(attempt, e);
      }
    }
  }

  /** {@link #call} for an operation without a result. */
  public void run(int maxAttempts, Runnable operation) {
    call(
        maxAttempts,
        () -> {
          operation.run();
          return Boolean.TRUE;
        });
  }

  /** Waits before retry {@code attempt}; on interruption gives up with {@code failure}. */
  private void pause(int attempt, CloudException failure) {
    try {
      pause(attempt);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      failure.addSuppressed(interrupted);
      throw failure;
    }
  }

  /** Waits the backoff delay before retry {@code attempt} (1 for the first retry). */
  public void pause(int attempt) throws InterruptedException {
    sleeper.sleep(backoff.delay(attempt, jitter));
  }
}
