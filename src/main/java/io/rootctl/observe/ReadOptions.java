package io.rootctl.observe;

import java.time.Duration;

/**
 * How {@link LiveStateReader} reads.
 *
 * @param parallelism how many accounts are read at once (one audit session each)
 * @param maxAttempts run-level attempts per account (each a fresh session) on retryable errors, on
 *     top of the SDK's own retries
 * @param sessionDuration how long each audit session lasts; a read takes a few seconds
 */
public record ReadOptions(int parallelism, int maxAttempts, Duration sessionDuration) {

  public ReadOptions {
    if (parallelism < 1 || maxAttempts < 1) {
      throw new IllegalArgumentException("parallelism and maxAttempts must be at least 1");
    }
    if (!sessionDuration.isPositive() || sessionDuration.compareTo(Duration.ofSeconds(900)) > 0) {
      throw new IllegalArgumentException(
          "a root session lasts 1 to 900 seconds: " + sessionDuration);
    }
  }

  /** 10 accounts at a time, 3 attempts, 120-second audit sessions. */
  public static ReadOptions defaults() {
    return new ReadOptions(10, 3, Duration.ofSeconds(120));
  }

  public ReadOptions withParallelism(int newParallelism) {
    return new ReadOptions(newParallelism, maxAttempts, sessionDuration);
  }
}
