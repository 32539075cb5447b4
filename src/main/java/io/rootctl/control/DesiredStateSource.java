package io.rootctl.control;

import io.rootctl.desired.DesiredState;
import io.rootctl.desired.Problem;
import io.rootctl.desired.SourceLocation;
import io.rootctl.desired.yaml.LoadResult;
import io.rootctl.metrics.RootctlMetrics;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the desired-state directory: each {@link #poll} takes a cheap {@link DirectorySnapshot}
 * and, when the {@link ChangeDetector} says so, loads it.
 *
 * <p><b>One commit per load.</b> The directory is resolved once to its real path (through the
 * git-sync link), and the loader is given that real path, so every file comes from one worktree.
 * After the load the link must still point there; if git-sync swapped it meanwhile, the load is
 * thrown away and the new target loaded (up to {@link #MAX_ATTEMPTS} times). The revision is the
 * commit named in the real path that was read ({@link GitRevision}); anything else (a plain folder,
 * a clone updated in place) gets the loader's content hash of the bytes it parsed.
 *
 * <p><b>A time budget.</b> Each load runs on its own daemon thread. A load still running {@code
 * budget} after it started (by the injected clock) is reported once as a rejected attempt, and
 * {@link #stuckSince()} and the {@code rootctl_desired_state_load_stuck} gauge say so until it
 * ends; meanwhile no other load starts (it would read the same hung volume) and the last good
 * desired state stays in force. Being a daemon, a load blocked in the kernel never keeps the JVM
 * from exiting on SIGTERM.
 *
 * <p>Not thread-safe: one poller. {@link #stuckSince()} may be read from any thread.
 */
public final class DesiredStateSource {
  private static final Logger log = LoggerFactory.getLogger(DesiredStateSource.class);

  /** How long a load may run before it counts as stuck. Loads take well under a second. */
  public static final Duration DEFAULT_LOAD_BUDGET = Duration.ofSeconds(30);

  /** Loads in a row that may find the link moved before one is given up. */
  static final int MAX_ATTEMPTS = 3;

  /** The longest one poll waits for a load to end; only the latency of a result depends on it. */
  private static final Duration WAIT = Duration.ofSeconds(1);

  private final Path dir;
  private final Function<Path, LoadResult> loader;
  private final RootctlMetrics metrics;
  private final Clock clock;
  private final Duration budget;
  private final ChangeDetector detector = new ChangeDetector();
  private @Nullable Load inFlight;
  private volatile Optional<Instant> stuckSince = Optional.empty();

  /** A load of one revision, good or bad. */
  public record LoadAttempt(String revision, LoadResult result) {}

  /** A load running on its own thread. */
  private static final class Load {
    final Instant started;
    final String revision;
    final CompletableFuture<LoadAttempt> result = new CompletableFuture<>();
    boolean reportedStuck;

    Load(Instant started, String revision) {
      this.started = started;
      this.revision = revision;
    }
  }

  /**
   * @param loader loads a directory (given its real path); never throws for bad input
   * @param budget how long a load may run before it is reported stuck
   */
  public DesiredStateSource(
      Path dir,
      Function<Path, LoadResult> loader,
      RootctlMetrics metrics,
      Clock clock,
      Duration budget) {
    if (!budget.isPositive()) {
      throw new IllegalArgumentException("the load budget must be positive, not " + budget);
    }
    this.dir = dir;
    this.loader = loader;
    this.metrics = metrics;
    this.clock = clock;
    this.budget = budget;
  }

  public Path directory() {
    return dir;
  }

  /** The budget a load has before it counts as stuck. */
  public Duration budget() {
    return budget;
  }

  /** When the load that is over its budget started; empty while no load is stuck. */
  public Optional<Instant> stuckSince() {
    return stuckSince;
  }

  /**
   * Loads the directory if it changed and settled since the last load; empty otherwise. Also
   * returns, once, a rejected attempt for a load that ran past its budget, and later that load's
   * own result if it ever ends. Returns empty at once when the polling thread is interrupted.
   */
  public Optional<LoadAttempt> poll() {
    if (inFlight == null) {
      var snapshot = DirectorySnapshot.of(dir);
      if (!detector.shouldLoad(snapshot)) {
        return Optional.empty();
      }
      inFlight = start(snapshot);
    }
    var load = inFlight;
    try {
      var attempt = load.result.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      inFlight = null;
      if (load.reportedStuck) {
        stuckSince = Optional.empty();
        metrics.desiredStateLoadStuck(false);
        log.atInfo().addKeyValue("started", load.started).log("the stuck desired-state load ended");
      }
      return Optional.of(attempt);
    } catch (TimeoutException e) {
      if (!load.reportedStuck && !clock.instant().isBefore(load.started.plus(budget))) {
        load.reportedStuck = true;
        stuckSince = Optional.of(load.started);
        metrics.desiredStateLoadStuck(true);
        return Optional.of(new LoadAttempt(load.revision, stuck(load)));
      }
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (ExecutionException e) {
      inFlight = null;
      // The loader never throws for bad input: this is a bug, for the watcher's boundary.
      throw new IllegalStateException("loading the desired state failed", e.getCause());
    }
  }

  private Load start(DirectorySnapshot snapshot) {
    var revision =
        snapshot
            .realPath()
            .flatMap(GitRevision::of)
            .orElse(snapshot.realPath().isEmpty() ? "missing" : "files:" + snapshot.digest());
    var load = new Load(clock.instant(), revision);
    Thread.ofPlatform()
        .name("rootctl-desired-state-load")
        .daemon(true)
        .start(
            () -> {
              try {
                load.result.complete(loadOneCommit(snapshot));
              } catch (RuntimeException | Error e) {
                load.result.completeExceptionally(e);
              }
            });
    return load;
  }

  /** Loads the directory's real path, again while the link moves under the load. */
  private LoadAttempt loadOneCommit(DirectorySnapshot snapshot) {
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      var real = realPath(dir);
      if (real.isEmpty()) {
        return new LoadAttempt("missing", loader.apply(dir));
      }
      var result = loader.apply(real.get());
      if (real.equals(realPath(dir))) {
        return attempt(real.get(), result, snapshot);
      }
      log.atInfo()
          .addKeyValue("read", real.get())
          .addKeyValue("now", realPath(dir).map(Path::toString).orElse("missing"))
          .log("the desired-state link moved during the load; discarded, loading again");
    }
    return new LoadAttempt(
        "files:" + snapshot.digest(),
        new LoadResult.Invalid(
            List.of(
                Problem.error(
                    new SourceLocation(".", 1, 1),
                    dir
                        + " moved to another target during each of "
                        + MAX_ATTEMPTS
                        + " loads in a row (git-sync publishing commits quickly?): nothing was"
                        + " loaded; the next change is loaded when it settles"))));
  }

  private static LoadAttempt attempt(Path real, LoadResult result, DirectorySnapshot snapshot) {
    var commit = GitRevision.of(real);
    return switch (result) {
      case LoadResult.Valid v -> {
        var d = v.desired();
        var revision = commit.orElse(d.revision());
        yield new LoadAttempt(
            revision,
            new LoadResult.Valid(
                new DesiredState(revision, d.organization(), d.units(), d.accounts()),
                v.warnings()));
      }
      case LoadResult.Invalid i -> new LoadAttempt(commit.orElse("files:" + snapshot.digest()), i);
    };
  }

  private LoadResult stuck(Load load) {
    return new LoadResult.Invalid(
        List.of(
            Problem.error(
                new SourceLocation(".", 1, 1),
                "loading "
                    + dir
                    + " has not finished within "
                    + budget.toSeconds()
                    + "s (started "
                    + load.started
                    + "; a hung volume?): the last good desired state stays in force, and no"
                    + " other load starts until this one ends")));
  }

  private static Optional<Path> realPath(Path dir) {
    try {
      return Optional.of(dir.toRealPath());
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
