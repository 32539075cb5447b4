package io.rootctl.plan;

/** DeleteLoginProfile: removes the root password and the ability to recover it. */
public record DeleteLoginProfile() implements AccountAction {
  @Override
  public ActionKind kind() {
    return ActionKind.DELETE_LOGIN_PROFILE;
  }

  @Override
  public String planText() {
    return "login profile (password and password recovery)";
  }

  @Override
  public String checkText() {
    return "delete the login profile";
  }

  @Override
  public String appliedText() {
    return "deleted login profile";
  }

  @Override
  public String statusText() {
    return "delete login profile";
  }
}
