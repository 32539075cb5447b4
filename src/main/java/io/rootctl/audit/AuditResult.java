package io.rootctl.audit;

import java.util.Locale;

/** How one write ended. */
public enum AuditResult {
  /** The write took effect. */
  OK,
  /** The target was already in the desired state (e.g. AWS said NoSuchEntity on a delete). */
  ALREADY_DONE,
  /** The write failed; the entry carries the error. */
  FAILED,
  /**
   * The write failed in a way that does not block convergence, e.g. DeleteVirtualMFADevice denied
   * by the delete task policy's {@code NotResource} clause after the device was deactivated (<a
   * href="https://docs.aws.amazon.com/aws-managed-policy/latest/reference/IAMDeleteRootUserCredentials.html">IAMDeleteRootUserCredentials</a>).
   */
  TOLERATED;

  /** The JSON form: {@code ok}, {@code already-done}, {@code failed}, {@code tolerated}. */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
