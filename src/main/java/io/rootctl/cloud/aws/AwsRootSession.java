package io.rootctl.cloud.aws;

import io.rootctl.cloud.RootSession;
import io.rootctl.cloud.WriteResult;
import io.rootctl.live.AccessKey;
import io.rootctl.live.LoginProfile;
import io.rootctl.live.MfaDevice;
import io.rootctl.live.RootCredentials;
import io.rootctl.live.SigningCertificate;
import io.rootctl.model.AccountId;
import io.rootctl.model.TaskPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.iam.model.CreateLoginProfileRequest;
import software.amazon.awssdk.services.iam.model.DeactivateMfaDeviceRequest;
import software.amazon.awssdk.services.iam.model.DeleteAccessKeyRequest;
import software.amazon.awssdk.services.iam.model.DeleteLoginProfileRequest;
import software.amazon.awssdk.services.iam.model.DeleteSigningCertificateRequest;
import software.amazon.awssdk.services.iam.model.DeleteVirtualMfaDeviceRequest;
import software.amazon.awssdk.services.iam.model.GetAccessKeyLastUsedRequest;
import software.amazon.awssdk.services.iam.model.GetAccountSummaryRequest;
import software.amazon.awssdk.services.iam.model.GetLoginProfileRequest;
import software.amazon.awssdk.services.iam.model.ListAccessKeysRequest;
import software.amazon.awssdk.services.iam.model.ListMfaDevicesRequest;
import software.amazon.awssdk.services.iam.model.ListSigningCertificatesRequest;

/**
 * One AssumeRoot session's IAM calls. No call names a {@code UserName}: in a root session IAM
 * defaults to the member account's root user (<a
 * href="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user-privileged-task.html">Perform
 * a privileged task on an AWS Organizations member account</a>). NoSuchEntity on a delete and
 * EntityAlreadyExists on CreateLoginProfile count as done. Every request goes through the IAM
 * client shared by all sessions, with this session's override: its credentials, the rate limiter of
 * its member account and its metrics (building an SDK client per session cost more CPU than the
 * session's calls). Holds the session credentials only inside that override; {@code toString()}
 * shows the account, policy and expiry, never them.
 */
final class AwsRootSession implements RootSession {
  private static final String PASSWORD_PRESENT = "AccountPasswordPresent";
  private static final String ACCESS_KEYS_PRESENT = "AccountAccessKeysPresent";
  private static final String SIGNING_CERTIFICATES_PRESENT = "AccountSigningCertificatesPresent";
  private static final String MFA_ENABLED = "AccountMFAEnabled";

  private final AccountId account;
  private final TaskPolicy policy;
  private final Instant expiresAt;
  private final IamClient iam;
  private final Consumer<AwsRequestOverrideConfiguration.Builder> session;
  private final Optional<String> accessKeyId;

  AwsRootSession(
      AccountId account,
      TaskPolicy policy,
      Instant expiresAt,
      IamClient iam,
      Consumer<AwsRequestOverrideConfiguration.Builder> session,
      Optional<String> accessKeyId) {
    this.account = account;
    this.policy = policy;
    this.expiresAt = expiresAt;
    this.iam = iam;
    this.session = session;
    this.accessKeyId = accessKeyId;
  }

  @Override
  public Optional<String> accessKeyId() {
    return accessKeyId;
  }

  @Override
  public AccountId account() {
    return account;
  }

  @Override
  public TaskPolicy policy() {
    return policy;
  }

  @Override
  public Instant expiresAt() {
    return expiresAt;
  }

  @Override
  public RootCredentials readRootCredentials() {
    return switch (policy) {
      case AUDIT_ROOT_USER_CREDENTIALS -> readWithSummary();
      // The delete policy denies GetAccountSummary: list everything instead. The policy:
      // https://docs.aws.amazon.com/aws-managed-policy/latest/reference/IAMDeleteRootUserCredentials.html
      case DELETE_ROOT_USER_CREDENTIALS ->
          new RootCredentials(
              loginProfile(), Optional.empty(), accessKeys(), signingCertificates(), mfaDevices());
      case CREATE_ROOT_USER_PASSWORD, S3_UNLOCK_BUCKET_POLICY, SQS_UNLOCK_QUEUE_POLICY ->
          throw new IllegalStateException(
              "a " + policy.policyName() + " session cannot list root credentials");
    };
  }

  private RootCredentials readWithSummary() {
    Map<String, Integer> summary =
        call(
            "iam:GetAccountSummary",
            () ->
                iam.getAccountSummary(
                        GetAccountSummaryRequest.builder().overrideConfiguration(session).build())
                    .summaryMapAsStrings());
    var profile = loginProfile();
    return new RootCredentials(
        profile,
        Optional.of(present(summary, PASSWORD_PRESENT)),
        present(summary, ACCESS_KEYS_PRESENT) ? accessKeys() : List.of(),
        present(summary, SIGNING_CERTIFICATES_PRESENT) ? signingCertificates() : List.of(),
        present(summary, MFA_ENABLED) ? mfaDevices() : List.of());
  }

  private static boolean present(Map<String, Integer> summary, String key) {
    var value = summary.get(key);
    return value != null && value > 0;
  }

  private Optional<LoginProfile> loginProfile() {
    try {
      var profile =
          iam.getLoginProfile(
                  GetLoginProfileRequest.builder().overrideConfiguration(session).build())
              .loginProfile();
      return Optional.of(
          new LoginProfile(
              profile.createDate(), Boolean.TRUE.equals(profile.passwordResetRequired())));
    } catch (SdkException e) {
      if (AwsErrors.hasCode(e, "NoSuchEntity")) {
        return Optional.empty();
      }
      throw AwsErrors.map(e, "iam:GetLoginProfile", Optional.of(account));
    }
  }

  private List<AccessKey> accessKeys() {
    List<AccessKeyMetadata> metadata =
        call(
            "iam:ListAccessKeys",
            () ->
                iam
                    .listAccessKeysPaginator(
                        ListAccessKeysRequest.builder().overrideConfiguration(session).build())
                    .accessKeyMetadata()
                    .stream()
                    .toList());
    var keys = new ArrayList<AccessKey>();
    for (var key : metadata) {
      var lastUsed =
          call(
              "iam:GetAccessKeyLastUsed",
              () ->
                  iam.getAccessKeyLastUsed(
                          GetAccessKeyLastUsedRequest.builder()
                              .accessKeyId(key.accessKeyId())
                              .overrideConfiguration(session)
                              .build())
                      .accessKeyLastUsed());
      keys.add(
          new AccessKey(
              key.accessKeyId(),
              key.statusAsString(),
              key.createDate(),
              Optional.ofNullable(lastUsed == null ? null : lastUsed.lastUsedDate())));
    }
    return keys;
  }

  private List<SigningCertificate> signingCertificates() {
    return call(
        "iam:ListSigningCertificates",
        () ->
            iam
                .listSigningCertificatesPaginator(
                    ListSigningCertificatesRequest.builder().overrideConfiguration(session).build())
                .certificates()
                .stream()
                // The certificate body is never kept: only its id and status matter here.
                .map(
                    c ->
                        new SigningCertificate(
                            c.certificateId(), c.statusAsString(), c.uploadDate()))
                .toList());
  }

  private List<MfaDevice> mfaDevices() {
    return call(
        "iam:ListMFADevices",
        () ->
            iam
                .listMFADevicesPaginator(
                    ListMfaDevicesRequest.builder().overrideConfiguration(session).build())
                .mfaDevices()
                .stream()
                .map(
                    d ->
                        new MfaDevice(
                            d.serialNumber(),
                            MfaDevice.isVirtualSerial(d.serialNumber()),
                            d.enableDate()))
                .toList());
  }

  @Override
  public WriteResult deleteLoginProfile() {
    return idempotentDelete(
        "iam:DeleteLoginProfile",
        () ->
            iam.deleteLoginProfile(
                DeleteLoginProfileRequest.builder().overrideConfiguration(session).build()));
  }

  @Override
  public WriteResult deleteAccessKey(String accessKeyId) {
    return idempotentDelete(
        "iam:DeleteAccessKey",
        () ->
            iam.deleteAccessKey(
                DeleteAccessKeyRequest.builder()
                    .accessKeyId(accessKeyId)
                    .overrideConfiguration(session)
                    .build()));
  }

  @Override
  public WriteResult deleteSigningCertificate(String certificateId) {
    return idempotentDelete(
        "iam:DeleteSigningCertificate",
        () ->
            iam.deleteSigningCertificate(
                DeleteSigningCertificateRequest.builder()
                    .certificateId(certificateId)
                    .overrideConfiguration(session)
                    .build()));
  }

  @Override
  public WriteResult deactivateMfaDevice(String serialNumber) {
    return idempotentDelete(
        "iam:DeactivateMFADevice",
        () ->
            iam.deactivateMFADevice(
                DeactivateMfaDeviceRequest.builder()
                    .serialNumber(serialNumber)
                    .overrideConfiguration(session)
                    .build()));
  }

  @Override
  public WriteResult deleteVirtualMfaDevice(String serialNumber) {
    // The delete task policy may deny this through its NotResource clause; the AccessDenied is
    // passed on for the executor to record as tolerated. The policy:
    // https://docs.aws.amazon.com/aws-managed-policy/latest/reference/IAMDeleteRootUserCredentials.html
    return idempotentDelete(
        "iam:DeleteVirtualMFADevice",
        () ->
            iam.deleteVirtualMFADevice(
                DeleteVirtualMfaDeviceRequest.builder()
                    .serialNumber(serialNumber)
                    .overrideConfiguration(session)
                    .build()));
  }

  @Override
  public WriteResult createLoginProfile() {
    // No Password: in an AssumeRoot session that is what "allow password recovery" means.
    try {
      iam.createLoginProfile(
          CreateLoginProfileRequest.builder().overrideConfiguration(session).build());
      return WriteResult.DONE;
    } catch (SdkException e) {
      if (!AwsErrors.hasCode(e, "EntityAlreadyExists")) {
        throw AwsErrors.map(e, "iam:CreateLoginProfile", Optional.of(account));
      }
      return WriteResult.ALREADY_DONE;
    }
  }

  private WriteResult idempotentDelete(String operation, Runnable request) {
    try {
      request.run();
      return WriteResult.DONE;
    } catch (SdkException e) {
      if (!AwsErrors.hasCode(e, "NoSuchEntity")) {
        throw AwsErrors.map(e, operation, Optional.of(account));
      }
      return WriteResult.ALREADY_DONE;
    }
  }

  private <T> T call(String operation, Supplier<T> request) {
    try {
      return request.get();
    } catch (SdkException e) {
      throw AwsErrors.map(e, operation, Optional.of(account));
    }
  }

  /** Nothing to release: the IAM client is shared, and the credentials go with this object. */
  @Override
  public void close() {}

  @Override
  public String toString() {
    return "AwsRootSession[account="
        + account
        + ", policy="
        + policy.policyName()
        + ", expiresAt="
        + expiresAt
        + "]";
  }
}
