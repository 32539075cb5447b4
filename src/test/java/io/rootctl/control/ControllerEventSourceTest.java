package io.rootctl.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.rootctl.cloud.cache.CachingRootSessionClient;
import io.rootctl.engine.AccountSyncStatus;
import io.rootctl.engine.Engine;
import io.rootctl.engine.RunReport;
import io.rootctl.metrics.RootctlMetrics;
import io.rootctl.model.AccountId;
import io.rootctl.sim.InMemoryCloud;
import io.rootctl.testing.ManualClock;
import io.rootctl.testing.RecordingAuditLog;
import io.rootctl.testing.TwinEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Event sources plugged into the running controller: a source with its own long-poll thread names
 * accounts as changed, the next run reads exactly those fresh from behind the audit cache and still
 * plans the whole desired state, and stopping the controller stops the source.
 */
class ControllerEventSourceTest {
  private static final AccountId LOG_ARCHIVE = AccountId.of("222222222222");
  private static final AccountId AUDIT = AccountId.of("444444444444");

  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T09:00:00Z"));
  private final InMemoryCloud cloud = InMemoryCloud.demo(clock);

  /** The controller's wiring: planning reads behind a one-hour audit cache, as in production. */
  private final CachingRootSessionClient cached =
      new CachingRootSessionClient(cloud, Duration.ofHours(1), Duration.ofSeconds(60), clock);

  private final Engine engine =
      TwinEngine.of(cloud, clock, new RecordingAuditLog(), cached, cached::invalidate);

  private final ControllerConfig config =
      ControllerConfig.defaults(Path.of("desired-state"))
          .withTiming(Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofMillis(50))
          .withObserve(true);

  private Controller controller() {
    return new Controller(
        engine,
        new DesiredStateSource(
            config.desiredState(),
            engine::load,
            RootctlMetrics.NOOP,
            clock,
            DesiredStateSource.DEFAULT_LOAD_BUDGET),
        new LastGoodDesiredState(RootctlMetrics.NOOP, clock),
        RootctlMetrics.NOOP,
        clock,
        config,
        () -> 0.0);
  }

  private static AccountSyncStatus statusOf(Controller controller, AccountId account) {
    return controller.history().getFirst().accounts().get(account);
  }

  @Test
  void accountsASourceNamesAreReadFreshInTheNextRunWhichStillPlansEverything() throws Exception {
    var events = new LongPollingAccountSource();
    var controller = controller().register(events);
    controller.start();
    try {
      await().atMost(Duration.ofSeconds(20)).until(() -> controller.history().size() == 1);
      var first = controller.history().getFirst();
      assertThat(first.status()).isEqualTo(RunReport.Status.OBSERVED);
      assertThat(statusOf(controller, LOG_ARCHIVE)).isEqualTo(AccountSyncStatus.IN_SYNC);
      assertThat(statusOf(controller, AUDIT)).isEqualTo(AccountSyncStatus.IN_SYNC);
      assertThat(controller.eventSources().keySet())
          .containsExactly("directory", "interval", "account-events");
      assertThat(controller.eventSources().values()).allMatch(EventSource.Health::up);

      // Drift in two accounts; a run triggered without naming them reads both from the cache.
      cloud.organization().addRootAccessKey(LOG_ARCHIVE);
      cloud.organization().addRootAccessKey(AUDIT);
      controller.trigger();
      await().atMost(Duration.ofSeconds(20)).until(() -> controller.history().size() == 2);
      assertThat(statusOf(controller, LOG_ARCHIVE))
          .as("cached for --resync: the drift is not seen yet")
          .isEqualTo(AccountSyncStatus.IN_SYNC);

      events.publish(LOG_ARCHIVE);
      await().atMost(Duration.ofSeconds(20)).until(() -> controller.history().size() == 3);

      assertThat(statusOf(controller, LOG_ARCHIVE))
          .as("named by the event: its cached read was dropped and it was read fresh")
          .isEqualTo(AccountSyncStatus.DRIFTED);
      assertThat(statusOf(controller, AUDIT))
          .as("not named: still served from the cache until --resync")
          .isEqualTo(AccountSyncStatus.IN_SYNC);
      assertThat(controller.history().getFirst().counts())
          .as("the run planned the whole desired state, not only the named account")
          .isEqualTo(withOneMoreDrifted(first));
    } finally {
      controller.stop();
      assertThat(controller.awaitTermination(Duration.ofSeconds(20))).isTrue();
    }
    assertThat(events.polling()).as("stop() (SIGTERM) ended the source's long poll").isFalse();
  }

  private static Map<AccountSyncStatus, Integer> withOneMoreDrifted(RunReport r) {
    var counts = new EnumMap<>(r.counts());
    counts.merge(AccountSyncStatus.DRIFTED, 1, Integer::sum);
    counts.merge(AccountSyncStatus.IN_SYNC, -1, Integer::sum);
    return counts;
  }

  @Test
  void aSourceThatCannotStartStopsTheOnesStartedAndTheControllerDoesNotStart() throws Exception {
    var events = new LongPollingAccountSource();
    var controller =
        controller()
            .register(events)
            .register(
                new EventSource() {
                  @Override
                  public String name() {
                    return "broken";
                  }

                  @Override
                  public void start(TriggerSink sink) {
                    throw new IllegalStateException("cannot reach the queue");
                  }

                  @Override
                  public void stop() {}
                });

    assertThatThrownBy(controller::start).hasMessage("cannot reach the queue");

    assertThat(controller.awaitTermination(Duration.ofSeconds(20))).isTrue();
    assertThat(events.polling()).isFalse();
    assertThat(controller.history()).isEmpty();
  }

  @Test
  void sourcesAreRegisteredOnceEachAndBeforeTheStart() throws Exception {
    var controller = controller().register(new LongPollingAccountSource());

    assertThatThrownBy(() -> controller.register(new LongPollingAccountSource()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("account-events");
    controller.start();
    try {
      assertThatThrownBy(() -> controller.register(new LongPollingAccountSource()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("before the controller starts");
    } finally {
      controller.stop();
      assertThat(controller.awaitTermination(Duration.ofSeconds(20))).isTrue();
    }
  }
}
