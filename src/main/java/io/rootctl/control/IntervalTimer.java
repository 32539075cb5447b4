package io.rootctl.control;

import io.rootctl.control.TriggerQueue.Trigger;
import java.time.Clock;
import java.time.Instant;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The built-in event source {@code interval}: the resync timer. It has no thread: it asks the
 * controller's queue for a run by a deadline ({@link TriggerSink#reconcileBy}, trigger {@link
 * Trigger#INTERVAL}), and the loop re-arms it after each run through {@link #finished}, with the
 * deadline the {@link Schedule} gives for how that run ended (the interval plus jitter, or a
 * backoff after a retryable failure). Any run, whatever triggered it, satisfies the deadline, so
 * the interval always counts from the end of the last run. The deadlines follow the injected clock.
 *
 * <p>Thread-safe.
 */
public final class IntervalTimer implements EventSource {
  private final Schedule schedule;
  private final Clock clock;
  private final DoubleSupplier jitter;
  private @Nullable TriggerSink sink;

  /**
   * @param jitter a source of values in [0, 1) for the schedule's jitter
   */
  public IntervalTimer(Schedule schedule, Clock clock, DoubleSupplier jitter) {
    this.schedule = schedule;
    this.clock = clock;
    this.jitter = jitter;
  }

  @Override
  public String name() {
    return "interval";
  }

  /** Asks for the first run one interval from now (without jitter). */
  @Override
  public synchronized void start(TriggerSink sink) {
    if (this.sink != null) {
      throw new IllegalStateException("the interval timer has already been started");
    }
    this.sink = sink;
    idle();
  }

  /**
   * Asks for a run one interval from now (without jitter): nothing ran, e.g. nothing loaded yet.
   */
  public synchronized void idle() {
    arm(clock.instant().plus(schedule.interval()));
  }

  /**
   * Asks for the next run when the {@link Schedule} says, after a run that ended as {@code last}.
   */
  public synchronized void finished(RunResult last) {
    arm(schedule.next(last, clock.instant(), jitter));
  }

  private void arm(Instant at) {
    var s = sink;
    if (s != null) {
      s.reconcileBy(Trigger.INTERVAL, at);
    }
  }

  /** Arms nothing more. */
  @Override
  public synchronized void stop() {
    sink = null;
  }

  @Override
  public synchronized Health health() {
    return sink == null ? Health.down("not started") : Health.UP;
  }
}
