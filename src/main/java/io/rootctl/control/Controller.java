package io.rootctl.control;

import io.rootctl.apply.AccountOutcome;
import io.rootctl.apply.ApplyOptions;
import io.rootctl.desired.DesiredState;
import io.rootctl.desired.FeatureSetting;
import io.rootctl.engine.AccountSyncStatus;
import io.rootctl.engine.Engine;
import io.rootctl.engine.RunReport;
import io.rootctl.metrics.ReconcileResult;
import io.rootctl.metrics.RootctlMetrics;
import io.rootctl.model.AccountId;
import io.rootctl.model.Mode;
import io.rootctl.model.OrgFeature;
import io.rootctl.plan.AccountAction;
import io.rootctl.plan.Unreadable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's loop: a thread that runs {@link Engine#reconcileOnce} with the {@link
 * LastGoodDesiredState} whenever its {@link EventSource}s ask, coalescing requests that arrive
 * mid-run into one follow-up run ({@link TriggerQueue}). Two sources are built in: the {@link
 * DirectoryWatcher} (a run on each new revision) and the {@link IntervalTimer} (a run on the {@link
 * Schedule}); more are {@link #register registered} before {@link #start()}. Accounts a source
 * names as changed have their cached reads dropped ({@link Engine#forget}) right before the run,
 * which still plans the whole desired state. It records each {@link RunReport} in metrics, the
 * drift gauges and the {@link RunHistory}, and decides nothing about what to change.
 *
 * <p>{@link #stop()} stops every source, lets the run in flight finish the accounts it has started,
 * and starts no other account and no new run. Thread-safe.
 *
 * <p>At about 550 lines it is over the project's ~500: the loop, the status snapshot and the
 * metrics hand-off share one lock and one run's state, and splitting them would spread that lock
 * over several classes. The event sources, the schedule, the drift tracking and the desired-state
 * loading already live in their own classes.
 */
public final class Controller {
  private static final Logger log = LoggerFactory.getLogger(Controller.class);

  private final Engine engine;
  private final DesiredStateSource source;
  private final LastGoodDesiredState desired;
  private final RootctlMetrics metrics;
  private final Clock clock;
  private final ControllerConfig config;
  private final IntervalTimer timer;
  private final TriggerQueue queue;
  private final RunHistory history;
  private final DriftTracker drift = new DriftTracker();
  private final RootActivityLog activities = new RootActivityLog(RootActivityLog.DEFAULT_SIZE);

  /** The built-in sources first, then the registered ones; guarded by {@code this}. */
  private final List<EventSource> sources = new ArrayList<>();

  /** Held while a report is recorded and while /status reads it, so both see one run. */
  private final Object recording = new Object();

  private final AtomicLong runs = new AtomicLong();
  private final AtomicReference<Instant> lastTick;
  private final AtomicReference<Optional<Instant>> nextRun =
      new AtomicReference<>(Optional.empty());
  private volatile boolean stopping;
  private volatile boolean started;
  private @Nullable Thread loop;

  /**
   * @param source the desired-state directory, followed by the built-in {@link DirectoryWatcher}
   *     every {@link ControllerConfig#pollInterval()}
   * @param jitter a source of values in [0, 1) for the schedule's jitter
   */
  public Controller(
      Engine engine,
      DesiredStateSource source,
      LastGoodDesiredState desired,
      RootctlMetrics metrics,
      Clock clock,
      ControllerConfig config,
      DoubleSupplier jitter) {
    this.engine = engine;
    this.source = source;
    this.desired = desired;
    this.metrics = metrics;
    this.clock = clock;
    this.config = config;
    this.timer = new IntervalTimer(Schedule.of(config.interval()), clock, jitter);
    this.queue = new TriggerQueue(clock);
    this.history = new RunHistory(config.historySize());
    this.lastTick = new AtomicReference<>(clock.instant());
    metrics.interval(config.interval());
    sources.add(new DirectoryWatcher(source, desired, config.pollInterval()));
    sources.add(timer);
  }

  /**
   * Adds an event source, started with the built-in ones by {@link #start()} and stopped by {@link
   * #stop()}. This is the registration line of a new source (in {@code ControllerAssembly}).
   *
   * @throws IllegalStateException after {@link #start()}
   * @throws IllegalArgumentException when a source of that {@linkplain EventSource#name() name} is
   *     registered already
   */
  public synchronized Controller register(EventSource eventSource) {
    if (started) {
      throw new IllegalStateException("event sources are registered before the controller starts");
    }
    if (sources.stream().anyMatch(s -> s.name().equals(eventSource.name()))) {
      throw new IllegalArgumentException(
          "an event source named " + eventSource.name() + " is registered already");
    }
    sources.add(eventSource);
    return this;
  }

  /**
   * Starts every event source, then the loop; the loop runs as soon as a desired state has loaded.
   *
   * @throws RuntimeException from a source that cannot start, after stopping those started
   */
  public synchronized void start() {
    if (started) {
      throw new IllegalStateException("the controller has already been started");
    }
    started = true;
    lastTick.set(clock.instant());
    var running = new ArrayList<EventSource>();
    for (var s : sources) {
      try {
        s.start(queue);
      } catch (RuntimeException e) {
        stopping = true;
        queue.close();
        running.forEach(Controller::stopQuietly);
        throw e;
      }
      running.add(s);
      log.atDebug().addKeyValue("source", s.name()).log("event source started");
    }
    loop = Thread.ofPlatform().name("rootctl-reconcile").start(this::loop);
  }

  /**
   * Asks the controller to stop: every event source stops, no new run starts, no new account; the
   * accounts in flight finish. Returns at once.
   */
  public void stop() {
    stopping = true;
    queue.close();
    List<EventSource> all;
    synchronized (this) {
      all = List.copyOf(sources);
    }
    all.forEach(Controller::stopQuietly);
  }

  private static void stopQuietly(EventSource s) {
    try {
      s.stop();
    } catch (RuntimeException bug) {
      // Stop's boundary: one broken source must not keep the others (or SIGTERM) from stopping.
      log.atError().addKeyValue("source", s.name()).setCause(bug).log("stopping failed");
    }
  }

  /**
   * Waits for the loop and every event source to end after {@link #stop()}; true when they have.
   */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    var until = System.nanoTime() + timeout.toNanos();
    var l = loop;
    if (l != null && !l.join(timeout)) {
      return false;
    }
    List<EventSource> all;
    synchronized (this) {
      all = List.copyOf(sources);
    }
    for (var s : all) {
      var left = Duration.ofNanos(Math.max(0, until - System.nanoTime()));
      if (!s.awaitTermination(left)) {
        return false;
      }
    }
    return true;
  }

  /** Asks for a run now (coalesced with any pending one). */
  public void trigger() {
    queue.request(TriggerQueue.Trigger.MANUAL);
  }

  /** Each event source's name and health, in start order (for a future up gauge and /status). */
  public Map<String, EventSource.Health> eventSources() {
    List<EventSource> all;
    synchronized (this) {
      all = List.copyOf(sources);
    }
    var out = new LinkedHashMap<String, EventSource.Health>();
    all.forEach(s -> out.put(s.name(), s.health()));
    return out;
  }

  /** The latest root activities the event sources saw, for /status; they add to it. */
  public RootActivityLog rootActivity() {
    return activities;
  }

  /**
   * Where {@code account} stands as the latest run saw the organization: a member the plan skipped
   * (or the management account), any other member, or not in the organization. Before a run has
   * read the organization every account is taken for a member (an event for it costs a read, which
   * then finds out). Never blocks on a run.
   */
  public AccountStanding standing(AccountId account) {
    var latest = history.latest();
    if (latest.isEmpty() || latest.get().live().isEmpty()) {
      return AccountStanding.MEMBER;
    }
    var report = latest.get();
    var tree = report.live().get().tree();
    if (tree.isManagement(account)) {
      return AccountStanding.SKIPPED; // a signal, but AssumeRoot cannot act there
    }
    if (tree.account(account).isEmpty()) {
      return AccountStanding.UNKNOWN;
    }
    var skipped =
        report
            .plan()
            .map(p -> p.skipped().stream().anyMatch(s -> s.account().equals(account)))
            .orElse(false);
    return skipped ? AccountStanding.SKIPPED : AccountStanding.MEMBER;
  }

  private void loop() {
    var retryStreak = 0;
    try {
      while (!stopping) {
        nextRun.set(queue.deadline());
        var taken = queue.next();
        lastTick.set(clock.instant());
        if (taken.isEmpty() || stopping) {
          break;
        }
        var batch = taken.get();
        forget(batch);
        var state = desired.current();
        if (state.isEmpty()) {
          // Nothing loaded yet: the watcher triggers a run as soon as something is.
          timer.idle();
          continue;
        }
        nextRun.set(Optional.empty());
        var report = runOnce(state.get(), batch.triggers());
        lastTick.set(clock.instant());
        retryStreak = report.status().kind() == RunReport.Kind.RETRYABLE ? retryStreak + 1 : 0;
        timer.finished(result(report, retryStreak));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    log.atInfo().log("controller loop stopped");
  }

  /** How many of the accounts named by event sources the log line before a run lists. */
  static final int LOGGED_CHANGED = 10;

  /** Drops the cached reads of the accounts a source named, so the coming run reads them fresh. */
  private void forget(TriggerQueue.Batch batch) {
    if (!batch.accounts().isEmpty()) {
      engine.forget(batch.accounts());
      log.atInfo()
          .addKeyValue("accounts", batch.accounts().size())
          .addKeyValue("first", batch.accounts().stream().limit(LOGGED_CHANGED).toList())
          .log("accounts changed: their cached reads are dropped before the run");
    }
    if (batch.dropped() > 0) {
      log.atWarn()
          .addKeyValue("dropped", batch.dropped())
          .log(
              "event sources named more than {} accounts before one run; the others are read"
                  + " fresh once their cached reads expire (--resync)",
              TriggerQueue.MAX_ACCOUNTS);
    }
  }

  private RunReport runOnce(
      io.rootctl.desired.DesiredState state, java.util.Set<TriggerQueue.Trigger> triggers) {
    var started = clock.instant();
    var runId = "run-" + started.getEpochSecond() + "-" + runs.incrementAndGet();
    var options =
        new Engine.ReconcileOptions(
            runId,
            config.forceObserve(),
            config.maxActions(),
            new ApplyOptions(
                runId, config.parallelism(), ApplyOptions.DEFAULT_MAX_ATTEMPTS, () -> stopping));
    RunReport report;
    try {
      report = engine.reconcileOnce(state, options);
    } catch (RuntimeException bug) {
      // The run's boundary (STYLE B5): log, count, and go on with the next run.
      log.atError().addKeyValue("run", runId).setCause(bug).log("run failed unexpectedly");
      report =
          new RunReport(
              runId,
              state.revision(),
              started,
              clock.instant(),
              RunReport.Status.FAILED_TERMINAL,
              "unexpected failure: " + bug,
              Optional.empty(),
              Optional.empty(),
              List.of(),
              Optional.empty(),
              Optional.empty(),
              Map.of());
    }
    record(report, state);
    var unreadable = report.plan().map(p -> p.unreadable()).orElse(List.of());
    (report.status().kind() == RunReport.Kind.SUCCESS ? log.atInfo() : log.atWarn())
        .addKeyValue("run", runId)
        .addKeyValue("revision", report.revision())
        .addKeyValue("triggers", triggers)
        .addKeyValue("status", report.status())
        .addKeyValue("result", reconcileResult(report).tag())
        .addKeyValue("unreadable", unreadable.size())
        .addKeyValue("seconds", report.duration().toMillis() / 1000.0)
        .log(report.message());
    if (!unreadable.isEmpty()) {
      log.atWarn()
          .addKeyValue("run", runId)
          .addKeyValue("unreadable", unreadable.size())
          .log(unreadableLine(unreadable));
    }
    return report;
  }

  /** How many unread accounts the run log names; /status lists them all. */
  static final int LOGGED_UNREADABLE = 10;

  /** One log line naming the unread accounts and why (the first {@link #LOGGED_UNREADABLE}). */
  static String unreadableLine(List<Unreadable> unreadable) {
    var sb =
        new StringBuilder()
            .append(unreadable.size())
            .append(" account(s) could not be read and are not counted as in sync: ");
    for (int i = 0; i < Math.min(unreadable.size(), LOGGED_UNREADABLE); i++) {
      var u = unreadable.get(i);
      sb.append(i == 0 ? "" : "; ").append(u.account()).append(": ").append(u.reason());
    }
    if (unreadable.size() > LOGGED_UNREADABLE) {
      sb.append("; and ")
          .append(unreadable.size() - LOGGED_UNREADABLE)
          .append(" more (see /status)");
    }
    return sb.toString();
  }

  private void record(RunReport report, DesiredState state) {
    synchronized (recording) {
      var spec = state.organization();
      metrics.mode(config.forceObserve() ? Mode.OBSERVE : spec.mode());
      metrics.guardBlocked(report.status() == RunReport.Status.GUARD_BLOCKED);
      var wanted = EnumSet.noneOf(OrgFeature.class);
      spec.features()
          .forEach(
              (f, setting) -> {
                if (setting == FeatureSetting.ENABLED) {
                  wanted.add(f);
                }
              });
      metrics.featuresWanted(wanted);
      metrics.reconcileFinished(reconcileResult(report), report.duration(), report.finishedAt());
      drift.update(report, report.finishedAt()).ifPresent(metrics::drift);
      history.add(report); // last: a finished run in the history has its metrics recorded
    }
  }

  static ReconcileResult reconcileResult(RunReport report) {
    return switch (report.status().kind()) {
      case SUCCESS -> ReconcileResult.SUCCESS;
      case RETRYABLE -> ReconcileResult.RETRYABLE_FAILURE;
      case TERMINAL -> ReconcileResult.TERMINAL_FAILURE;
    };
  }

  /** How a report schedules the next run; {@code streak} counts retryable failures in a row. */
  static RunResult result(RunReport report, int streak) {
    return switch (report.status().kind()) {
      case SUCCESS -> new RunResult.Succeeded(report.finishedAt());
      case RETRYABLE ->
          new RunResult.RetryableFailure(
              report.finishedAt(), Math.max(1, streak), report.message());
      case TERMINAL -> new RunResult.TerminalFailure(report.finishedAt(), report.message());
    };
  }

  // ---- health, readiness, status ---------------------------------------------------------

  /** A verdict and its one-line reason. */
  public record Verdict(boolean ok, String reason) {}

  /** Alive, and the loop has ticked within {@link ControllerConfig#stuckAfter()}. */
  public Verdict health() {
    var l = loop;
    if (l == null || (!l.isAlive() && !stopping)) {
      return new Verdict(false, "the reconcile loop is not running");
    }
    var since = Duration.between(lastTick.get(), clock.instant());
    if (since.compareTo(config.stuckAfter()) > 0) {
      return new Verdict(
          false, "the loop has not ticked for " + since.toSeconds() + "s (stuck in a run?)");
    }
    return new Verdict(true, "loop ticked " + since.toSeconds() + "s ago");
  }

  /**
   * Ready once a desired state has loaded and one run has finished, and while no desired-state load
   * is stuck past its budget.
   */
  public Verdict readiness() {
    var stuck = source.stuckSince();
    if (stuck.isPresent()) {
      return new Verdict(
          false,
          "the desired-state load started at "
              + stuck.get()
              + " has not finished within its "
              + source.budget().toSeconds()
              + "s budget (a hung volume?); the last good desired state stays in force");
    }
    if (desired.current().isEmpty()) {
      return new Verdict(
          false,
          desired
              .rejected()
              .map(r -> "no valid desired state yet: revision " + r.revision() + " was rejected")
              .orElse("no desired state loaded yet"));
    }
    if (history.latest().isEmpty()) {
      return new Verdict(false, "no run has finished yet");
    }
    return new Verdict(true, "revision " + desired.current().get().revision());
  }

  /** The runs so far, newest first. */
  public List<RunReport> history() {
    return history.runs();
  }

  /** Everything /status shows. */
  public ControllerStatus status() {
    var current = desired.current();
    var mode =
        config.forceObserve()
            ? Mode.OBSERVE
            : current.map(d -> d.organization().mode()).orElse(Mode.OBSERVE);
    List<RunReport> reports;
    Map<AccountId, Instant> since;
    Map<AccountId, DriftTracker.Stale> stale;
    synchronized (recording) {
      reports = history.runs();
      since = drift.driftedSince();
      stale = drift.unreadable();
    }
    var runsOut = reports.stream().map(Controller::run).toList();
    var drifted = new ArrayList<ControllerStatus.DriftedAccount>();
    var unreadable = new ArrayList<ControllerStatus.UnreadableAccount>();
    var needsPerson = new ArrayList<ControllerStatus.NeedsPersonAccount>();
    reports.stream()
        .findFirst()
        .ifPresent(
            latest -> {
              var statuses = latest.accounts();
              var outcomes = new TreeMap<String, AccountOutcome>();
              latest
                  .apply()
                  .ifPresent(a -> a.accounts().forEach(o -> outcomes.put(o.account().value(), o)));
              latest
                  .plan()
                  .ifPresent(
                      plan ->
                          plan.accounts().stream()
                              .filter(
                                  c ->
                                      !(outcomes.get(c.account().value())
                                          instanceof AccountOutcome.Converged))
                              .filter(c -> statuses.get(c.account()) != AccountSyncStatus.IN_SYNC)
                              .forEach(
                                  c ->
                                      drifted.add(
                                          new ControllerStatus.DriftedAccount(
                                              c.account().value(),
                                              c.accountName(),
                                              c.ou().toString(),
                                              c.ouId(),
                                              Optional.ofNullable(since.get(c.account())),
                                              c.actions().stream()
                                                  .map(Controller::describe)
                                                  .toList(),
                                              c.reasons()))));
              latest
                  .plan()
                  .ifPresent(
                      plan ->
                          plan.unreadable()
                              .forEach(u -> unreadable.add(unreadable(latest, u, stale))));
              latest
                  .plan()
                  .ifPresent(
                      plan ->
                          plan.needsPerson()
                              .forEach(
                                  n ->
                                      needsPerson.add(
                                          new ControllerStatus.NeedsPersonAccount(
                                              n.account().value(),
                                              n.accountName(),
                                              n.ou().toString(),
                                              n.ouId(),
                                              n.kind().yamlName(),
                                              n.requirement().yamlName(),
                                              n.found(),
                                              n.todo(),
                                              n.reason()))));
            });
    return new ControllerStatus(
        desired.latestSeen(),
        current.map(d -> d.revision()),
        mode.yamlName(),
        desired.rejected(),
        nextRun.get(),
        runsOut,
        drifted,
        unreadable,
        eventSources().entrySet().stream()
            .map(
                e ->
                    new ControllerStatus.EventSourceState(
                        e.getKey(), e.getValue().up(), e.getValue().reason()))
            .toList(),
        activities.entries(),
        needsPerson);
  }

  private static ControllerStatus.UnreadableAccount unreadable(
      RunReport latest, Unreadable u, Map<AccountId, DriftTracker.Stale> stale) {
    var known = stale.get(u.account());
    var ou =
        latest
            .live()
            .flatMap(
                live -> live.tree().account(u.account()).map(m -> live.tree().pathOf(m).toString()))
            .orElse("");
    var ouId =
        latest
            .live()
            .flatMap(live -> live.tree().account(u.account()).map(m -> m.parentId()))
            .orElse("");
    return new ControllerStatus.UnreadableAccount(
        u.account().value(),
        u.accountName(),
        ou,
        ouId,
        u.reason(),
        known == null ? latest.finishedAt() : known.unreadableSince(),
        known == null ? Optional.empty() : known.lastReadAt(),
        known == null
            ? "unknown"
            : known.lastKnownDrifted().map(d -> d ? "drifted" : "in_sync").orElse("unknown"),
        known == null ? Optional.empty() : known.driftedSince());
  }

  private static ControllerStatus.Run run(RunReport r) {
    var counts = new TreeMap<String, Integer>();
    r.counts().forEach((s, n) -> counts.put(s.name().toLowerCase(java.util.Locale.ROOT), n));
    var errors = new ArrayList<String>();
    r.problems().stream().filter(p -> p.isError()).forEach(p -> errors.add(p.toString()));
    r.guard().ifPresent(g -> errors.add(g.message()));
    r.plan()
        .ifPresent(
            p ->
                p.unreadable()
                    .forEach(
                        u ->
                            errors.add(
                                u.account()
                                    + " ("
                                    + u.accountName()
                                    + "): could not be read: "
                                    + u.reason())));
    r.apply()
        .ifPresent(
            a ->
                a.failed()
                    .forEach(
                        f ->
                            errors.add(
                                f.account()
                                    + ": "
                                    + f.operation()
                                    + " "
                                    + f.errorCode()
                                    + (f.requestId().isEmpty()
                                        ? ""
                                        : " (request " + f.requestId() + ")")
                                    + ": "
                                    + f.message())));
    if (r.status().kind() != RunReport.Kind.SUCCESS && errors.isEmpty()) {
      errors.add(r.message());
    }
    return new ControllerStatus.Run(
        r.runId(),
        r.revision(),
        r.startedAt(),
        r.duration().toMillis() / 1000.0,
        r.status().name().toLowerCase(java.util.Locale.ROOT),
        reconcileResult(r).tag(),
        counts,
        r.message(),
        errors);
  }

  private static String describe(AccountAction action) {
    return action.statusText();
  }
}
