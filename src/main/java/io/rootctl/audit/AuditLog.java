package io.rootctl.audit;

/**
 * Where the executor records every write it makes and how it ended. Implementations are thread-safe
 * (accounts are applied concurrently) and make each entry durable before returning. Recording is
 * not idempotent: every call is one entry.
 */
public interface AuditLog {

  /** Discards every entry; for runs without {@code --audit-log}. */
  AuditLog NOOP = entry -> {};

  /**
   * Records one entry, stamped with the log's clock. Throws {@link java.io.UncheckedIOException} if
   * the entry cannot be written: an apply must not go on without its audit trail.
   */
  void record(AuditEntry entry);
}
