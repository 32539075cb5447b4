package io.rootctl.control;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How the controller runs ({@code rootctl controller} flags and their defaults).
 *
 * @param desiredState the directory to follow (a git-sync link such as {@code /git/repo/policies},
 *     or a plain folder)
 * @param interval time between runs when nothing else triggers one (plus up to 10% jitter)
 * @param resync the longest a cached audit of an account, or the organization tree, is trusted
 * @param forceObserve {@code --mode observe}: plan and report but never write, whatever the desired
 *     state says. {@code --mode enforce} leaves the desired state's own {@code mode} in force: the
 *     planner can only be forced towards observe, never towards enforce.
 * @param maxActions {@code --max-actions}, on top of {@code guards.maxActionsPerRun}
 * @param parallelism accounts read and changed at once
 * @param listen the HTTP address for /metrics, /healthz, /readyz and /status
 * @param auditLog the JSON-lines audit log file, if any
 * @param pollInterval how often the directory is checked for a new revision
 * @param runTimeout how long one run may take before /healthz calls the loop stuck (with three
 *     intervals, whichever is longer)
 * @param historySize how many runs /status shows
 */
public record ControllerConfig(
    Path desiredState,
    Duration interval,
    Duration resync,
    boolean forceObserve,
    OptionalInt maxActions,
    int parallelism,
    InetSocketAddress listen,
    Optional<Path> auditLog,
    Duration pollInterval,
    Duration runTimeout,
    int historySize) {

  public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(5);
  public static final Duration DEFAULT_RESYNC = Duration.ofHours(1);
  public static final Duration DEFAULT_POLL = Duration.ofSeconds(2);
  public static final Duration DEFAULT_RUN_TIMEOUT = Duration.ofMinutes(30);

  public ControllerConfig {
    if (!interval.isPositive() || !resync.isPositive() || !pollInterval.isPositive()) {
      throw new IllegalArgumentException("interval, resync and poll interval must be positive");
    }
    if (parallelism < 1 || historySize < 1) {
      throw new IllegalArgumentException("parallelism and history size must be at least 1");
    }
  }

  /** The defaults for {@code dir}: 5m interval, 1h resync, 10 accounts at a time, 0.0.0.0:8080. */
  public static ControllerConfig defaults(Path dir) {
    return new ControllerConfig(
        dir,
        DEFAULT_INTERVAL,
        DEFAULT_RESYNC,
        false,
        OptionalInt.empty(),
        10,
        new InetSocketAddress("0.0.0.0", 8080),
        Optional.empty(),
        DEFAULT_POLL,
        DEFAULT_RUN_TIMEOUT,
        10);
  }

  public ControllerConfig withTiming(Duration newInterval, Duration newResync, Duration newPoll) {
    return new ControllerConfig(
        desiredState,
        newInterval,
        newResync,
        forceObserve,
        maxActions,
        parallelism,
        listen,
        auditLog,
        newPoll,
        runTimeout,
        historySize);
  }

  public ControllerConfig withObserve(boolean observe) {
    return new ControllerConfig(
        desiredState,
        interval,
        resync,
        observe,
        maxActions,
        parallelism,
        listen,
        auditLog,
        pollInterval,
        runTimeout,
        historySize);
  }

  public ControllerConfig withListen(InetSocketAddress address) {
    return new ControllerConfig(
        desiredState,
        interval,
        resync,
        forceObserve,
        maxActions,
        parallelism,
        address,
        auditLog,
        pollInterval,
        runTimeout,
        historySize);
  }

  public ControllerConfig withAuditLog(Path file) {
    return new ControllerConfig(
        desiredState,
        interval,
        resync,
        forceObserve,
        maxActions,
        parallelism,
        listen,
        Optional.of(file),
        pollInterval,
        runTimeout,
        historySize);
  }

  public ControllerConfig withApply(int newParallelism, OptionalInt newMaxActions) {
    return new ControllerConfig(
        desiredState,
        interval,
        resync,
        forceObserve,
        newMaxActions,
        newParallelism,
        listen,
        auditLog,
        pollInterval,
        runTimeout,
        historySize);
  }

  /** How long the loop may go without ticking before /healthz fails. */
  public Duration stuckAfter() {
    var three = interval.multipliedBy(3);
    return three.compareTo(runTimeout) > 0 ? three : runTimeout;
  }
}
