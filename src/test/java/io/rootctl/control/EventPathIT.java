package io.rootctl.control;

import static io.rootctl.testing.EmulatedController.DEMO_DESIRED_STATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rootctl.model.AccountId;
import io.rootctl.sim.FaultSettings;
import io.rootctl.testing.EmulatedController;
import io.rootctl.testing.GitSyncCheckout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The event path end to end: the emulator's root-activity events in its SQS queue, the controller's
 * SQS event source reading them with the real SDK over HTTP, resync 24 h and an interval that never
 * comes (interval and resync are 24 h). Event delays are on the emulator's clock, moved through
 * {@code POST /_sim/clock}.
 */
class EventPathIT {
  private static final AccountId LOG_ARCHIVE = AccountId.of("222222222222");
  private static final Duration LONG = Duration.ofHours(24);
  private static final Duration PATIENCE = Duration.ofMinutes(3);

  @TempDir Path tmp;
  private EmulatedController controller;
  // A real clock: the event source's coalescing window (1 s) must pass; interval and resync are
  // 24 h, so nothing but an event can start a run.
  private final java.time.Clock clock = java.time.Clock.systemUTC();

  @AfterEach
  void stop() {
    if (controller != null) {
      controller.close();
    }
  }

  private void startWithEvents() throws Exception {
    var git = new GitSyncCheckout(tmp.resolve("git"));
    git.publish(DEMO_DESIRED_STATE);
    var config =
        ControllerConfig.defaults(git.desiredState())
            .withTiming(LONG, LONG, Duration.ofMillis(200));
    controller =
        new EmulatedController(FaultSettings.none(), config)
            .startWithEvents(clock, Duration.ofSeconds(5));
    await()
        .atMost(PATIENCE)
        .until(() -> controller.controller().history().size() >= 1 && controller.idle());
  }

  private Optional<Double> messages(String outcome) {
    return controller.sample(
        "rootctl_event_messages_total{outcome=\"" + outcome + "\",source=\"sqs\"}");
  }

  @Test
  void aRootAccessKeyCreatedInTheEmulatorIsRepairedViaTheEventPath() throws Exception {
    startWithEvents();
    controller.mutate("{\"action\":\"createAccessKey\",\"account\":\"222222222222\"}");
    assertThat(controller.organization.rootCredentials(LOG_ARCHIVE).accessKeys()).isNotEmpty();

    // The event is due 5 s later on the emulator's clock.
    controller.control("/_sim/clock", "{\"advanceSeconds\": 6}");
    await()
        .atMost(PATIENCE)
        .until(() -> controller.organization.rootCredentials(LOG_ARCHIVE).accessKeys().isEmpty());
  }

  @Test
  void aPoisonMessageIsSurvivedDeletedAndCounted() throws Exception {
    startWithEvents();
    controller.control("/_sim/events/raw", "{\"body\":\"not an event {\"}");
    controller.control("/_sim/clock", "{\"advanceSeconds\": 6}");
    await().atMost(PATIENCE).untilAsserted(() -> assertThat(messages("rejected")).contains(1.0));

    // The loop goes on: a drift after the poison message is still repaired from its event.
    controller.mutate("{\"action\":\"createAccessKey\",\"account\":\"222222222222\"}");
    controller.control("/_sim/clock", "{\"advanceSeconds\": 6}");
    await()
        .atMost(PATIENCE)
        .until(() -> controller.organization.rootCredentials(LOG_ARCHIVE).accessKeys().isEmpty());
    assertThat(messages("rejected")).as("deleted, so counted once").contains(1.0);
  }
}
