package io.rootctl.control;

import static io.rootctl.testing.EmulatedController.DEMO_DESIRED_STATE;
import static io.rootctl.testing.EmulatedController.fast;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.rootctl.apply.AccountOutcome;
import io.rootctl.cloud.Sleeper;
import io.rootctl.engine.RunReport;
import io.rootctl.model.AccountId;
import io.rootctl.sim.FaultSettings;
import io.rootctl.testing.EmulatedController;
import io.rootctl.testing.GitSyncCheckout;
import io.rootctl.testing.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The controller end to end: production wiring, the real SDK over HTTP against the emulator, the
 * desired state in a git-sync layout whose link is swapped atomically for each commit.
 *
 * <p>Independent of machine load: where a test is about the schedule, the controller runs on a
 * {@link ManualClock} and the test moves it (an interval run happens when, and only when, the test
 * advances the clock past the interval), and counts runs rather than measuring seconds. Every wait
 * awaits a state with a {@link #PATIENCE} far beyond a run on a loaded machine; no test asserts how
 * long anything took.
 */
class ControllerIT {
  private static final AccountId PAYMENTS = AccountId.of("555555555555");
  private static final AccountId LOG_ARCHIVE = AccountId.of("222222222222");
  private static final Duration INTERVAL = Duration.ofSeconds(2);

  /** How long to await a state: only a bound for a hung test, never a performance budget. */
  private static final Duration PATIENCE = Duration.ofMinutes(3);

  @TempDir Path tmp;
  private EmulatedController controller;
  private final ManualClock clock = new ManualClock(Instant.now());

  @AfterEach
  void stop() {
    if (controller != null) {
      controller.close();
    }
  }

  private GitSyncCheckout checkout() {
    return new GitSyncCheckout(tmp.resolve("git"));
  }

  private static void observeMode(Path dir) {
    GitSyncCheckout.replace(dir.resolve("organization.yaml"), "mode: enforce", "mode: observe");
  }

  private boolean converged() {
    var org = controller.organization;
    return org.rootCredentials(PAYMENTS).accessKeys().isEmpty()
        && org.rootCredentials(AccountId.of("666666666666")).isEmpty();
  }

  private void awaitReady() {
    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(controller.get("/readyz").statusCode()).isEqualTo(200));
  }

  /** Waits until {@code runs} runs have finished and the loop waits for the next one. */
  private void awaitIdleAfter(int runs) {
    await()
        .atMost(PATIENCE)
        .until(() -> controller.controller().history().size() >= runs && controller.idle());
    assertThat(controller.controller().history()).as("runs so far").hasSize(runs);
  }

  /**
   * Awaits run {@code runs}, then runs interval after interval until {@code done} holds while the
   * loop waits; returns how many runs that took (a handful at most).
   */
  private int runUntil(BooleanSupplier done, int runs) {
    awaitIdleAfter(runs);
    while (!done.getAsBoolean()) {
      assertThat(runs).as("runs so far, without getting there").isLessThan(8);
      advancePastTheInterval();
      awaitIdleAfter(++runs);
    }
    return runs;
  }

  /**
   * Moves the controller's clock past the next interval run (the interval plus its most jitter),
   * and past the resync, so cached reads expire too.
   */
  private void advancePastTheInterval() {
    clock.advance(INTERVAL.multipliedBy(11).dividedBy(10).plusSeconds(1));
  }

  @Test
  void repairsDriftInjectedThroughTheEmulatorOnTheNextIntervalRun() throws Exception {
    var git = checkout();
    git.publish(DEMO_DESIRED_STATE);
    controller =
        new EmulatedController(FaultSettings.none(), fast(git.desiredState(), INTERVAL))
            .start(clock);
    awaitReady();
    awaitIdleAfter(1);
    assertThat(converged()).as("the first run applied the demo plan").isTrue();

    var key = controller.mutate("{\"action\":\"createAccessKey\",\"account\":\"222222222222\"}");
    assertThat(controller.organization.rootCredentials(LOG_ARCHIVE).accessKeys()).isNotEmpty();
    advancePastTheInterval();
    awaitIdleAfter(2);

    assertThat(controller.organization.rootCredentials(LOG_ARCHIVE).accessKeys())
        .as("drift %s repaired by the one interval run after it", key)
        .isEmpty();
    assertThat(controller.controller().history().getFirst().status())
        .isEqualTo(RunReport.Status.CONVERGED);
    assertThat(
            controller.sample(
                "rootctl_actions_total{action=\"DeleteAccessKey\",result=\"success\",task_policy=\"IAMDeleteRootUserCredentials\"}"))
        .hasValueSatisfying(v -> assertThat(v).isEqualTo(4.0));
    assertThat(
            controller.sample(
                "rootctl_aws_requests_total{operation=\"AssumeRoot\",outcome=\"ok\",service=\"sts\"}"))
        .hasValueSatisfying(v -> assertThat(v).isPositive());
    assertThat(
            controller.sample(
                "rootctl_assume_root_total{outcome=\"ok\",task_policy=\"IAMAuditRootUserCredentials\"}"))
        .hasValueSatisfying(v -> assertThat(v).isPositive());
  }

  @Test
  void appliesANewRevisionPromptlyWithoutWaitingForTheInterval() throws Exception {
    var git = checkout();
    var observing = git.publish(DEMO_DESIRED_STATE, ControllerIT::observeMode);
    // The controller's clock never moves, so no interval run can happen: only the revision can
    // trigger the run that applies it.
    var config = fast(git.desiredState(), Duration.ofMinutes(10));
    controller = new EmulatedController(FaultSettings.none(), config).start(clock);
    awaitReady();
    awaitIdleAfter(1);
    assertThat(controller.status().path("revision").asText()).isEqualTo(observing);
    assertThat(controller.writes()).as("observe mode writes nothing").isZero();

    var enforcing = git.publish(DEMO_DESIRED_STATE);
    await().atMost(PATIENCE).until(this::converged);

    awaitIdleAfter(2);
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              var status = controller.status();
              assertThat(status.path("lastGoodRevision").asText()).isEqualTo(enforcing);
              assertThat(status.path("mode").asText()).isEqualTo("enforce");
              assertThat(status.path("runs").get(0).path("revision").asText()).isEqualTo(enforcing);
              assertThat(status.path("runs").get(0).path("status").asText()).isEqualTo("converged");
            });
    assertThat(controller.sample("rootctl_desired_state_info{revision=\"" + enforcing + "\"}"))
        .contains(1.0);
  }

  @Test
  void aBrokenRevisionChangesNothingAndKeepsTheLastGoodState() throws Exception {
    var git = checkout();
    var good = git.publish(DEMO_DESIRED_STATE, ControllerIT::observeMode);
    controller =
        new EmulatedController(FaultSettings.none(), fast(git.desiredState(), INTERVAL))
            .start(clock);
    awaitReady();
    awaitIdleAfter(1);

    var broken =
        git.publish(
            DEMO_DESIRED_STATE,
            dir -> {
              observeMode(dir);
              GitSyncCheckout.write(
                  dir.resolve("accounts/half-written.yaml"),
                  "apiVersion: rootctl.io/v1\nkind: Account\nspec: [unclosed\n");
            });
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              assertThat(controller.sample("rootctl_desired_state_valid")).contains(0.0);
              assertThat(controller.sample("rootctl_desired_state_load_errors_total"))
                  .contains(1.0);
            });
    assertThat(controller.controller().history())
        .as("a rejected revision starts no run")
        .hasSize(1);
    advancePastTheInterval();
    awaitIdleAfter(2);

    JsonNode status = controller.status();
    assertThat(status.path("revision").asText()).isEqualTo(broken);
    assertThat(status.path("lastGoodRevision").asText()).isEqualTo(good);
    assertThat(status.path("rejected").path("revision").asText()).isEqualTo(broken);
    assertThat(status.path("rejected").path("errors").get(0).asText())
        .startsWith("accounts/half-written.yaml:4:1: invalid YAML");
    assertThat(status.path("runs").get(0).path("revision").asText())
        .as("runs go on with the last good revision")
        .isEqualTo(good);
    assertThat(controller.sample("rootctl_desired_state_info{revision=\"" + good + "\"}"))
        .contains(1.0);
    assertThat(controller.get("/readyz").statusCode())
        .as("still ready on the last good state")
        .isEqualTo(200);
    assertThat(controller.writes()).isZero();
  }

  @Test
  void refusesAnEmptyFolderAndNeverBecomesReady() throws Exception {
    var git = checkout();
    git.publish(tmp.resolve("nothing-here").toFile().mkdirs() ? tmp.resolve("nothing-here") : tmp);
    controller =
        new EmulatedController(FaultSettings.none(), fast(git.desiredState(), INTERVAL)).start();

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> assertThat(controller.sample("rootctl_desired_state_valid")).contains(0.0));
    var readyz = controller.get("/readyz");
    assertThat(readyz.statusCode()).isEqualTo(503);
    assertThat(readyz.body()).contains("no valid desired state yet");
    assertThat(controller.status().path("rejected").path("errors").get(0).asText())
        .contains("no *.yaml or *.yml files");
    assertThat(controller.controller().history()).as("no run without a desired state").isEmpty();
    assertThat(controller.get("/healthz").statusCode()).as("alive all the same").isEqualTo(200);
    assertThat(controller.organization.journal().total()).as("AWS is not even read").isZero();
  }

  @Test
  void observeModeWritesNothingWhileTheDriftMetricsShowTheDrift() throws Exception {
    var config = fast(DEMO_DESIRED_STATE, INTERVAL).withObserve(true);
    controller = new EmulatedController(FaultSettings.none(), config).start(clock);
    awaitIdleAfter(1);
    advancePastTheInterval();
    awaitIdleAfter(2);

    assertThat(controller.writes()).isZero();
    assertThat(controller.sample("rootctl_accounts{state=\"drifted\"}")).contains(4.0);
    assertThat(controller.sample("rootctl_accounts{state=\"in_sync\"}")).contains(5.0);
    assertThat(
            controller.sample(
                "rootctl_account_drift{account_id=\"555555555555\",account_name=\"prod-payments\",ou=\"/Root/Workloads/Prod\"}"))
        .contains(1.0);
    assertThat(
            controller.sample(
                "rootctl_account_drift{account_id=\"222222222222\",account_name=\"log-archive\",ou=\"/Root/Security\"}"))
        .contains(0.0);
    assertThat(controller.sample("rootctl_root_credentials_present{kind=\"accessKeys\"}"))
        .contains(3.0);
    var status = controller.status();
    assertThat(status.path("mode").asText()).isEqualTo("observe");
    var drifted = new HashMap<String, List<String>>();
    status
        .path("drifted")
        .forEach(
            d -> {
              var actions = new ArrayList<String>();
              d.path("actions").forEach(a -> actions.add(a.asText()));
              drifted.put(d.path("accountId").asText(), actions);
            });
    assertThat(drifted)
        .containsOnlyKeys("333344445555", "555555555555", "666666666666", "777777777777");
    assertThat(drifted.get("555555555555"))
        .containsExactly(
            "delete access key AKIAEXAMPLEPAYMNT001",
            "deactivate and delete virtual MFA device"
                + " arn:aws:iam::555555555555:mfa/root-account-mfa-device");
  }

  @Test
  void aThrottlingStormSlowsTheControllerDownWithoutFailingIt() throws Exception {
    var storm =
        FaultSettings.none()
            .withStsAssumeRootRate(OptionalDouble.of(3))
            .withIamRatePerAccount(OptionalDouble.of(4));
    controller = new EmulatedController(storm, fast(DEMO_DESIRED_STATE, INTERVAL)).start(clock);

    var runs = runUntil(this::converged, 1);
    advancePastTheInterval();
    runUntil(
        () -> controller.controller().history().getFirst().status() == RunReport.Status.IN_SYNC,
        runs + 1);
    assertThat(controller.controller().history())
        .as("throttling is retried, never a terminal failure")
        .noneMatch(r -> r.status().kind() == RunReport.Kind.TERMINAL);
    assertThat(controller.organization.journal().count(k -> k.outcome().equals("Throttling")))
        .as("the emulator did throttle")
        .isPositive();
    assertThat(controller.metrics())
        .containsPattern(
            "rootctl_aws_requests_total\\{operation=\"AssumeRoot\",outcome=\"throttled\",service=\"sts\"}"
                + " [1-9]");
  }

  @Test
  void stoppingMidApplyFinishesTheAccountsInFlightAndLeavesACompleteAuditLog() throws Exception {
    var audit = tmp.resolve("audit.jsonl");
    var config =
        fast(DEMO_DESIRED_STATE, INTERVAL).withAuditLog(audit).withApply(1, OptionalInt.empty());
    // After the first write, the emulator holds the next call until the stop has been requested:
    // the stop lands while that account is in flight and before any other has started.
    var held = new CountDownLatch(1);
    var stopRequested = new CountDownLatch(1);
    var self = new AtomicReference<EmulatedController>();
    Sleeper holdAfterTheFirstWrite =
        latency -> {
          var emulated = self.get();
          if (emulated != null && emulated.writes() > 0 && stopRequested.getCount() > 0) {
            held.countDown();
            stopRequested.await();
          }
        };
    controller =
        new EmulatedController(
            FaultSettings.none().withLatency(Duration.ofMillis(1)), config, holdAfterTheFirstWrite);
    self.set(controller);
    controller.start();
    try {
      await().atMost(PATIENCE).until(() -> held.getCount() == 0);
      controller.running().stop(); // what SIGTERM does
    } finally {
      stopRequested.countDown();
    }
    controller.running().close();
    var report = controller.controller().history().getFirst();

    var lines = new HashMap<String, List<String>>();
    for (var line : Files.readAllLines(audit)) {
      var entry = EmulatedController.JSON.readTree(line);
      if (entry.path("result").asText().equals("started")) {
        continue; // the write-ahead line; every write also has exactly one outcome line
      }
      lines
          .computeIfAbsent(entry.path("account").asText(), k -> new ArrayList<>())
          .add(entry.path("action").asText() + " " + entry.path("target").asText());
    }
    var expected =
        Map.of("333344445555", 1, "555555555555", 3, "666666666666", 3, "777777777777", 1);
    var outcomes = report.apply().orElseThrow().accounts();
    var notAttempted =
        outcomes.stream()
            .filter(
                o -> o instanceof AccountOutcome.Failed f && f.errorCode().equals("NotAttempted"))
            .map(o -> o.account().value())
            .toList();
    assertThat(notAttempted).as("accounts after the stop were not started").hasSize(3);
    for (var o : outcomes) {
      var id = o.account().value();
      if (notAttempted.contains(id)) {
        assertThat(lines).as("nothing written for %s", id).doesNotContainKey(id);
      } else {
        assertThat(o).as(id).isInstanceOf(AccountOutcome.Converged.class);
        assertThat(lines.get(id))
            .as("every write of %s is in the audit log", id)
            .hasSize(expected.get(id));
      }
    }
  }
}
