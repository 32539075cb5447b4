package io.rootctl.audit;

import io.rootctl.model.AccountId;
import io.rootctl.model.TaskPolicy;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of the write-ahead audit journal: a write {@link AuditResult#STARTED started} (recorded
 * and forced to disk before the AWS call), or its outcome. A write's lines share its {@code
 * writeId}. The log stamps the time when it records the entry.
 *
 * @param writeId links a write's {@code started} line to its outcome: the run id, {@code /} and a
 *     sequence number within the run ({@code apply-1a2b3c4d/7})
 * @param runId the run that wrote this line; an outcome recovery writes for an interrupted write
 *     carries the recovery's run id, not the interrupted run's
 * @param account the member account, absent for organization-level writes
 * @param taskPolicy the root session's task policy, absent for organization-level writes
 * @param action the AWS operation, e.g. {@code iam:DeleteAccessKey}
 * @param target what it acted on: access key id, certificate id, MFA serial, service principal or
 *     feature; empty for the login profile. Never a secret.
 * @param desiredRevision the desired-state revision the write was planned from; empty when unknown
 * @param error present exactly when {@code result} is FAILED or TOLERATED
 * @param recovers for a write crash recovery makes to finish an interrupted one, the interrupted
 *     write's id
 */
public record AuditEntry(
    String writeId,
    String runId,
    Optional<AccountId> account,
    Optional<TaskPolicy> taskPolicy,
    String action,
    String target,
    String desiredRevision,
    AuditResult result,
    Optional<AuditError> error,
    Optional<String> recovers) {

  public AuditEntry {
    Objects.requireNonNull(writeId);
    Objects.requireNonNull(runId);
    Objects.requireNonNull(action);
    Objects.requireNonNull(target);
    Objects.requireNonNull(desiredRevision);
    Objects.requireNonNull(result);
    var failed = result == AuditResult.FAILED || result == AuditResult.TOLERATED;
    if (failed != error.isPresent()) {
      throw new IllegalArgumentException("an audit entry carries an error exactly when it failed");
    }
  }

  /** A one-line entry (no separate {@code started} line), e.g. a session that could not open. */
  public AuditEntry(
      String runId,
      Optional<AccountId> account,
      Optional<TaskPolicy> taskPolicy,
      String action,
      String target,
      AuditResult result,
      Optional<AuditError> error) {
    this(
        runId + "/0",
        runId,
        account,
        taskPolicy,
        action,
        target,
        "",
        result,
        error,
        Optional.empty());
  }

  /** The outcome line of this started write, written by {@code runId}. */
  public AuditEntry outcome(String byRun, AuditResult outcome, Optional<AuditError> why) {
    if (outcome == AuditResult.STARTED) {
      throw new IllegalArgumentException("an outcome cannot be 'started'");
    }
    return new AuditEntry(
        writeId,
        byRun,
        account,
        taskPolicy,
        action,
        target,
        desiredRevision,
        outcome,
        why,
        recovers);
  }
}
