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

  public SavedPlanRefusedException(List<String> reasons) {
    super("the saved plan was refused; nothing was applied: " + String.join("; ", reasons));
    this.reasons = List.copyOf(reasons);
  }

  /** One sentence per reason, in the order found. */
  public List<String> reasons() {
    return reasons;
  }
}
