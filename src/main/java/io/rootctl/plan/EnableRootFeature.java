package io.rootctl.plan;

import io.rootctl.model.OrgFeature;

/** iam:EnableOrganizationsRootCredentialsManagement or ...RootSessions. */
public record EnableRootFeature(OrgFeature feature) implements OrganizationAction {
  @Override
  public ActionKind kind() {
    return ActionKind.ENABLE_ROOT_FEATURE;
  }

  @Override
  public String planText() {
    return "enable " + feature.awsName();
  }

  @Override
  public String checkText() {
    return "enable " + feature.awsName();
  }
}
