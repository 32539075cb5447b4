package io.rootctl.events;

import java.util.Set;

/**
 * The CloudTrail event names (IAM API operation names; CloudTrail logs every IAM call under the
 * operation's name, source {@code iam.amazonaws.com}) of the calls that add, change or remove a
 * credential a root user can hold: access keys, signing (X.509) certificates, the console password
 * (login profile) and MFA devices, plus the sign-in service's password events for the root user.
 *
 * <p>Sources: the IAM API reference, version 2010-05-08 (<a
 * href="https://docs.aws.amazon.com/IAM/latest/APIReference/API_Operations.html">Actions</a>: the
 * operations on {@code AccessKey}, {@code SigningCertificate}, {@code LoginProfile} and {@code
 * MFADevice}, each of which takes no {@code UserName} when the root user calls it for itself); <a
 * href="https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-integration.html">Logging IAM
 * and AWS STS API calls with AWS CloudTrail</a> (IAM calls are logged under their operation names,
 * and root password changes and recoveries as sign-in events {@code PasswordUpdated}, {@code
 * PasswordRecoveryRequested}, {@code PasswordRecoveryCompleted}); and <a
 * href="https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-track-privileged-tasks.html">Track
 * privileged tasks in CloudTrail</a> (an AssumeRoot session's calls are logged with {@code
 * userIdentity.type} {@code Root}). SSH public keys, service-specific credentials and passkeys of
 * IAM users are not root credentials: passkeys and security keys of the root user are registered
 * through {@code EnableMFADevice}.
 */
public final class CredentialChangeEvents {
  private CredentialChangeEvents() {}

  /** The event names, case-sensitive as CloudTrail writes them. */
  public static final Set<String> NAMES =
      Set.of(
          // access keys
          "CreateAccessKey",
          "UpdateAccessKey",
          "DeleteAccessKey",
          // signing certificates
          "UploadSigningCertificate",
          "UpdateSigningCertificate",
          "DeleteSigningCertificate",
          // the console password
          "CreateLoginProfile",
          "UpdateLoginProfile",
          "DeleteLoginProfile",
          "ChangePassword",
          "PasswordUpdated",
          "PasswordRecoveryRequested",
          "PasswordRecoveryCompleted",
          // MFA devices
          "CreateVirtualMFADevice",
          "EnableMFADevice",
          "ResyncMFADevice",
          "DeactivateMFADevice",
          "DeleteVirtualMFADevice");

  /** Whether {@code eventName} changes a root credential. */
  public static boolean isCredentialChange(String eventName) {
    return NAMES.contains(eventName);
  }
}
