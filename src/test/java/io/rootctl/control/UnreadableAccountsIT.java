package io.rootctl.control;

import static io.rootctl.testing.EmulatedController.DEMO_DESIRED_STATE;
import static io.rootctl.testing.EmulatedController.fast;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rootctl.model.AccountId;
import io.rootctl.sim.FaultSettings;
import io.rootctl.sim.SimException;
import io.rootctl.testing.EmulatedController;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, fault 1, end to end: the controller as production wires it, over the real AWS SDK
 * against the emulator on 127.0.0.1. An SCP that denies the audit session's reads in one member
 * account makes the runs partial failures, lists the account in {@code /status} with the AWS
 * operation, error code and request id, exports {@code rootctl_accounts{state="unreadable"}} and
 * keeps the account's last known drift, marked stale, until the account can be read again.
 */
class UnreadableAccountsIT {
  private static final AccountId STAGING = AccountId.of("666666666666");
  private static final String DRIFT =
      "rootctl_account_drift{account_id=\"666666666666\",account_name=\"staging\","
          + "ou=\"/Root/Workloads/NonProd\"}";
  private static final String STALE =
      "rootctl_account_unreadable_seconds{account_id=\"666666666666\"}";
  private static final String UNREADABLE = "rootctl_accounts{state=\"unreadable\"}";

  @Test
  void anAccountDeniedByAnScpIsAPartialFailureListedInStatusAndItsDriftStaysMarkedStale()
      throws Exception {
    var config = fast(DEMO_DESIRED_STATE, Duration.ofSeconds(2)).withObserve(true);
    try (var c = new EmulatedController(FaultSettings.none(), config).start()) {
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                assertThat(c.status().path("runs").path(0).path("status").asText())
                    .isEqualTo("observed");
                assertThat(c.sample(DRIFT)).contains(1.0);
              });
      assertThat(c.sample(UNREADABLE)).contains(0.0);

      // The root session may be cached, so the SCP denies what the session does in the account.
      c.organization.failAlways(
          "iam:GetAccountSummary",
          STAGING,
          new SimException(
              "AccessDenied",
              403,
              "User: arn:aws:sts::666666666666:root is not authorized to perform:"
                  + " iam:GetAccountSummary with an explicit deny in a service control policy"));

      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () ->
                  assertThat(c.status().path("unreadable").findValuesAsText("accountId"))
                      .containsExactly("666666666666"));
      var status = c.status();
      var run = status.path("runs").path(0);
      assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("partial");
      assertThat(run.path("result").asText()).isEqualTo("retryable_failure");
      assertThat(run.path("counts").path("unreadable").asInt()).isEqualTo(1);
      assertThat(run.path("counts").path("in_sync").asInt()).isEqualTo(5);
      var entry = status.path("unreadable").path(0);
      assertThat(entry.path("reason").asText())
          .contains("iam:GetAccountSummary", "666666666666", "AccessDenied", "(request ")
          .doesNotContain("(request none)");
      assertThat(entry.path("lastKnown").asText()).isEqualTo("drifted");
      assertThat(entry.path("lastReadAt").isTextual()).isTrue();
      assertThat(run.path("errors").toString())
          .contains("666666666666 (staging): could not be read");
      assertThat(c.sample(UNREADABLE)).as("the run recorded before /status shows it").contains(1.0);
      assertThat(c.sample(DRIFT)).as("last known drift, kept").contains(1.0);
      assertThat(c.sample(STALE)).as("marked stale").isPresent();
      assertThat(c.sample("rootctl_reconcile_total{result=\"retryable_failure\"}"))
          .hasValueSatisfying(n -> assertThat(n).isPositive());

      c.organization.stopFailing("iam:GetAccountSummary", STAGING);

      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                assertThat(c.status().path("runs").path(0).path("status").asText())
                    .isEqualTo("observed");
                assertThat(c.sample(UNREADABLE)).contains(0.0);
              });
      assertThat(c.sample(STALE)).as("the stale mark clears").isEmpty();
      assertThat(c.sample(DRIFT)).contains(1.0);
      assertThat(c.status().path("unreadable")).isEmpty();
    }
  }
}
