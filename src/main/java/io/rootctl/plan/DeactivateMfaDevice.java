package io.rootctl.plan;

/**
 * DeactivateMFADevice for one root MFA device; for a virtual device, DeleteVirtualMFADevice after
 * it (AWS requires deactivation first).
 */
public record DeactivateMfaDevice(String serialNumber, boolean virtual) implements AccountAction {
  @Override
  public ActionKind kind() {
    return ActionKind.DEACTIVATE_MFA_DEVICE;
  }

  @Override
  public String planText() {
    return "mfa device "
        + serialNumber
        + (virtual ? " (deactivate, then delete)" : " (deactivate)");
  }

  @Override
  public String checkText() {
    return "deactivate MFA device " + serialNumber;
  }

  @Override
  public String appliedText() {
    return (virtual ? "deactivated and deleted MFA device " : "deactivated MFA device ")
        + serialNumber;
  }

  @Override
  public String statusText() {
    return "deactivate" + (virtual ? " and delete virtual" : "") + " MFA device " + serialNumber;
  }
}
