package io.rootctl.cloud;

import io.rootctl.live.RootCredentials;
import io.rootctl.model.AccountId;
import io.rootctl.model.TaskPolicy;
import java.time.Instant;
import java.util.Optional;

/**
 * One {@code sts:AssumeRoot} session in one member account, scoped by one task policy. A call the
 * task policy does not permit fails with {@link TerminalCloudException} ACCESS_DENIED; a call after
 * expiry fails with SESSION_EXPIRED. Deletes of something already gone return normally (AWS's
 * NoSuchEntity is success here, answered {@link WriteResult#ALREADY_DONE}), so every write is safe
 * to retry. Not required to be thread-safe: one account's steps run in order. {@code toString()}
 * never shows the session's credentials.
 */
public interface RootSession extends AutoCloseable {

  AccountId account();

  TaskPolicy policy();

  /** When AWS will reject this session's credentials. */
  Instant expiresAt();

  /**
   * The session's temporary access key id ({@code ASIA...}): not a secret (it signs nothing alone),
   * and how CloudTrail names the session in the events its calls cause ({@code
   * userIdentity.accessKeyId}, see <a
   * href="https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-track-privileged-tasks.html">Track
   * privileged tasks in CloudTrail</a>), so the controller can tell its own writes from others'.
   * Empty when the implementation does not know it (a decorator that does not pass it on).
   */
  default Optional<String> accessKeyId() {
    return Optional.empty();
  }

  /**
   * Reads what the root user holds. In an audit session: GetAccountSummary and GetLoginProfile
   * first, then lists only the kinds the summary says are present. In a delete session (no
   * GetAccountSummary): GetLoginProfile and every list. Read-only.
   */
  RootCredentials readRootCredentials();

  /** DeleteLoginProfile: removes the password and the ability to recover it. Idempotent. */
  WriteResult deleteLoginProfile();

  /** DeleteAccessKey. Idempotent. */
  WriteResult deleteAccessKey(String accessKeyId);

  /** DeleteSigningCertificate. Idempotent. */
  WriteResult deleteSigningCertificate(String certificateId);

  /** DeactivateMFADevice: detaches the device from the root user. Idempotent. */
  WriteResult deactivateMfaDevice(String serialNumber);

  /**
   * DeleteVirtualMFADevice, after deactivation. Idempotent. May be denied by the task policy's
   * NotResource clause, which callers treat as non-fatal. See <a
   * href="https://docs.aws.amazon.com/aws-managed-policy/latest/reference/IAMDeleteRootUserCredentials.html">IAMDeleteRootUserCredentials</a>.
   */
  WriteResult deleteVirtualMfaDevice(String serialNumber);

  /**
   * CreateLoginProfile without a password: allows password recovery. Idempotent
   * (EntityAlreadyExists counts as done).
   */
  WriteResult createLoginProfile();

  /** Forgets the session's credentials. Never throws. */
  @Override
  void close();
}
