package io.rootctl.plan;

import io.rootctl.model.OrgFeature;

/** iam:DisableOrganizations...; planned only when the desired state says {@code disabled}. */
public record DisableRootFeature(OrgFeature feature) implements OrganizationAction {
  @Override
  public ActionKind kind() {
    return ActionKind.DISABLE_ROOT_FEATURE;
  }

  @Override
  public String planText() {
    return "disable " + feature.awsName();
  }

  @Override
  public String checkText() {
    return "disable " + feature.awsName();
  }
}
