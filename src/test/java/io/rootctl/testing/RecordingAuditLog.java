package io.rootctl.testing;

import io.rootctl.audit.AuditEntry;
import io.rootctl.audit.AuditLog;
import io.rootctl.audit.AuditResult;
import java.util.ArrayList;
import java.util.List;

/** An {@link AuditLog} that keeps every entry in memory. Thread-safe. */
public final class RecordingAuditLog implements AuditLog {
  private final List<AuditEntry> entries = new ArrayList<>();

  @Override
  public synchronized void record(AuditEntry entry) {
    entries.add(entry);
  }

  /** Every line, {@code started} ones included, as the journal holds them. */
  @Override
  public synchronized List<AuditEntry> entries() {
    return List.copyOf(entries);
  }

  /** The outcome lines only: one per write, as the audit log had before it was write-ahead. */
  public synchronized List<AuditEntry> outcomes() {
    return entries.stream().filter(e -> e.result().isOutcome()).toList();
  }

  /** Outcomes for {@code account} (12 digits), in the order they were recorded. */
  public synchronized List<AuditEntry> forAccount(String account) {
    return outcomes().stream()
        .filter(e -> e.account().map(a -> a.value().equals(account)).orElse(false))
        .toList();
  }

  public synchronized long count(AuditResult result) {
    return entries.stream().filter(e -> e.result() == result).count();
  }
}
