package io.rootctl.audit;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** A journal line's state: a write started, or how it ended. */
public enum AuditResult {
  /**
   * The write is about to be sent to AWS: recorded and forced to disk before the call, so a write
   * is never made unrecorded. Followed by exactly one outcome line with the same write id, unless
   * the process died first (then the write is unfinished until crash recovery closes it).
   */
  STARTED,
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

  /**
   * The JSON form: {@code started}, {@code ok}, {@code already-done}, {@code failed}, {@code
   * tolerated}.
   */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The result with this {@link #jsonName()}, if any. */
  public static Optional<AuditResult> ofJsonName(String name) {
    return Arrays.stream(values()).filter(r -> r.jsonName().equals(name)).findFirst();
  }

  /** Whether this is an outcome (anything but {@link #STARTED}). */
  public boolean isOutcome() {
    return this != STARTED;
  }
}
