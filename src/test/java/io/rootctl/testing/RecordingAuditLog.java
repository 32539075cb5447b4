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

  public synchronized List<AuditEntry> entries() {
    return List.copyOf(entries);
  }

  /** Entries for {@code account} (12 digits), in the order they were recorded. */
  public synchronized List<AuditEntry> forAccount(String account) {
    return entries.stream()
        .filter(e -> e.account().map(a -> a.value().equals(account)).orElse(false))
        .toList();
  }

  public synchronized long count(AuditResult result) {
    return entries.stream().filter(e -> e.result() == result).count();
  }
}
