package io.rootctl.engine;

/** Where one member account stands after a run. */
public enum AccountSyncStatus {
  /** Matches the desired state (planned nothing, or an apply converged it). */
  IN_SYNC,
  /** Differs and was not changed (observe mode, guard refusal, not applied). */
  DRIFTED,
  /** Could not be read, or its apply failed. */
  FAILED,
  /** Never a target: the management account, a suspended or closed account, not targeted. */
  SKIPPED
}
