package io.rootctl.sim.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rootctl.model.AccountId;
import io.rootctl.model.TaskPolicy;
import io.rootctl.sim.AdjustableClock;
import io.rootctl.sim.Fixture;
import io.rootctl.sim.SimulatedOrganization;
import io.rootctl.sim.StsBackend;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.model.IamException;

/** The /_sim/ control plane over HTTP, and its effect seen through the AWS SDK. */
class ControlPlaneIT {
  final AdjustableClock clock = new AdjustableClock(Clock.systemUTC());
  final SimulatedOrganization org = SimulatedOrganization.of(Fixture.demo(), clock);
  final EmulatorServer server = new EmulatorServer(org, 0).start();
  final HttpClient http = HttpClient.newHttpClient();
  final ObjectMapper json = new ObjectMapper();

  @AfterEach
  void stop() {
    server.close();
    http.close();
  }

  JsonNode call(String method, String path, String body, int expectedStatus) throws Exception {
    var request =
        HttpRequest.newBuilder(URI.create(server.endpoint() + path))
            .method(
                method,
                body.isEmpty()
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build();
    var response = http.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
    return json.readTree(response.body());
  }

  @Test
  void stateShowsTheOrganization() throws Exception {
    var state = call("GET", "/_sim/state", "", 200);
    assertThat(state.path("organizationId").asText()).isEqualTo("o-exampleorg1");
    assertThat(state.path("accounts")).hasSize(11);
  }

  @Test
  void mutateDriftsAndResetRestores() throws Exception {
    var key =
        call(
            "POST",
            "/_sim/mutate",
            "{\"action\":\"createAccessKey\",\"account\":\"222222222222\"}",
            200);
    assertThat(key.path("result").asText()).startsWith("AKIA");
    call(
        "POST",
        "/_sim/mutate",
        "{\"action\":\"createLoginProfile\",\"account\":\"222222222222\",\"password\":false}",
        200);
    call(
        "POST",
        "/_sim/mutate",
        "{\"action\":\"createSigningCertificate\",\"account\":\"222222222222\"}",
        200);
    call(
        "POST",
        "/_sim/mutate",
        "{\"action\":\"createMfaDevice\",\"account\":\"222222222222\",\"virtual\":true}",
        200);
    call("POST", "/_sim/mutate", "{\"action\":\"suspend\",\"account\":\"444444444444\"}", 200);
    var added =
        call(
            "POST",
            "/_sim/mutate",
            "{\"action\":\"addAccount\",\"name\":\"n\",\"email\":\"n@example.com\",\"parent\":\"r-ex12\"}",
            200);
    assertThat(AccountId.isValid(added.path("result").asText())).isTrue();
    assertThat(org.rootCredentials(AccountId.of("222222222222")).present()).hasSize(4);
    assertThat(org.accountCount()).isEqualTo(12);
    call("POST", "/_sim/mutate", "{\"action\":\"explode\"}", 400);
    call("POST", "/_sim/mutate", "{\"action\":\"suspend\",\"account\":\"123\"}", 400);
    call("POST", "/_sim/reset", "", 200);
    assertThat(org.rootCredentials(AccountId.of("222222222222")).isEmpty()).isTrue();
    assertThat(org.accountCount()).isEqualTo(11);
  }

  @Test
  void journalCountsCallsByOperationAccountPolicyAndOutcome() throws Exception {
    var sts = SdkClients.sts(server.endpoint(), SdkClients.of(org.managementCredentials()));
    sts.assumeRoot(
        r ->
            r.targetPrincipal("555555555555")
                .taskPolicyArn(p -> p.arn(TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS.arn())));
    sts.close();
    var journal = call("GET", "/_sim/journal?recent=5", "", 200);
    assertThat(journal.path("total").asLong()).isEqualTo(1);
    assertThat(journal.path("counts").path("operation").path("sts:AssumeRoot").asLong())
        .isEqualTo(1);
    assertThat(journal.path("counts").path("account").path("555555555555").asLong()).isEqualTo(1);
    assertThat(journal.path("counts").path("policy").path("IAMAuditRootUserCredentials").asLong())
        .isEqualTo(1);
    assertThat(journal.path("counts").path("outcome").path("OK").asLong()).isEqualTo(1);
    assertThat(journal.path("recent").get(0).path("operation").asText())
        .isEqualTo("sts:AssumeRoot");
  }

  @Test
  void faultsAndClockAreSettable() throws Exception {
    var faults =
        call(
            "POST",
            "/_sim/faults",
            "{\"latencyMs\":0,\"faultRate\":0.25,\"stsRate\":3,\"organizationsLimits\":false}",
            200);
    assertThat(faults.path("faultRate").asDouble()).isEqualTo(0.25);
    assertThat(faults.path("stsRate").asDouble()).isEqualTo(3);
    assertThat(org.faultSettings().organizationsLimits()).isFalse();
    call("POST", "/_sim/faults", "{\"faultRate\":0}", 200);
    var creds =
        new StsBackend(org)
            .assumeRoot(
                org.managementCredentials().caller(),
                "555555555555",
                TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS.arn(),
                java.util.OptionalInt.empty());
    call("POST", "/_sim/clock", "{\"advanceSeconds\":900}", 200);
    try (var iam = SdkClients.iam(server.endpoint(), SdkClients.of(creds))) {
      var e = org.journal().total();
      try {
        iam.getAccountSummary(r -> {});
      } catch (IamException expired) {
        assertThat(expired.awsErrorDetails().errorCode()).isEqualTo("ExpiredToken");
      }
      assertThat(org.journal().count("iam:GetAccountSummary", "ExpiredToken")).isEqualTo(1);
      assertThat(org.journal().total()).isEqualTo(e + 1);
    }
  }

  @Test
  void aCommitThenFailFaultMakesTheWriteThenAnswersA5xxThatTheSdkRetries() throws Exception {
    call(
        "POST",
        "/_sim/faults",
        "{\"commitThenFail\":{\"operation\":\"iam:DeleteAccessKey\",\"times\":1}}",
        200);
    var creds =
        new StsBackend(org)
            .assumeRoot(
                org.managementCredentials().caller(),
                "555555555555",
                TaskPolicy.DELETE_ROOT_USER_CREDENTIALS.arn(),
                java.util.OptionalInt.empty());
    try (var iam = SdkClients.iam(server.endpoint(), SdkClients.of(creds))) {
      // the first answer is a 500 after the delete; the SDK's retry finds the key gone
      assertThatThrownBy(() -> iam.deleteAccessKey(r -> r.accessKeyId("AKIAEXAMPLEPAYMNT001")))
          .isInstanceOfSatisfying(
              IamException.class,
              retried ->
                  assertThat(retried.awsErrorDetails().errorCode()).isEqualTo("NoSuchEntity"));
    }
    assertThat(org.journal().count("iam:DeleteAccessKey", "committed-then-ServiceFailure"))
        .isEqualTo(1);
    assertThat(org.journal().count("iam:DeleteAccessKey", "NoSuchEntity")).isEqualTo(1);
    assertThat(org.rootCredentials(io.rootctl.model.AccountId.of("555555555555")).accessKeys())
        .isEmpty();
    assertThat(call("GET", "/_sim/faults", "", 200).path("commitThenFailRate").asDouble()).isZero();
    call("POST", "/_sim/faults", "{\"commitThenFailRate\":2}", 400);
  }

  @Test
  void unknownEndpointsAndMissingAuthenticationAreRefused() throws Exception {
    call("GET", "/_sim/nothing", "", 404);
    var response =
        http.send(
            HttpRequest.newBuilder(server.endpoint().resolve("/"))
                .POST(HttpRequest.BodyPublishers.ofString("Action=GetUser&Version=2010-05-08"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body())
        .contains("<Code>MissingAuthenticationToken</Code>")
        .contains("<Type>Sender</Type>");
  }
}
