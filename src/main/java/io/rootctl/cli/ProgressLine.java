package io.rootctl.cli;

import io.rootctl.model.AccountId;
import io.rootctl.model.TaskPolicy;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Progress on stderr for reads that take more than a few seconds: silent for the first {@link
 * #QUIET}, then one line every {@link #EVERY}, from a timer ({@link Ticker}), e.g. {@code rootctl:
 * 340/1,999 accounts read, 17.0 accounts/s, about 1 min 38 s left}. It counts accounts whose root
 * user was read, each once however often it is read again (retries, the re-read before writes):
 * accounts, not sessions. Thread-safe.
 *
 * <p>{@link #start} decides where it goes: to stderr when stderr is a terminal, or with {@code -v};
 * nowhere otherwise. Under {@code --log-format json} it is never plain text on stderr (that would
 * break the JSON lines a log pipeline reads): with {@code -v} each line is logged as an INFO event
 * of {@code io.rootctl.cli.progress}; without, nothing.
 */
final class ProgressLine implements ProgressListener, AutoCloseable {
  static final Duration QUIET = Duration.ofSeconds(5);
  static final Duration EVERY = Duration.ofSeconds(5);

  private final Consumer<String> sink;
  private final Clock clock;
  private final Instant started;
  private final AtomicInteger total = new AtomicInteger(-1);
  private final Set<AccountId> read = ConcurrentHashMap.newKeySet();
  private volatile @Nullable Instant readingSince;
  private final Ticker.Stop ticks;

  /** A progress line to {@code sink}, ticking through {@code ticker}. */
  ProgressLine(Consumer<String> sink, Clock clock, Ticker ticker) {
    this.sink = sink;
    this.clock = clock;
    this.started = clock.instant();
    this.ticks = ticker.every(EVERY, this::tick);
  }

  /**
   * The progress line of a command: to {@code err} when stderr is a terminal or {@code -v} was
   * given (text logs), logged when {@code -v} was given (JSON logs), otherwise silent (still
   * counting, never ticking).
   */
  static ProgressLine start(CommandServices services, GlobalOptions global, PrintWriter err) {
    var verbose = global.verbosity() > 0;
    Optional<Consumer<String>> sink = Optional.empty();
    if (global.logFormat() == LogFormat.json) {
      if (verbose) {
        var log = org.slf4j.LoggerFactory.getLogger("io.rootctl.cli.progress");
        sink = Optional.of(log::info);
      }
    } else if (verbose || services.stderrIsTerminal()) {
      sink =
          Optional.of(
              line -> {
                err.println("rootctl: " + line);
                err.flush();
              });
    }
    return sink.isPresent()
        ? new ProgressLine(sink.get(), services.clock(), services.ticker())
        : new ProgressLine(line -> {}, services.clock(), Ticker.NEVER);
  }

  @Override
  public void organizationRead(int memberAccounts) {
    total.set(memberAccounts);
    if (readingSince == null) {
      readingSince = clock.instant();
    }
  }

  @Override
  public void sessionOpened(AccountId account, TaskPolicy policy) {
    // sessions are not progress: an account may be read in several (retries, re-reads)
  }

  @Override
  public void accountRead(AccountId account) {
    read.add(account);
  }

  /** Accounts read so far, each once. */
  int accountsRead() {
    return read.size();
  }

  /** One timer tick: prints the line once {@link #QUIET} has passed. */
  void tick() {
    var now = clock.instant();
    if (Duration.between(started, now).compareTo(QUIET) < 0) {
      return;
    }
    line(now).ifPresent(sink);
  }

  /** The line at {@code now}: empty once every account is read. */
  Optional<String> line(Instant now) {
    var all = total.get();
    var since = readingSince;
    if (all < 0 || since == null) {
      return Optional.of(
          String.format(
              Locale.ROOT,
              "%s: reading the organization's accounts and OUs",
              human(Duration.between(started, now))));
    }
    int done = Math.min(read.size(), all);
    if (done >= all) {
      return Optional.empty();
    }
    double seconds = Duration.between(since, now).toMillis() / 1000.0;
    double rate = seconds > 0 ? done / seconds : 0;
    var eta =
        rate > 0
            ? "about " + human(Duration.ofSeconds((long) Math.ceil((all - done) / rate))) + " left"
            : "time left not known yet";
    return Optional.of(
        String.format(
            Locale.ROOT, "%,d/%,d accounts read, %.1f accounts/s, %s", done, all, rate, eta));
  }

  /** {@code 45 s}, {@code 1 min 38 s}, {@code 2 h 5 min}. */
  static String human(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s < 60) {
      return s + " s";
    }
    if (s < 3600) {
      return (s / 60) + " min " + (s % 60) + " s";
    }
    return (s / 3600) + " h " + (s % 3600 / 60) + " min";
  }

  /** Stops the timer. */
  @Override
  public void close() {
    ticks.close();
  }
}
