package io.rootctl.control;

import io.rootctl.desired.DesiredState;
import io.rootctl.desired.Problem;
import io.rootctl.desired.yaml.LoadResult;
import io.rootctl.metrics.RootctlMetrics;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The desired state in force. A load that fails (bad YAML, a half-written checkout, an empty
 * folder, a missing link) changes nothing: the last good state stays in force, and the rejection is
 * counted, logged and kept for {@code /status} until a good revision replaces it. Thread-safe.
 */
public final class LastGoodDesiredState {
  private static final Logger log = LoggerFactory.getLogger(LastGoodDesiredState.class);

  private final RootctlMetrics metrics;
  private final Clock clock;
  private Optional<DesiredState> current = Optional.empty();
  private Optional<Rejection> rejected = Optional.empty();
  private Optional<String> latestSeen = Optional.empty();

  /**
   * A revision that failed to load.
   *
   * @param errors every error as {@code file:line:col: message}
   */
  public record Rejection(String revision, Instant at, List<String> errors) {
    public Rejection {
      errors = List.copyOf(errors);
    }
  }

  public LastGoodDesiredState(RootctlMetrics metrics, Clock clock) {
    this.metrics = metrics;
    this.clock = clock;
  }

  /** Takes a load; returns true when it put a (new or re-validated) desired state in force. */
  public synchronized boolean offer(DesiredStateSource.LoadAttempt attempt) {
    latestSeen = Optional.of(attempt.revision());
    switch (attempt.result()) {
      case LoadResult.Valid v -> {
        var previous = current.map(DesiredState::revision);
        current = Optional.of(v.desired());
        rejected = Optional.empty();
        metrics.desiredStateLoaded(attempt.revision());
        log.atInfo()
            .addKeyValue("revision", attempt.revision())
            .addKeyValue("previous", previous.orElse("none"))
            .addKeyValue("warnings", v.warnings().size())
            .log("desired state loaded");
        return true;
      }
      case LoadResult.Invalid i -> {
        var errors = i.problems().stream().filter(Problem::isError).map(Problem::toString).toList();
        rejected = Optional.of(new Rejection(attempt.revision(), clock.instant(), errors));
        metrics.desiredStateRejected();
        log.atWarn()
            .addKeyValue("revision", attempt.revision())
            .addKeyValue("inForce", current.map(DesiredState::revision).orElse("none"))
            .addKeyValue("errors", errors.size())
            .log(
                "desired state rejected, the last good one stays in force: {}",
                errors.isEmpty() ? "" : errors.getFirst());
        return false;
      }
    }
  }

  /** The desired state in force, if any load has succeeded. */
  public synchronized Optional<DesiredState> current() {
    return current;
  }

  /** The latest rejection, unless a good load came after it. */
  public synchronized Optional<Rejection> rejected() {
    return rejected;
  }

  /** The revision most recently seen on disk, good or bad. */
  public synchronized Optional<String> latestSeen() {
    return latestSeen;
  }
}
