package io.rootctl.cli;

import io.rootctl.model.AccountId;
import io.rootctl.model.TaskPolicy;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Progress on stderr for runs that take more than a few seconds: silent for the first {@link
 * #QUIET}, then at most one line every {@link #EVERY}, e.g. {@code rootctl: 12 s: 340 root users
 * read (1,999 active member accounts), 0 change sessions}. Driven by events, never by a timer
 * thread. Thread-safe.
 */
final class ProgressLine implements ProgressListener {
  static final Duration QUIET = Duration.ofSeconds(5);
  static final Duration EVERY = Duration.ofSeconds(5);

  private final PrintWriter err;
  private final Clock clock;
  private final Instant started;
  private final AtomicInteger accounts = new AtomicInteger(-1);
  private final AtomicInteger read = new AtomicInteger();
  private final AtomicInteger changed = new AtomicInteger();
  private Instant lastPrinted;

  ProgressLine(PrintWriter err, Clock clock) {
    this.err = err;
    this.clock = clock;
    this.started = clock.instant();
    this.lastPrinted = started;
  }

  @Override
  public void organizationRead(int memberAccounts) {
    accounts.set(memberAccounts);
    maybePrint();
  }

  @Override
  public void sessionOpened(AccountId account, TaskPolicy policy) {
    if (policy == TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS) {
      read.incrementAndGet();
    } else {
      changed.incrementAndGet();
    }
    maybePrint();
  }

  private void maybePrint() {
    var now = clock.instant();
    synchronized (this) {
      if (Duration.between(started, now).compareTo(QUIET) < 0
          || (lastPrinted.isAfter(started)
              && Duration.between(lastPrinted, now).compareTo(EVERY) < 0)) {
        return;
      }
      lastPrinted = now;
      var total = accounts.get();
      err.printf(
          "rootctl: %d s: %,d root users read%s, %,d change sessions%n",
          Duration.between(started, now).toSeconds(),
          read.get(),
          total < 0 ? "" : String.format(" (%,d active member accounts)", total),
          changed.get());
      err.flush();
    }
  }
}
