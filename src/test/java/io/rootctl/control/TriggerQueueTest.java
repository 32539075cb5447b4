package io.rootctl.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootctl.control.TriggerQueue.Trigger;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TriggerQueueTest {
  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
  private final TriggerQueue queue = new TriggerQueue(Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void triggersArrivingMidRunCoalesceIntoOneFollowUpRun() throws Exception {
    queue.request(Trigger.NEW_REVISION);
    queue.request(Trigger.NEW_REVISION);
    queue.request(Trigger.RETRY);

    assertThat(queue.take(NOW.plusSeconds(60)))
        .contains(Set.of(Trigger.NEW_REVISION, Trigger.RETRY));
    assertThat(queue.hasPending()).isFalse();
  }

  @Test
  void aPassedDeadlineIsAnIntervalTrigger() throws Exception {
    assertThat(queue.take(NOW)).contains(Set.of(Trigger.INTERVAL));
  }

  @Test
  void closingEndsTheLoop() throws Exception {
    queue.request(Trigger.MANUAL);
    queue.close();
    assertThat(queue.take(NOW.plusSeconds(60))).isEmpty();
  }
}
