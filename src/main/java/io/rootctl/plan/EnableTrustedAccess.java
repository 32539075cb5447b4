package io.rootctl.plan;

/** organizations:EnableAWSServiceAccess for one service principal (additive). */
public record EnableTrustedAccess(String servicePrincipal) implements OrganizationAction {
  @Override
  public ActionKind kind() {
    return ActionKind.ENABLE_TRUSTED_ACCESS;
  }

  @Override
  public String planText() {
    return "enable trusted access for " + servicePrincipal;
  }

  @Override
  public String checkText() {
    return "enable trusted access for " + servicePrincipal;
  }
}
