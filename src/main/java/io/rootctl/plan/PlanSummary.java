package io.rootctl.plan;

import java.util.List;
import java.util.Optional;

/**
 * The counts behind "Plan: 7 to delete, 1 to allow, 2 features to enable across 4 accounts; 195 in
 * sync, 2 skipped, 1 could not be read." Always computed from a plan's parts ({@link
 * Plan#summary()}), never read from a file.
 *
 * @param toDelete delete and deactivate actions
 * @param toAllow password-recovery (CreateLoginProfile) actions
 * @param featuresToEnable trusted access and root features to enable
 * @param featuresToDisable root features to disable
 * @param accountsChanged accounts with at least one action
 * @param accountsInSync member accounts planned for and needing nothing
 * @param accountsSkipped accounts deliberately left out (management, not ACTIVE, not targeted)
 * @param accountsUnreadable member accounts that could not be read
 * @param accountsNeedingPerson member accounts with a requirement rootctl cannot meet ({@link
 *     NeedsPerson}); not actions, but not in sync either
 */
public record PlanSummary(
    int toDelete,
    int toAllow,
    int featuresToEnable,
    int featuresToDisable,
    int accountsChanged,
    int accountsInSync,
    int accountsSkipped,
    int accountsUnreadable,
    int accountsNeedingPerson) {

  /** Counts without accounts that need a person. */
  public PlanSummary(
      int toDelete,
      int toAllow,
      int featuresToEnable,
      int featuresToDisable,
      int accountsChanged,
      int accountsInSync,
      int accountsSkipped,
      int accountsUnreadable) {
    this(
        toDelete,
        toAllow,
        featuresToEnable,
        featuresToDisable,
        accountsChanged,
        accountsInSync,
        accountsSkipped,
        accountsUnreadable,
        0);
  }

  /** The counts of a plan's parts. */
  public static PlanSummary of(
      Optional<OrganizationChange> organization,
      List<AccountChange> accounts,
      int inSync,
      int skipped,
      int unreadable,
      int needingPerson) {
    int toDelete = 0;
    int toAllow = 0;
    int toEnable = 0;
    int toDisable = 0;
    for (var action : organization.map(OrganizationChange::actions).orElse(List.of())) {
      switch (action) {
        case EnableTrustedAccess e -> toEnable++;
        case EnableRootFeature e -> toEnable++;
        case DisableRootFeature d -> toDisable++;
      }
    }
    for (var change : accounts) {
      for (var action : change.actions()) {
        switch (action) {
          case DeleteLoginProfile d -> toDelete++;
          case DeleteAccessKey d -> toDelete++;
          case DeleteSigningCertificate d -> toDelete++;
          case DeactivateMfaDevice d -> toDelete++;
          case AllowPasswordRecovery a -> toAllow++;
        }
      }
    }
    return new PlanSummary(
        toDelete,
        toAllow,
        toEnable,
        toDisable,
        accounts.size(),
        inSync,
        skipped,
        unreadable,
        needingPerson);
  }

  /** Every action in the plan, organization and accounts. */
  public int totalActions() {
    return toDelete + toAllow + featuresToEnable + featuresToDisable;
  }

  /** Whether there are actions; accounts that need a person are not actions. */
  public boolean hasChanges() {
    return totalActions() > 0;
  }
}
