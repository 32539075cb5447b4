package io.rootctl.live;

import java.time.Instant;

/**
 * A root MFA device.
 *
 * @param serialNumber for a virtual device its ARN ({@code arn:aws:iam::ID:mfa/...}); otherwise the
 *     hardware serial
 * @param virtual whether it is a virtual device (to be deleted after deactivation)
 */
public record MfaDevice(String serialNumber, boolean virtual, Instant enabled) {
  /** True when the serial is a virtual-MFA ARN. */
  public static boolean isVirtualSerial(String serialNumber) {
    return serialNumber.startsWith("arn:") && serialNumber.contains(":mfa/");
  }
}
