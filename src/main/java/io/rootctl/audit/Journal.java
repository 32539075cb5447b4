package io.rootctl.audit;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The journal's entries read back, by write: which writes started and how each ended. Pure.
 *
 * @param entries every entry, oldest first
 */
public record Journal(List<AuditEntry> entries) {

  public Journal {
    entries = List.copyOf(entries);
  }

  /** The last outcome recorded for each write id. */
  public Map<String, AuditEntry> outcomes() {
    var outcomes = new HashMap<String, AuditEntry>();
    for (var e : entries) {
      if (e.result().isOutcome()) {
        outcomes.put(e.writeId(), e);
      }
    }
    return outcomes;
  }

  /** The outcome of write {@code writeId}, if one was recorded. */
  public Optional<AuditEntry> outcome(String writeId) {
    return Optional.ofNullable(outcomes().get(writeId));
  }

  /**
   * Writes that started and have no outcome, oldest first: the process died (or lost its disk)
   * between forcing the {@code started} line and recording how the AWS call ended. Whether AWS made
   * such a write is unknown until a fresh read.
   */
  public List<AuditEntry> unfinished() {
    var outcomes = outcomes();
    return entries.stream()
        .filter(e -> e.result() == AuditResult.STARTED && !outcomes.containsKey(e.writeId()))
        .toList();
  }
}
