package io.rootctl.plan;

import io.rootctl.model.TaskPolicy;

/** DeleteLoginProfile: removes the root password and the ability to recover it. */
public record DeleteLoginProfile() implements AccountAction {
  @Override
  public TaskPolicy requiredPolicy() {
    return TaskPolicy.DELETE_ROOT_USER_CREDENTIALS;
  }
}
