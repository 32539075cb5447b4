package io.rootctl.control;

import io.rootctl.cloud.Backoff;
import io.rootctl.cloud.CloudException;
import io.rootctl.cloud.EventQueue;
import io.rootctl.events.RootActivity;
import io.rootctl.events.RootActivityParser;
import io.rootctl.metrics.RootctlMetrics;
import io.rootctl.model.AccountId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event source {@code sqs}: long-polls an SQS queue that EventBridge fills with root-activity
 * events (see docs/controller.md, "The event path") and turns each root activity in a member
 * account into "this account changed" ({@link TriggerSink#accountsChanged}): its cached audit is
 * dropped and the next run reads it fresh and repairs it. Every activity is also a signal: one log
 * line, the {@code rootctl_root_activity_events_total} counter, the per-account last-unexpected
 * timestamp and the {@link RootActivityLog} in /status.
 *
 * <ul>
 *   <li><b>Coalescing.</b> The accounts named within {@code window} of the first pending one go to
 *       the sink together, once: a burst of 50 events for one account is one run. While receives
 *       come back full the trigger waits for the rest of the burst (at most {@link #MAX_DRAIN} past
 *       the window), so a burst already queued is one run however slowly it is read.
 *   <li><b>Own writes.</b> An activity of rootctl's own AssumeRoot sessions ({@link OwnSessions})
 *       is expected: logged at DEBUG, counted with {@code expected="true"}, no run, no alarm.
 *   <li><b>Hostile input.</b> A malformed or foreign message is deleted, counted ({@code
 *       outcome="rejected"}) and logged once; an activity in an unknown or skipped account is
 *       counted ({@code outcome="ignored"}) and starts no run; a duplicate (same event id) starts
 *       no second run. Nothing a message holds ends the loop.
 *   <li><b>At least once.</b> A message that names a member account is deleted only after the sink
 *       took its trigger; on stop, the pending ones are left to come back after their visibility
 *       timeout.
 *   <li><b>Health.</b> When the queue cannot be read the source is down ({@code
 *       rootctl_event_source_up{source="sqs"} 0}, /status says why) and retries with backoff; the
 *       interval and resync go on without it.
 * </ul>
 *
 * <p>Thread-safe: one thread of its own runs the loop; {@link #stop()} closes the queue, which ends
 * a long poll in flight.
 */
public final class SqsEventSource implements EventSource {
  private static final Logger log = LoggerFactory.getLogger(SqsEventSource.class);

  /** The source's name and its metrics' {@code source} label. */
  public static final String NAME = "sqs";

  /** How long the first pending account waits for others before the trigger: a burst's span. */
  public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(1);

  /**
   * How long past its window a trigger may wait while receives keep coming back full ({@link
   * EventQueue#MAX_MESSAGES}): a burst already in the queue is drained into one trigger, however
   * slowly this process reads it, but a steady flood still triggers at least this often.
   */
  public static final Duration MAX_DRAIN = Duration.ofSeconds(10);

  /** How many event ids are remembered to recognise duplicates. */
  static final int REMEMBERED_EVENTS = 10_000;

  /** The backoff after the queue cannot be read: 1 s doubling to at most 1 min. */
  static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1));

  /** What happens between polls; a test waits in its own way. */
  @FunctionalInterface
  interface Pause {
    void sleep(Duration d) throws InterruptedException;
  }

  private final EventQueue queue;
  private final RootActivityParser parser;
  private final AccountStanding.Lookup standing;
  private final RootActivityLog activities;
  private final RootctlMetrics metrics;
  private final Clock clock;
  private final Duration window;
  private final Pause pause;

  private final Object lock = new Object();
  private @Nullable TriggerSink sink;
  private @Nullable Thread thread;
  private volatile boolean stopped;
  private volatile Health health = Health.down("not started");

  // the loop's state (its thread only, or a test calling pollOnce)
  private final TreeSet<AccountId> pending = new TreeSet<>();
  private final List<EventQueue.Message> pendingMessages = new ArrayList<>();
  private @Nullable Instant flushAt;

  /** When the last receive came back full (more may be waiting), or null. */
  private @Nullable Instant drainedAt;

  private int failures;
  private final LinkedHashMap<String, Boolean> seen =
      new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > REMEMBERED_EVENTS;
        }
      };

  /**
   * @param parser the parser, knowing rootctl's own sessions
   * @param standing whether an account is a managed member (from the latest run)
   * @param activities where /status finds the latest activities
   * @param window how long a pending account waits for others (coalescing)
   */
  public SqsEventSource(
      EventQueue queue,
      RootActivityParser parser,
      AccountStanding.Lookup standing,
      RootActivityLog activities,
      RootctlMetrics metrics,
      Clock clock,
      Duration window) {
    this(queue, parser, standing, activities, metrics, clock, window, Thread::sleep);
  }

  SqsEventSource(
      EventQueue queue,
      RootActivityParser parser,
      AccountStanding.Lookup standing,
      RootActivityLog activities,
      RootctlMetrics metrics,
      Clock clock,
      Duration window,
      Pause pause) {
    this.queue = queue;
    this.parser = parser;
    this.standing = standing;
    this.activities = activities;
    this.metrics = metrics;
    this.clock = clock;
    this.window = window;
    this.pause = pause;
    metrics.eventSourceUp(NAME, false);
    for (var outcome : List.of("received", "deleted", "rejected", "ignored")) {
      metrics.eventMessages(NAME, outcome, 0);
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void start(TriggerSink sink) {
    synchronized (lock) {
      if (this.sink != null) {
        throw new IllegalStateException("the sqs event source has already been started");
      }
      this.sink = sink;
      health = Health.down("starting: the first receive from " + queue.location() + " is due");
      thread = Thread.ofPlatform().name("rootctl-events-sqs").daemon().start(this::loop);
    }
    log.atInfo().addKeyValue("queue", queue.location()).log("listening for root activity events");
  }

  /** Sets the sink without starting the thread: a test drives {@link #pollOnce} itself. */
  void startForTest(TriggerSink sink) {
    synchronized (lock) {
      this.sink = sink;
    }
  }

  @Override
  public void stop() {
    stopped = true;
    Thread t;
    synchronized (lock) {
      t = thread;
    }
    queue.close(); // ends the long poll in flight
    if (t != null) {
      t.interrupt();
    }
  }

  @Override
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    Thread t;
    synchronized (lock) {
      t = thread;
    }
    return t == null || t.join(timeout);
  }

  @Override
  public Health health() {
    return health;
  }

  private void loop() {
    try {
      while (!stopped) {
        pollOnce();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    health = Health.down("stopped");
    metrics.eventSourceUp(NAME, false);
    log.atInfo()
        .addKeyValue("pending", pendingMessages.size())
        .log("sqs event source stopped; unhandled messages return after their visibility timeout");
  }

  /**
   * One turn of the loop: a receive (long, or as long as the pending accounts may still wait), the
   * messages handled, the pending accounts sent when their window has passed. A failure to reach
   * the queue marks the source down and waits the backoff; nothing escapes but an interrupt.
   */
  void pollOnce() throws InterruptedException {
    try {
      var wait = EventQueue.MAX_WAIT;
      var due = flushAt;
      if (due != null) {
        var left = Duration.between(clock.instant(), due);
        wait = left.isNegative() ? Duration.ZERO : left;
      }
      var messages = queue.receive(wait);
      if (stopped) {
        return; // what was received comes back after its visibility timeout
      }
      up();
      if (!messages.isEmpty()) {
        metrics.eventMessages(NAME, "received", messages.size());
      }
      var done = new ArrayList<EventQueue.Message>();
      for (var m : messages) {
        handle(m, done);
      }
      delete(done);
      drainedAt = messages.size() < EventQueue.MAX_MESSAGES ? null : clock.instant();
      flushIfDue();
    } catch (CloudException e) {
      if (stopped) {
        return;
      }
      failures++;
      var reason =
          "cannot read the queue "
              + queue.location()
              + ": "
              + e.getMessage()
              + " (attempt "
              + failures
              + "; the interval and resync go on)";
      if (health.up() || failures == 1) {
        log.atWarn().addKeyValue("source", NAME).log(reason);
      }
      health = Health.down(reason);
      metrics.eventSourceUp(NAME, false);
      pause.sleep(BACKOFF.delay(failures, () -> ThreadLocalRandom.current().nextDouble()));
    } catch (RuntimeException bug) {
      // The loop's boundary (STYLE B5): one bad turn never ends the source.
      if (stopped) {
        return;
      }
      failures++;
      log.atError().addKeyValue("source", NAME).setCause(bug).log("event source turn failed");
      health = Health.down("failed unexpectedly: " + bug);
      metrics.eventSourceUp(NAME, false);
      pause.sleep(BACKOFF.delay(failures, () -> ThreadLocalRandom.current().nextDouble()));
    }
  }

  private void up() {
    if (!health.up()) {
      if (failures > 0) {
        log.atInfo().addKeyValue("source", NAME).log("the queue can be read again");
      }
      health = Health.UP;
      metrics.eventSourceUp(NAME, true);
    }
    failures = 0;
  }

  /** Handles one message: {@code done} gets it unless it waits for its account's trigger. */
  private void handle(EventQueue.Message message, List<EventQueue.Message> done) {
    switch (parser.parse(message.body())) {
      case RootActivityParser.Result.Rejected rejected -> {
        metrics.eventMessages(NAME, "rejected", 1);
        log.atWarn()
            .addKeyValue("source", NAME)
            .addKeyValue("messageId", RootActivityParser.clean(message.id()))
            .log("message rejected and deleted: " + rejected.reason());
        done.add(message);
      }
      case RootActivityParser.Result.Activity(var activity) -> {
        var duplicate = !activity.eventId().isEmpty() && seen.put(activity.eventId(), true) != null;
        if (duplicate) {
          metrics.eventMessages(NAME, "ignored", 1);
          log.atDebug()
              .addKeyValue("eventId", activity.eventId())
              .log("duplicate root activity event ignored");
          done.add(message);
          return;
        }
        var where = standing.of(activity.account());
        var outcome =
            activity.expected()
                ? "expected"
                : switch (where) {
                  case MEMBER -> "reconcile";
                  case SKIPPED -> "skipped";
                  case UNKNOWN -> "unknown_account";
                };
        signal(activity, where, outcome);
        if (outcome.equals("reconcile")) {
          if (pending.isEmpty()) {
            flushAt = clock.instant().plus(window);
          }
          pending.add(activity.account());
          pendingMessages.add(message);
        } else {
          metrics.eventMessages(NAME, "ignored", 1);
          done.add(message);
        }
      }
    }
  }

  /** The activity as a signal: log line, counters, the per-account timestamp, /status. */
  private void signal(RootActivity activity, AccountStanding where, String outcome) {
    var line =
        (activity.expected() ? log.atDebug() : log.atWarn())
            .addKeyValue("source", NAME)
            .addKeyValue("account", activity.account().value())
            .addKeyValue("event", activity.eventName())
            .addKeyValue("kind", activity.kind().tag())
            .addKeyValue("who", activity.arn().isEmpty() ? activity.identityType() : activity.arn())
            .addKeyValue("sourceIp", activity.sourceIp())
            .addKeyValue("eventTime", activity.time().toString())
            .addKeyValue("expected", activity.expected())
            .addKeyValue("outcome", outcome);
    line.log(activity.summary());
    if (where == AccountStanding.UNKNOWN) {
      return; // not an account of the organization: no series, no alarm
    }
    metrics.rootActivity(activity.metricEvent(), activity.expected());
    if (!activity.expected()) {
      metrics.unexpectedRootActivity(activity.account(), activity.time());
    }
    activities.add(activity, outcome);
  }

  private void flushIfDue() {
    var due = flushAt;
    var now = clock.instant();
    if (due == null || now.isBefore(due) || pending.isEmpty()) {
      return;
    }
    if (drainedAt != null && now.isBefore(due.plus(MAX_DRAIN))) {
      return; // the last receive was full: more of the burst is waiting in the queue
    }
    TriggerSink s;
    synchronized (lock) {
      s = sink;
    }
    if (s == null || stopped) {
      return;
    }
    s.accountsChanged(new TreeSet<>(pending));
    log.atInfo()
        .addKeyValue("source", NAME)
        .addKeyValue("accounts", pending.size())
        .addKeyValue("messages", pendingMessages.size())
        .addKeyValue("first", pending.stream().limit(Controller.LOGGED_CHANGED).toList())
        .log("root activity: these accounts are read fresh and repaired in the next run");
    var sent = List.copyOf(pendingMessages);
    pending.clear();
    pendingMessages.clear();
    flushAt = null;
    delete(sent);
  }

  /** Deletes handled messages; a failure leaves them to come back (duplicates are harmless). */
  private void delete(List<EventQueue.Message> messages) {
    if (messages.isEmpty()) {
      return;
    }
    var deleted = queue.delete(messages);
    metrics.eventMessages(NAME, "deleted", deleted);
  }
}
