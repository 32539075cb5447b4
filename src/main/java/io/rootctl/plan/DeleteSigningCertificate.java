package io.rootctl.plan;

import io.rootctl.model.TaskPolicy;

/** DeleteSigningCertificate for one root signing certificate. */
public record DeleteSigningCertificate(String certificateId) implements AccountAction {
  @Override
  public TaskPolicy requiredPolicy() {
    return TaskPolicy.DELETE_ROOT_USER_CREDENTIALS;
  }
}
