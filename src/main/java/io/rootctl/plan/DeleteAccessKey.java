package io.rootctl.plan;

import io.rootctl.model.TaskPolicy;

/** DeleteAccessKey for one root access key. */
public record DeleteAccessKey(String accessKeyId) implements AccountAction {
  @Override
  public TaskPolicy requiredPolicy() {
    return TaskPolicy.DELETE_ROOT_USER_CREDENTIALS;
  }
}
