package io.rootctl.plan;

/**
 * A plan that takes more actions than a run may: nothing of it may run.
 *
 * @param actions the actions the plan takes (organization and accounts)
 * @param limit the largest number allowed
 * @param limitSource where the limit came from, e.g. {@code guards.maxActionsPerRun} or {@code
 *     --max-actions}
 */
public record GuardViolation(int actions, int limit, String limitSource) {

  /** Names the count, the limit, its source and how to override it. */
  public String message() {
    return "the plan takes "
        + actions
        + " actions, more than the limit of "
        + limit
        + " ("
        + limitSource
        + "); nothing was changed. To allow it, raise guards.maxActionsPerRun in"
        + " the Organization document or pass --max-actions "
        + actions;
  }

  @Override
  public String toString() {
    return message();
  }
}
