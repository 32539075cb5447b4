package io.rootctl.plan;

/** CreateLoginProfile without a password, so the root e-mail owner can recover the password. */
public record AllowPasswordRecovery() implements AccountAction {
  @Override
  public ActionKind kind() {
    return ActionKind.ALLOW_PASSWORD_RECOVERY;
  }

  @Override
  public String planText() {
    return "allow password recovery (create login profile without a password)";
  }

  @Override
  public String checkText() {
    return "allow password recovery";
  }

  @Override
  public String appliedText() {
    return "allowed password recovery";
  }

  @Override
  public String statusText() {
    return "allow password recovery";
  }
}
