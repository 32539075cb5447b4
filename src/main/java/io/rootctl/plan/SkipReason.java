package io.rootctl.plan;

/**
 * Why an account is not planned for. An account that should be planned for but could not be read is
 * not skipped: it is {@link Unreadable}.
 */
public enum SkipReason {
  /** Centralized root access covers member accounts only. */
  MANAGEMENT_ACCOUNT,
  /** SUSPENDED, PENDING_CLOSURE, CLOSED or PENDING_ACTIVATION: AssumeRoot cannot act there. */
  NOT_ACTIVE,
  /** Outside the {@code --target} selection. */
  NOT_TARGETED
}
