package io.rootctl.metrics;

import io.rootctl.audit.AuditEntry;
import io.rootctl.audit.AuditLog;
import io.rootctl.audit.AuditResult;

/**
 * An {@link AuditLog} decorator that counts every write in {@code rootctl_actions_total} after the
 * delegate has recorded it. Every write the executor makes passes through the audit log, so this is
 * the one place actions are counted. The {@code action} tag is the AWS operation without its
 * service prefix ({@code DeleteAccessKey}); {@code result} is {@code success} (done, or already
 * done), {@code tolerated} or {@code failure}. Thread-safe if the delegate is.
 */
public final class MeteredAuditLog implements AuditLog {
  private final AuditLog delegate;
  private final RootctlMetrics metrics;

  public MeteredAuditLog(AuditLog delegate, RootctlMetrics metrics) {
    this.delegate = delegate;
    this.metrics = metrics;
  }

  @Override
  public void record(AuditEntry entry) {
    delegate.record(entry);
    if (!entry.result().isOutcome()) {
      return; // a write is counted once, by its outcome
    }
    var action = entry.action().substring(entry.action().indexOf(':') + 1);
    metrics.action(action, entry.taskPolicy(), result(entry.result()));
  }

  static String result(AuditResult result) {
    return switch (result) {
      case OK, ALREADY_DONE -> "success";
      case TOLERATED -> "tolerated";
      case FAILED -> "failure";
      case STARTED -> throw new IllegalArgumentException("'started' is not an outcome");
    };
  }

  @Override
  public java.util.List<AuditEntry> entries() {
    return delegate.entries();
  }
}
