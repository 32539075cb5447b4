package io.rootctl.plan;

import io.rootctl.model.TaskPolicy;

/** CreateLoginProfile without a password, so the root e-mail owner can recover the password. */
public record AllowPasswordRecovery() implements AccountAction {
  @Override
  public TaskPolicy requiredPolicy() {
    return TaskPolicy.CREATE_ROOT_USER_PASSWORD;
  }
}
