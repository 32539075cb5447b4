package io.rootctl.control;

import java.time.Instant;

/** How a reconcile run ended, for scheduling the next one. */
public sealed interface RunResult {
  Instant finishedAt();

  /** Everything planned converged (or nothing was needed). */
  record Succeeded(Instant finishedAt) implements RunResult {}

  /**
   * Throttling, 5xx, a failed account that may converge later.
   *
   * @param attempt 1 for the first failure in a row, 2 for the second, ...
   */
  record RetryableFailure(Instant finishedAt, int attempt, String reason) implements RunResult {}

  /** Bad desired state, access misconfigured, features off: retrying soon will not help. */
  record TerminalFailure(Instant finishedAt, String reason) implements RunResult {}
}
