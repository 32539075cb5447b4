package io.rootctl.control;

import io.rootctl.events.RootActivity;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The last root activities the event sources saw, newest first, for {@code /status}. Bounded;
 * thread-safe.
 */
public final class RootActivityLog {

  /** How many activities /status shows. */
  public static final int DEFAULT_SIZE = 50;

  /**
   * One activity and what the controller did with it.
   *
   * @param outcome {@code reconcile} (the account is read fresh and repaired), {@code expected}
   *     (rootctl's own session: nothing to do), {@code skipped} (the desired state skips the
   *     account), {@code unknown_account} (not a member of the organization as last read), or
   *     {@code duplicate} (seen already)
   */
  public record Entry(RootActivity activity, String outcome) {}

  private final int size;
  private final ArrayDeque<Entry> entries = new ArrayDeque<>();

  public RootActivityLog(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("size must be positive");
    }
    this.size = size;
  }

  public synchronized void add(RootActivity activity, String outcome) {
    entries.addFirst(new Entry(activity, outcome));
    while (entries.size() > size) {
      entries.removeLast();
    }
  }

  /** Newest first. */
  public synchronized List<Entry> entries() {
    return List.copyOf(entries);
  }
}
