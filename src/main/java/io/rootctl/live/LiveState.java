package io.rootctl.live;

import io.rootctl.model.AccountId;
import io.rootctl.model.OrgFeature;
import java.util.Map;
import java.util.Set;

/**
 * One fresh observation of the organization.
 *
 * @param enabledFeatures the IAM organization root features enabled now
 * @param iamTrustedAccess whether trusted access for {@code iam.amazonaws.com} is enabled
 * @param roots per member account that was observed, its root credentials or why it failed;
 *     accounts not in this map were not observed (management, suspended, outside {@code --target})
 */
public record LiveState(
    OrganizationTree tree,
    Set<OrgFeature> enabledFeatures,
    boolean iamTrustedAccess,
    Map<AccountId, RootObservation> roots) {

  public LiveState {
    enabledFeatures = Set.copyOf(enabledFeatures);
    roots = Map.copyOf(roots);
  }
}
