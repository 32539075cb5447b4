package io.rootctl.control;

import io.rootctl.model.AccountId;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A tiny event source shaped like the SQS one to come: its own thread long-polls a queue of events
 * (here an in-memory {@link BlockingQueue} a test {@linkplain #publish publishes} to; there {@code
 * ReceiveMessage} with a wait time), and each event naming accounts becomes {@link
 * TriggerSink#accountsChanged}. {@link #stop()} interrupts the long poll; {@link #health()} is down
 * once the thread died without being stopped.
 */
final class LongPollingAccountSource implements EventSource {
  private final BlockingQueue<Set<AccountId>> events = new LinkedBlockingQueue<>();
  private volatile @Nullable Thread poller;
  private volatile boolean stopped;

  @Override
  public String name() {
    return "account-events";
  }

  /** An event arriving on the queue. */
  void publish(AccountId... accounts) {
    events.add(Set.of(accounts));
  }

  @Override
  public void start(TriggerSink sink) {
    poller =
        Thread.ofPlatform()
            .name("rootctl-account-events")
            .daemon(true)
            .start(
                () -> {
                  try {
                    while (!stopped) {
                      // The long poll: returns with an event, or empty after the wait time.
                      var event = events.poll(20, TimeUnit.SECONDS);
                      if (event != null && !stopped) {
                        sink.accountsChanged(event);
                      }
                    }
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
  }

  @Override
  public void stop() {
    stopped = true;
    var p = poller;
    if (p != null) {
      p.interrupt();
    }
  }

  @Override
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    var p = poller;
    return p == null || p.join(timeout);
  }

  @Override
  public Health health() {
    var p = poller;
    if (p == null) {
      return Health.down("not started");
    }
    return p.isAlive() || stopped ? Health.UP : Health.down("the long-poll thread died");
  }

  /** Whether the long-poll thread is running. */
  boolean polling() {
    var p = poller;
    return p != null && p.isAlive();
  }
}
