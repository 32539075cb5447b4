package io.rootctl.live;

import java.util.List;

/**
 * What AWS emits when a root user's credentials change or a root user is used, as EventBridge
 * delivers it: the names and markers both the emulator (which produces these events) and the
 * controller's event source (which reads them) and the {@code deploy/events/} templates (which
 * match them) agree on. Pure data.
 *
 * <p>The IAM operations that change what a root user holds, from the IAM API (2010-05-08): every
 * operation that creates, changes, activates, deactivates or deletes an access key, a signing
 * certificate, the console password (login profile) or an MFA device. Called without a {@code
 * UserName} by a root user (or in an {@code sts:AssumeRoot} session) they act on the root user.
 * {@code ChangePassword} is left out (it "does not affect the root user password"), as are SSH
 * public keys and service-specific credentials (IAM users only). CloudTrail logs each of them as a
 * management event of {@code iam.amazonaws.com}, in us-east-1 (IAM is a global service).
 *
 * @see <a href="https://docs.aws.amazon.com/IAM/latest/APIReference/API_Operations.html">IAM API
 *     operations</a>
 * @see <a href="https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-integration.html">
 *     Logging IAM and AWS STS API calls with AWS CloudTrail</a>
 * @see <a
 *     href="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user_manage_add-key.html">Create
 *     access keys for the root user</a>
 * @see <a href="https://docs.aws.amazon.com/IAM/latest/APIReference/API_ChangePassword.html">
 *     ChangePassword</a>
 */
public final class RootCredentialEvents {
  private RootCredentialEvents() {}

  /** The IAM event names ({@code detail.eventName}) that change a root user's credentials. */
  public static final List<String> IAM_EVENT_NAMES =
      List.of(
          "CreateAccessKey",
          "DeleteAccessKey",
          "UpdateAccessKey",
          "UploadSigningCertificate",
          "DeleteSigningCertificate",
          "UpdateSigningCertificate",
          "CreateLoginProfile",
          "UpdateLoginProfile",
          "DeleteLoginProfile",
          "CreateVirtualMFADevice",
          "EnableMFADevice",
          "DeactivateMFADevice",
          "DeleteVirtualMFADevice",
          "ResyncMFADevice");

  /**
   * The EventBridge {@code detail-type} of a CloudTrail API call.
   *
   * @see <a
   *     href="https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail.html">Events
   *     from AWS services delivered via CloudTrail</a>
   */
  public static final String API_CALL_DETAIL_TYPE = "AWS API Call via CloudTrail";

  /** The EventBridge {@code source} of IAM's events. */
  public static final String IAM_SOURCE = "aws.iam";

  /** CloudTrail's {@code eventSource} of IAM's events. */
  public static final String IAM_EVENT_SOURCE = "iam.amazonaws.com";

  /**
   * The EventBridge {@code detail-type} of an AWS console sign-in.
   *
   * @see <a
   *     href="https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html">AWS
   *     console sign-in events</a>
   */
  public static final String CONSOLE_SIGN_IN_DETAIL_TYPE = "AWS Console Sign In via CloudTrail";

  /** The EventBridge {@code source} of console sign-in events. */
  public static final String SIGN_IN_SOURCE = "aws.signin";

  /** CloudTrail's {@code eventName} of a console sign-in. */
  public static final String CONSOLE_LOGIN = "ConsoleLogin";

  /**
   * The EventBridge {@code detail-type} of a GuardDuty finding.
   *
   * @see <a
   *     href="https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_findings_eventbridge.html">GuardDuty
   *     findings in EventBridge</a>
   */
  public static final String GUARDDUTY_DETAIL_TYPE = "GuardDuty Finding";

  /** The EventBridge {@code source} of GuardDuty findings. */
  public static final String GUARDDUTY_SOURCE = "aws.guardduty";

  /**
   * The GuardDuty finding type raised when root credentials are used.
   *
   * @see <a
   *     href="https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_finding-types-iam.html#policy-iam-user-rootcredentialusage">Policy:IAMUser/RootCredentialUsage</a>
   */
  public static final String ROOT_CREDENTIAL_USAGE = "Policy:IAMUser/RootCredentialUsage";

  /** CloudTrail's {@code userIdentity.type} of a root user, in a root session or not. */
  public static final String ROOT_IDENTITY_TYPE = "Root";

  /**
   * The {@code userIdentity.sessionContext.assumedRoot} value CloudTrail records on calls made with
   * {@code sts:AssumeRoot} credentials (absent for a root user's own sign-in); the session's
   * temporary key is {@code userIdentity.accessKeyId} ({@code ASIA...}).
   *
   * @see <a
   *     href="https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-track-privileged-tasks.html">Track
   *     privileged tasks in AWS CloudTrail</a>
   * @see <a
   *     href="https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html">CloudTrail
   *     userIdentity element</a>
   */
  public static final String ASSUMED_ROOT = "true";
}
