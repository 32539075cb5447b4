package io.rootctl.control;

import io.rootctl.engine.RunReport;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;

/** The last N runs, newest first, for {@code /status}. Thread-safe. */
public final class RunHistory {
  private final int size;
  private final ArrayDeque<RunReport> runs = new ArrayDeque<>();

  public RunHistory(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("history size must be at least 1");
    }
    this.size = size;
  }

  public synchronized void add(RunReport report) {
    runs.addFirst(report);
    while (runs.size() > size) {
      runs.removeLast();
    }
  }

  /** Newest first. */
  public synchronized List<RunReport> runs() {
    return List.copyOf(runs);
  }

  public synchronized Optional<RunReport> latest() {
    return Optional.ofNullable(runs.peekFirst());
  }
}
