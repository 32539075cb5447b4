package io.rootctl.cloud;

import io.rootctl.model.AccountId;

/**
 * Opens root sessions that read and change one resource's resource-based policy: the port of the
 * incident commands {@code rootctl unlock s3} and {@code rootctl unlock sqs}. Thread-safe.
 */
public interface ResourcePolicyClient {

  /**
   * Opens an {@code sts:AssumeRoot} session in {@code account}, scoped by {@code
   * kind.taskPolicy()}, for {@code resource} (a bucket name or a queue URL).
   *
   * @throws TerminalCloudException ACCESS_DENIED when the caller may not assume root there
   *     (RootSessions disabled, not a member, an SCP); INVALID_REQUEST when {@code resource} is not
   *     a name or URL of that kind
   * @throws RetryableCloudException on throttling or a 5xx
   */
  ResourcePolicySession open(AccountId account, ResourcePolicyKind kind, String resource);
}
