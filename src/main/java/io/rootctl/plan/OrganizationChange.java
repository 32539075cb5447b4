package io.rootctl.plan;

import java.util.List;

/** The organization-level actions, in the order they must run (trusted access first). */
public record OrganizationChange(List<OrganizationAction> actions, List<String> reasons)
    implements Change {
  public OrganizationChange {
    actions = List.copyOf(actions);
    reasons = List.copyOf(reasons);
  }
}
