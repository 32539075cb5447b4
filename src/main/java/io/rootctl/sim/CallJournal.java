package io.rootctl.sim;

import io.rootctl.model.TaskPolicy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Every call the simulated organization answered: the last {@link #RECENT} entries in full, and
 * counts for every distinct (operation, account, task policy, outcome) ever seen, so memory stays
 * bounded by the number of distinct keys, not calls. Thread-safe.
 */
public final class CallJournal {
  /** How many recent entries are kept in full. */
  public static final int RECENT = 10_000;

  /**
   * One call.
   *
   * @param operation {@code service:Operation}, e.g. {@code sts:AssumeRoot}
   * @param account the account the call was about: the session's account, AssumeRoot's target, or
   *     the caller's account; empty when the caller was not recognised
   * @param policy the task policy of the session, or the one AssumeRoot asked for
   * @param outcome {@code OK}, the AWS error code, or {@link #COMMITTED_THEN} and the error code
   *     for a write that took effect before its answer failed
   */
  public record Entry(
      long sequence,
      String operation,
      Optional<String> account,
      Optional<TaskPolicy> policy,
      String outcome) {}

  /** The key counts are kept by. */
  public record Key(
      String operation, Optional<String> account, Optional<TaskPolicy> policy, String outcome) {}

  public static final String OK = "OK";

  /**
   * The outcome prefix of a write that took effect and was then answered with an error (a
   * commit-then-fail fault): {@code COMMITTED_THEN + "ServiceFailure"}.
   */
  public static final String COMMITTED_THEN = "committed-then-";

  private final ArrayDeque<Entry> recent = new ArrayDeque<>();
  private final Map<Key, Long> counts = new HashMap<>();
  private long sequence;

  synchronized void record(
      String operation, Optional<String> account, Optional<TaskPolicy> policy, String outcome) {
    var entry = new Entry(++sequence, operation, account, policy, outcome);
    recent.addLast(entry);
    if (recent.size() > RECENT) {
      recent.removeFirst();
    }
    counts.merge(new Key(operation, account, policy, outcome), 1L, Long::sum);
  }

  /** The most recent entries, oldest first. */
  public synchronized List<Entry> recent() {
    return List.copyOf(recent);
  }

  /** How many calls ever matched {@code filter}. */
  public synchronized long count(Predicate<Key> filter) {
    return counts.entrySet().stream()
        .filter(e -> filter.test(e.getKey()))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  /** How many calls of {@code operation} ever had {@code outcome}. */
  public long count(String operation, String outcome) {
    return count(k -> k.operation().equals(operation) && k.outcome().equals(outcome));
  }

  /** Total calls. */
  public synchronized long total() {
    return sequence;
  }

  /** Counts grouped by one dimension: "operation", "account", "policy" or "outcome". */
  public synchronized Map<String, Long> countsBy(String dimension) {
    var result = new TreeMap<String, Long>();
    for (var e : counts.entrySet()) {
      var k = e.getKey();
      String label =
          switch (dimension) {
            case "operation" -> k.operation();
            case "account" -> k.account().orElse("-");
            case "policy" -> k.policy().map(TaskPolicy::policyName).orElse("-");
            case "outcome" -> k.outcome();
            default -> throw new IllegalArgumentException("unknown dimension " + dimension);
          };
      result.merge(label, e.getValue(), Long::sum);
    }
    return result;
  }

  synchronized void clear() {
    recent.clear();
    counts.clear();
    sequence = 0;
  }

  /** Entries of the recent window matching {@code filter}. */
  public synchronized List<Entry> recent(Predicate<Entry> filter) {
    var list = new ArrayList<Entry>();
    for (var e : recent) {
      if (filter.test(e)) {
        list.add(e);
      }
    }
    return list;
  }
}
