package io.rootctl.plan;

/**
 * The counts behind "Plan: 7 to delete, 1 to allow, 2 features to enable across 4 accounts; 195 in
 * sync, 2 skipped."
 *
 * @param toDelete delete and deactivate actions
 * @param toAllow password-recovery (CreateLoginProfile) actions
 * @param featuresToEnable trusted access and root features to enable
 * @param featuresToDisable root features to disable
 * @param accountsChanged accounts with at least one action
 * @param accountsInSync member accounts planned for and needing nothing
 * @param accountsSkipped accounts skipped, for any reason
 */
public record PlanSummary(
    int toDelete,
    int toAllow,
    int featuresToEnable,
    int featuresToDisable,
    int accountsChanged,
    int accountsInSync,
    int accountsSkipped) {

  /** Every action in the plan, organization and accounts. */
  public int totalActions() {
    return toDelete + toAllow + featuresToEnable + featuresToDisable;
  }

  public boolean hasChanges() {
    return totalActions() > 0;
  }
}
