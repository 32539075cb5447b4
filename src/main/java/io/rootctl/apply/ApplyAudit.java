package io.rootctl.apply;

import io.rootctl.audit.AuditEntry;
import io.rootctl.audit.AuditError;
import io.rootctl.audit.AuditLog;
import io.rootctl.audit.AuditResult;
import io.rootctl.cloud.CloudException;
import io.rootctl.model.AccountId;
import io.rootctl.model.TaskPolicy;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Journals apply writes ahead: {@link #start} records (and the log forces to disk) a {@code
 * started} line before the AWS call, {@link Pending#end} its outcome after. Write ids are the run
 * id and a sequence number. Thread-safe as the log is.
 */
final class ApplyAudit {
  private final AuditLog audit;
  private final AtomicLong sequence = new AtomicLong();

  ApplyAudit(AuditLog audit) {
    this.audit = audit;
  }

  /** The journal behind this audit, for crash recovery. */
  AuditLog log() {
    return audit;
  }

  /** A write journalled as started, waiting for its outcome; end it exactly once. */
  final class Pending {
    private final AuditEntry started;
    private final String runId;

    private Pending(AuditEntry started, String runId) {
      this.started = started;
      this.runId = runId;
    }

    String writeId() {
      return started.writeId();
    }

    /** Records the outcome; {@code error} is the failure, if any. */
    void end(AuditResult result, @Nullable CloudException error) {
      audit.record(started.outcome(runId, result, Optional.ofNullable(error).map(ApplyAudit::of)));
    }
  }

  /**
   * Records that {@code operation} on {@code target} is about to be sent, before it is; returns the
   * handle its outcome is recorded through.
   *
   * @param recovers the interrupted write this one finishes (crash recovery), if any
   */
  Pending start(
      String runId,
      String desiredRevision,
      Optional<AccountId> account,
      Optional<TaskPolicy> policy,
      String operation,
      String target,
      Optional<String> recovers) {
    var started =
        new AuditEntry(
            runId + "/" + sequence.incrementAndGet(),
            runId,
            account,
            policy,
            operation,
            target,
            desiredRevision,
            AuditResult.STARTED,
            Optional.empty(),
            recovers);
    audit.record(started);
    return new Pending(started, runId);
  }

  /** {@link #start} for an apply's own write. */
  Pending start(
      ApplyOptions options,
      String desiredRevision,
      Optional<AccountId> account,
      Optional<TaskPolicy> policy,
      String operation,
      String target) {
    return start(
        options.runId(), desiredRevision, account, policy, operation, target, Optional.empty());
  }

  /**
   * Records, in one line, a failure before any write could start (a root session that could not be
   * opened): there is no AWS write to wait for.
   */
  void failedBeforeWrite(
      ApplyOptions options,
      String desiredRevision,
      Optional<AccountId> account,
      Optional<TaskPolicy> policy,
      String operation,
      String target,
      CloudException error) {
    audit.record(
        new AuditEntry(
            options.runId() + "/" + sequence.incrementAndGet(),
            options.runId(),
            account,
            policy,
            operation,
            target,
            desiredRevision,
            AuditResult.FAILED,
            Optional.of(of(error)),
            Optional.empty()));
  }

  /** Records {@code entry}'s outcome on behalf of {@code runId} (crash recovery). */
  void close(AuditEntry interrupted, String runId, AuditResult result, Optional<AuditError> why) {
    audit.record(interrupted.outcome(runId, result, why));
  }

  static AuditError of(CloudException e) {
    return new AuditError(e.operation(), e.errorCode(), e.requestId(), e.getMessage());
  }
}
