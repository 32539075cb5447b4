package io.rootctl.control;

import java.time.Duration;

/**
 * Something that tells the controller when to run, in the spirit of java-operator-sdk's event
 * sources: it watches one thing (the desired-state directory, a clock, later an SQS queue of AWS
 * events) and emits requests into the controller's {@link TriggerSink}: "reconcile all", "reconcile
 * by this time", or "these accounts changed: read them fresh". A source decides only <em>when</em>
 * the controller runs, never what a run does.
 *
 * <p>The controller owns the lifecycle: it {@linkplain #start starts} every registered source in
 * {@link Controller#start()} (built-in ones first, then the others in registration order) and
 * {@linkplain #stop stops} them all in {@link Controller#stop()}, which SIGTERM calls, then waits
 * for them in {@link Controller#awaitTermination}. A source that needs a thread (a poll loop, a
 * long poll) creates it in {@code start} and ends it in {@code stop}; one that does not (a timer
 * driven by the queue's deadlines) needs neither.
 *
 * <p>Implementations must be thread-safe: {@code stop} and {@code health} are called from other
 * threads than the source's own. To add one, see the "Event sources" section of docs/controller.md.
 */
public interface EventSource {

  /**
   * A short, stable name in lower-case kebab form ({@code directory}, {@code interval}, {@code
   * sqs}), used in logs and as the {@code source} label of a future {@code rootctl_event_source_up}
   * gauge. Unique among a controller's sources.
   */
  String name();

  /**
   * Starts watching and emitting into {@code sink}. Called once, before the reconcile loop starts;
   * must return promptly (start a thread for anything that blocks).
   *
   * @throws RuntimeException when the source cannot start; the controller then stops the sources it
   *     already started and does not start
   */
  void start(TriggerSink sink);

  /**
   * Stops watching: returns at once, emits nothing more that matters (the queue is closed first),
   * and makes its threads end soon (interrupt them, close the long poll). Idempotent; may be called
   * without {@link #start}. Never throws.
   */
  void stop();

  /**
   * Waits for the source's threads to end after {@link #stop()}.
   *
   * @return true when they have (or the source has none), false when {@code timeout} passed first
   */
  default boolean awaitTermination(Duration timeout) throws InterruptedException {
    return true;
  }

  /** Whether the source is working; the default is always up. Cheap, never blocks. */
  default Health health() {
    return Health.UP;
  }

  /**
   * How a source is doing.
   *
   * @param up false when it cannot currently see what it watches (its thread died, a load is stuck,
   *     the queue cannot be read)
   * @param reason one line for logs and /status; no secret
   */
  record Health(boolean up, String reason) {
    public static final Health UP = new Health(true, "up");

    public static Health down(String reason) {
      return new Health(false, reason);
    }
  }
}
