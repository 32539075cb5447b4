package io.rootctl.engine;

/** Where one member account stands after a run. */
public enum AccountSyncStatus {
  /** Matches the desired state (planned nothing, or an apply converged it). */
  IN_SYNC,
  /**
   * Read, and nothing for rootctl to do, but a requirement it cannot meet is unmet ({@code
   * mfaDevices: required} without an MFA device): needs a person. Never counted as in sync.
   */
  NEEDS_PERSON,
  /** Differs and was not changed (observe mode, guard refusal, not applied). */
  DRIFTED,
  /** Its apply failed (or could not be verified). */
  FAILED,
  /**
   * Its root user could not be read this run: rootctl does not know whether it matches. Never
   * counted as in sync; its last known drift stays visible, marked stale.
   */
  UNREADABLE,
  /** Never a target: the management account, a suspended or closed account, not targeted. */
  SKIPPED
}
