package io.rootctl.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootctl.cloud.EventQueue;
import io.rootctl.cloud.RetryableCloudException;
import io.rootctl.control.TriggerQueue.Trigger;
import io.rootctl.events.RootActivityParser;
import io.rootctl.events.RootActivityParserTest;
import io.rootctl.metrics.RootctlMetrics;
import io.rootctl.model.AccountId;
import io.rootctl.sim.AdjustableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The SQS event source's turns, driven by hand with a fake queue and an adjustable clock. */
class SqsEventSourceTest {
  static final AccountId X = AccountId.of("111122223333");

  final AdjustableClock clock =
      new AdjustableClock(Clock.fixed(Instant.parse("2026-12-01T08:00:00Z"), ZoneOffset.UTC));
  final FakeQueue queue = new FakeQueue();
  final RecordingSink sink = new RecordingSink();
  final CountingMetrics metrics = new CountingMetrics();
  final RootActivityLog activities = new RootActivityLog(10);
  final List<Duration> pauses = new ArrayList<>();
  AccountStanding standing = AccountStanding.MEMBER;

  /** A source whose loop thread never ran: started into the sink, turns driven by the test. */
  SqsEventSource fresh() {
    var s =
        new SqsEventSource(
            queue,
            new RootActivityParser((key, account) -> key.equals("ASIAOWN")),
            account -> standing,
            activities,
            metrics,
            clock,
            Duration.ofSeconds(1),
            pauses::add);
    s.startForTest(sink);
    return s;
  }

  static String human(int n) {
    return RootActivityParserTest.apiCall("CreateAccessKey", "AKIAHUMAN", false)
        .replace("\"eventID\":\"ev-CreateAccessKey\"", "\"eventID\":\"ev-" + n + "\"");
  }

  /** Queues {@code receives} full receives of distinct events in account X. */
  private void queueFullReceives(int receives) {
    for (int i = 0; i < receives; i++) {
      var batch = new ArrayList<String>();
      for (int j = 0; j < EventQueue.MAX_MESSAGES; j++) {
        batch.add(human(i * EventQueue.MAX_MESSAGES + j));
      }
      queue.next.add(batch);
    }
  }

  @Test
  void aBurstOfFiftyEventsForOneAccountIsOneTriggerAndEveryMessageIsDeletedAfterIt()
      throws Exception {
    var s = fresh();
    queueFullReceives(5);
    for (int i = 0; i < 5; i++) {
      s.pollOnce();
      clock.advance(Duration.ofMillis(150));
    }
    assertThat(sink.calls).isEmpty(); // the window is still open
    assertThat(queue.deleted).isEmpty(); // nothing deleted before its trigger is accepted

    clock.advance(Duration.ofSeconds(1));
    s.pollOnce();

    assertThat(sink.calls).containsExactly(Set.of(X));
    assertThat(queue.deleted).hasSize(50);
    assertThat(metrics.counts.get("activity ConsoleLogin false")).isNull();
    assertThat(metrics.counts.get("activity CreateAccessKey false")).isEqualTo(50);
    assertThat(metrics.unexpected).containsKey(X);
    assertThat(activities.entries()).hasSize(10);
    assertThat(activities.entries().get(0).outcome()).isEqualTo("reconcile");
  }

  @Test
  void aBurstReadSlowerThanItsWindowIsStillOneTriggerWhileReceivesComeBackFull() throws Exception {
    var s = fresh();
    queueFullReceives(5);
    for (int i = 0; i < 5; i++) { // a loaded host: each full receive takes longer than the window
      s.pollOnce();
      assertThat(sink.calls).as("after full receive %d", i + 1).isEmpty();
      clock.advance(Duration.ofMillis(1500));
    }
    s.pollOnce(); // comes back empty: the burst is drained

    assertThat(sink.calls).containsExactly(Set.of(X));
    assertThat(queue.deleted).hasSize(50);
  }

  @Test
  void aSteadyFloodOfFullReceivesStillTriggersWithinTheDrainBound() throws Exception {
    var s = fresh();
    queueFullReceives(30);
    int polls = 0;
    while (sink.calls.isEmpty() && polls < 30) {
      s.pollOnce();
      clock.advance(Duration.ofSeconds(1));
      polls++;
    }
    assertThat(sink.calls).hasSize(1);
    assertThat(polls)
        .isLessThanOrEqualTo(
            (int) (Duration.ofSeconds(1).plus(SqsEventSource.MAX_DRAIN).toSeconds()) + 1);
  }

  @Test
  void ownWritesAreExpectedAndTriggerNothing() throws Exception {
    var s = fresh();
    queue.next.add(List.of(RootActivityParserTest.apiCall("DeleteAccessKey", "ASIAOWN", true)));

    s.pollOnce();
    clock.advance(Duration.ofSeconds(5));
    s.pollOnce();

    assertThat(sink.calls).isEmpty();
    assertThat(queue.deleted).hasSize(1);
    assertThat(metrics.counts.get("activity DeleteAccessKey true")).isEqualTo(1);
    assertThat(metrics.unexpected).isEmpty();
    assertThat(metrics.counts.get("messages ignored")).isEqualTo(1);
  }

  @Test
  void aPoisonMessageIsDeletedCountedAndTheLoopGoesOn() throws Exception {
    var s = fresh();
    queue.next.add(List.of("{\"not\":\"an event\"", "\u0000garbage", human(1)));

    s.pollOnce();
    clock.advance(Duration.ofSeconds(2));
    s.pollOnce();

    assertThat(metrics.counts.get("messages rejected")).isEqualTo(2);
    assertThat(queue.deleted).hasSize(3);
    assertThat(sink.calls).containsExactly(Set.of(X));
    assertThat(s.health().up()).isTrue();
  }

  @Test
  void unknownAndSkippedAccountsAreCountedAndIgnored() throws Exception {
    var s = fresh();
    standing = AccountStanding.UNKNOWN;
    queue.next.add(List.of(human(1)));
    s.pollOnce();
    standing = AccountStanding.SKIPPED;
    queue.next.add(List.of(human(2)));
    s.pollOnce();
    clock.advance(Duration.ofSeconds(2));
    s.pollOnce();

    assertThat(sink.calls).isEmpty();
    assertThat(metrics.counts.get("messages ignored")).isEqualTo(2);
    assertThat(queue.deleted).hasSize(2);
    // an unknown account raises no alarm series; a skipped one (or the management account) does
    assertThat(metrics.counts.get("activity CreateAccessKey false")).isEqualTo(1);
  }

  @Test
  void aDuplicateDeliveryTriggersNoSecondRun() throws Exception {
    var s = fresh();
    queue.next.add(List.of(human(7)));
    s.pollOnce();
    clock.advance(Duration.ofSeconds(2));
    s.pollOnce();
    queue.next.add(List.of(human(7)));
    s.pollOnce();
    clock.advance(Duration.ofSeconds(2));
    s.pollOnce();

    assertThat(sink.calls).hasSize(1);
    assertThat(queue.deleted).hasSize(2);
  }

  @Test
  void anUnreachableQueueIsDownWithBackoffAndUpAgainWhenItAnswers() throws Exception {
    var s = fresh();
    queue.failures = 3;

    s.pollOnce();
    s.pollOnce();
    s.pollOnce();

    assertThat(s.health().up()).isFalse();
    assertThat(s.health().reason()).contains("cannot read the queue").contains("Throttling");
    assertThat(metrics.up).isFalse();
    assertThat(pauses).hasSize(3);
    assertThat(pauses.get(2)).isLessThanOrEqualTo(SqsEventSource.BACKOFF.ceiling(3));

    s.pollOnce();
    assertThat(s.health().up()).isTrue();
    assertThat(metrics.up).isTrue();
  }

  @Test
  void stopClosesTheQueueSoALongPollEnds() throws Exception {
    var s = fresh();
    s.stop();
    assertThat(queue.closed).isTrue();
    s.pollOnce();
    assertThat(sink.calls).isEmpty();
  }

  static final class FakeQueue implements EventQueue {
    final ArrayDeque<List<String>> next = new ArrayDeque<>();
    final List<Message> deleted = new ArrayList<>();
    int failures;
    int ids;
    volatile boolean closed;

    @Override
    public synchronized List<Message> receive(Duration wait) {
      if (failures > 0) {
        failures--;
        throw new RetryableCloudException(
            "sqs:ReceiveMessage",
            java.util.Optional.<String>empty(),
            "Throttling",
            "req-1",
            "slow down",
            new RuntimeException("slow down"));
      }
      var bodies = next.poll();
      if (bodies == null) {
        return List.of();
      }
      var out = new ArrayList<Message>();
      for (var b : bodies) {
        ids++;
        out.add(new Message("m" + ids, "r" + ids, b));
      }
      return out;
    }

    @Override
    public synchronized int delete(List<Message> messages) {
      deleted.addAll(messages);
      return messages.size();
    }

    @Override
    public void release(List<Message> messages) {}

    @Override
    public String location() {
      return "https://sqs.us-east-1.amazonaws.com/000000000000/events";
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  static final class RecordingSink implements TriggerSink {
    final List<Set<AccountId>> calls = new ArrayList<>();

    @Override
    public void reconcileAll(Trigger why) {}

    @Override
    public void reconcileBy(Trigger why, Instant at) {}

    @Override
    public synchronized void accountsChanged(Set<AccountId> accounts) {
      calls.add(Set.copyOf(accounts));
    }
  }

  static final class CountingMetrics implements RootctlMetrics {
    final Map<String, Integer> counts = new TreeMap<>();
    final Map<AccountId, Instant> unexpected = new TreeMap<>();
    boolean up;

    @Override
    public void rootActivity(String event, boolean expected) {
      counts.merge("activity " + event + " " + expected, 1, Integer::sum);
    }

    @Override
    public void unexpectedRootActivity(AccountId account, Instant at) {
      unexpected.put(account, at);
    }

    @Override
    public void eventSourceUp(String source, boolean isUp) {
      up = isUp;
    }

    @Override
    public void eventMessages(String source, String outcome, int count) {
      if (count > 0) {
        counts.merge("messages " + outcome, count, Integer::sum);
      }
    }

    @Override
    public void reconcileFinished(
        io.rootctl.metrics.ReconcileResult result, Duration duration, Instant finishedAt) {}

    @Override
    public void drift(io.rootctl.metrics.DriftSnapshot snapshot) {}

    @Override
    public void action(
        String action, java.util.Optional<io.rootctl.model.TaskPolicy> p, String r) {}

    @Override
    public void awsRequest(
        String service, String operation, io.rootctl.metrics.CallOutcome outcome) {}

    @Override
    public void assumeRoot(
        io.rootctl.model.TaskPolicy policy, io.rootctl.metrics.CallOutcome outcome) {}

    @Override
    public void desiredStateLoaded(String revision) {}

    @Override
    public void desiredStateRejected() {}
  }
}
