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
 * @param verifyWithAuditSession verify every account in a fresh {@code IAMAuditRootUserCredentials}
 *     session after its writes ({@code --verify-with-audit-session}), the earlier behaviour; by
 *     default an account whose changes all ran in its {@code IAMDeleteRootUserCredentials} session
 *     is verified by reads in that same session (see {@link SessionPlan#verifiableInSession})
 */
public record ApplyOptions(
    String runId,
    int parallelism,
    int maxAttempts,
    BooleanSupplier stopRequested,
    boolean verifyWithAuditSession) {

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

  /** Options that verify in the delete session where that is enough. */
  public ApplyOptions(
      String runId, int parallelism, int maxAttempts, BooleanSupplier stopRequested) {
    this(runId, parallelism, maxAttempts, stopRequested, false);
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
    return new ApplyOptions(
        runId, newParallelism, maxAttempts, stopRequested, verifyWithAuditSession);
  }

  public ApplyOptions withStopSignal(BooleanSupplier newStopRequested) {
    return new ApplyOptions(
        runId, parallelism, maxAttempts, newStopRequested, verifyWithAuditSession);
  }

  /** These options, verifying every account in a fresh audit session when {@code audit}. */
  public ApplyOptions withVerifyWithAuditSession(boolean audit) {
    return new ApplyOptions(runId, parallelism, maxAttempts, stopRequested, audit);
  }
}
