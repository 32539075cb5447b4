package io.rootctl.plan;

/** Why an account is not planned for. */
public enum SkipReason {
  /** Centralized root access covers member accounts only. */
  MANAGEMENT_ACCOUNT,
  /** SUSPENDED, PENDING_CLOSURE, CLOSED or PENDING_ACTIVATION: AssumeRoot cannot act there. */
  NOT_ACTIVE,
  /** Its root user could not be read; "unknown" is never "nothing there". */
  OBSERVATION_FAILED,
  /** Outside the {@code --target} selection. */
  NOT_TARGETED
}
