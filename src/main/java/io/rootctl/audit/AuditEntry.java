package io.rootctl.audit;

import io.rootctl.model.AccountId;
import io.rootctl.model.TaskPolicy;
import java.util.Objects;
import java.util.Optional;

/**
 * One write and its result. The log stamps the time when it records the entry.
 *
 * @param runId the apply run this write belongs to
 * @param account the member account, absent for organization-level writes
 * @param taskPolicy the root session's task policy, absent for organization-level writes
 * @param action the AWS operation, e.g. {@code iam:DeleteAccessKey}
 * @param target what it acted on: access key id, certificate id, MFA serial, service principal or
 *     feature; empty for the login profile. Never a secret.
 * @param error present exactly when {@code result} is FAILED or TOLERATED
 */
public record AuditEntry(
    String runId,
    Optional<AccountId> account,
    Optional<TaskPolicy> taskPolicy,
    String action,
    String target,
    AuditResult result,
    Optional<AuditError> error) {

  public AuditEntry {
    Objects.requireNonNull(runId);
    Objects.requireNonNull(action);
    Objects.requireNonNull(target);
    var failed = result == AuditResult.FAILED || result == AuditResult.TOLERATED;
    if (failed != error.isPresent()) {
      throw new IllegalArgumentException("an audit entry carries an error exactly when it failed");
    }
  }
}
