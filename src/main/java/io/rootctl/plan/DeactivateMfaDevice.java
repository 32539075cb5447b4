package io.rootctl.plan;

import io.rootctl.model.TaskPolicy;

/**
 * DeactivateMFADevice for one root MFA device; for a virtual device, DeleteVirtualMFADevice after
 * it (AWS requires deactivation first).
 */
public record DeactivateMfaDevice(String serialNumber, boolean virtual) implements AccountAction {
  @Override
  public TaskPolicy requiredPolicy() {
    return TaskPolicy.DELETE_ROOT_USER_CREDENTIALS;
  }
}
