package io.rootctl.engine;

import java.util.List;

/**
 * A saved plan that rootctl will not apply, for the reasons listed: it was made from another
 * desired-state revision, it is incomplete, the desired state no longer resolves, or it is not what
 * the planner makes now from the same desired state and a fresh read. Thrown before any write.
 */
public final class SavedPlanRefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<String> reasons;
  private final Cause kind;

  /** Why the plan was refused, for what to tell the user to do. */
  public enum Cause {
    /** Made from another desired-state revision (another directory, or edited since). */
    OTHER_REVISION,
    /** An account could not be read when the plan was made. */
    INCOMPLETE,
    /** The desired state no longer resolves against the organization. */
    UNRESOLVED,
    /** Not what the planner makes now (edited, or the organization changed). */
    MISMATCH
  }

  public SavedPlanRefusedException(List<String> reasons) {
    this(Cause.MISMATCH, reasons);
  }

  public SavedPlanRefusedException(Cause cause, List<String> reasons) {
    super("the saved plan was refused; nothing was applied: " + String.join("; ", reasons));
    this.reasons = List.copyOf(reasons);
    this.kind = cause;
  }

  /** Why, in kind. */
  public Cause kind() {
    return kind;
  }

  /** One sentence per reason, in the order found. */
  public List<String> reasons() {
    return reasons;
  }
}
