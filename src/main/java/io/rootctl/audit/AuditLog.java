package io.rootctl.audit;

import java.util.List;

/**
 * The write-ahead audit journal: where the executor records every write before it makes it ({@link
 * AuditResult#STARTED}) and how it ended. Implementations are thread-safe (accounts are applied
 * concurrently) and make each entry durable before returning. Recording is not idempotent: every
 * call is one entry.
 */
public interface AuditLog {

  /** Discards every entry and so holds none; for runs without {@code --audit-log}. */
  AuditLog NOOP =
      new AuditLog() {
        @Override
        public void record(AuditEntry entry) {}

        @Override
        public List<AuditEntry> entries() {
          return List.of();
        }
      };

  /**
   * Records one entry, stamped with the log's clock. Throws {@link java.io.UncheckedIOException} if
   * the entry cannot be written: an apply must not go on without its audit trail.
   */
  void record(AuditEntry entry);

  /**
   * Every entry recorded so far, oldest first, including those of earlier processes (the file's
   * whole history), for crash recovery. A log that keeps nothing returns an empty list.
   *
   * @throws java.io.UncheckedIOException when the journal cannot be read or a line in it is not a
   *     journal entry (crash recovery then refuses to go on: fail closed)
   */
  // No default: a decorator that forgot to pass this on would blind crash recovery.
  List<AuditEntry> entries();
}
