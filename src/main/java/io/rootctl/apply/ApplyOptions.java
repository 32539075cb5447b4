package io.rootctl.apply;

import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * How {@link Executor#apply} runs.
 *
 * @param runId names this run in the audit log and the result
 * @param parallelism how many accounts are changed at once ({@code --parallelism})
 * @param maxAttempts run-level attempts per call on retryable errors (on top of the SDK's retries),
 *     and the most sessions re-opened after expiry per account
 * @param stopRequested checked before each account starts: once true, no further account is started
 *     (those are reported as not attempted) while accounts in flight finish (the controller's
 *     SIGTERM)
 */
public record ApplyOptions(
    String runId, int parallelism, int maxAttempts, BooleanSupplier stopRequested) {

  public static final int DEFAULT_PARALLELISM = 10;
  public static final int DEFAULT_MAX_ATTEMPTS = 3;

  public ApplyOptions {
    Objects.requireNonNull(runId);
    if (runId.isBlank()) {
      throw new IllegalArgumentException("a run id is required");
    }
    if (parallelism < 1 || maxAttempts < 1) {
      throw new IllegalArgumentException("parallelism and maxAttempts must be at least 1");
    }
  }

  /** Options that never stop early. */
  public ApplyOptions(String runId, int parallelism, int maxAttempts) {
    this(runId, parallelism, maxAttempts, () -> false);
  }

  /** Ten accounts at a time, three attempts per call. */
  public static ApplyOptions defaults(String runId) {
    return new ApplyOptions(runId, DEFAULT_PARALLELISM, DEFAULT_MAX_ATTEMPTS);
  }

  public ApplyOptions withParallelism(int newParallelism) {
    return new ApplyOptions(runId, newParallelism, maxAttempts, stopRequested);
  }

  public ApplyOptions withStopSignal(BooleanSupplier newStopRequested) {
    return new ApplyOptions(runId, parallelism, maxAttempts, newStopRequested);
  }
}
