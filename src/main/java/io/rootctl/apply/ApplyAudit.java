package io.rootctl.apply;

import io.rootctl.audit.AuditEntry;
import io.rootctl.audit.AuditError;
import io.rootctl.audit.AuditLog;
import io.rootctl.audit.AuditResult;
import io.rootctl.cloud.CloudException;
import io.rootctl.model.AccountId;
import io.rootctl.model.TaskPolicy;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Writes one apply write and its result to the {@link AuditLog}; thread-safe as the log is. */
final class ApplyAudit {
  private final AuditLog audit;

  ApplyAudit(AuditLog audit) {
    this.audit = audit;
  }

  /** Records {@code operation} on {@code target}; {@code error} is the failure, if any. */
  void record(
      ApplyOptions options,
      Optional<AccountId> account,
      Optional<TaskPolicy> policy,
      String operation,
      String target,
      AuditResult result,
      @Nullable CloudException error) {
    audit.record(
        new AuditEntry(
            options.runId(),
            account,
            policy,
            operation,
            target,
            result,
            Optional.ofNullable(error)
                .map(
                    e ->
                        new AuditError(
                            e.errorCode(), e.requestId(), String.valueOf(e.getMessage())))));
  }
}
