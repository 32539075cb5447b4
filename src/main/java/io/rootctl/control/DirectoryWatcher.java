package io.rootctl.control;

import io.rootctl.control.TriggerQueue.Trigger;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in event source {@code directory}: a thread that polls the {@link DesiredStateSource}
 * every {@code pollInterval}, offers each load to the {@link LastGoodDesiredState}, and asks for a
 * run ({@link Trigger#NEW_REVISION}) whenever that puts a desired state in force. A rejected
 * revision asks for nothing: the last good desired state stays in force and runs on its schedule.
 *
 * <p>Down ({@link #health()}) while a load runs past its budget. Thread-safe.
 */
public final class DirectoryWatcher implements EventSource {
  private static final Logger log = LoggerFactory.getLogger(DirectoryWatcher.class);

  private final DesiredStateSource source;
  private final LastGoodDesiredState desired;
  private final Duration pollInterval;
  private @Nullable ScheduledExecutorService poller;

  /**
   * @param pollInterval the time between the end of one poll and the start of the next (positive)
   */
  public DirectoryWatcher(
      DesiredStateSource source, LastGoodDesiredState desired, Duration pollInterval) {
    if (!pollInterval.isPositive()) {
      throw new IllegalArgumentException("the poll interval must be positive, not " + pollInterval);
    }
    this.source = source;
    this.desired = desired;
    this.pollInterval = pollInterval;
  }

  @Override
  public String name() {
    return "directory";
  }

  /** Starts polling at once, on a daemon thread named {@code rootctl-desired-state}. */
  @Override
  public synchronized void start(TriggerSink sink) {
    if (poller != null) {
      throw new IllegalStateException("the directory watcher has already been started");
    }
    var p =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("rootctl-desired-state").daemon(true).unstarted(r));
    poller = p;
    p.scheduleWithFixedDelay(() -> poll(sink), 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void poll(TriggerSink sink) {
    try {
      source
          .poll()
          .ifPresent(
              attempt -> {
                if (desired.offer(attempt)) {
                  sink.reconcileAll(Trigger.NEW_REVISION);
                }
              });
    } catch (RuntimeException bug) {
      // The watcher's boundary: a bug in one poll must not end the polling.
      log.atError().setCause(bug).log("polling the desired state failed");
    }
  }

  @Override
  public synchronized void stop() {
    var p = poller;
    if (p != null) {
      // Interrupts a poll waiting on a load; a load stuck in the kernel is a daemon thread.
      p.shutdownNow();
    }
  }

  @Override
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    ScheduledExecutorService p;
    synchronized (this) {
      p = poller;
    }
    return p == null || p.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public Health health() {
    var stuck = source.stuckSince();
    if (stuck.isPresent()) {
      return Health.down(
          "the desired-state load started at "
              + stuck.get()
              + " has not finished within its "
              + source.budget().toSeconds()
              + "s budget");
    }
    ScheduledExecutorService p;
    synchronized (this) {
      p = poller;
    }
    if (p == null) {
      return Health.down("not started");
    }
    if (p.isShutdown()) {
      return Health.down("stopped");
    }
    return Health.UP;
  }
}
