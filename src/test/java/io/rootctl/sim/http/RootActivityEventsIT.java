package io.rootctl.sim.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rootctl.live.RootCredentialEvents;
import io.rootctl.model.TaskPolicy;
import io.rootctl.sim.AdjustableClock;
import io.rootctl.sim.Fixture;
import io.rootctl.sim.SimulatedOrganization;
import io.rootctl.sim.SqsBackend;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Root activity reaches the events queue as EventBridge delivers it, read with the real SDK's
 * SqsClient over HTTP: control-plane drift as a human root user's call, an IAM write in an
 * AssumeRoot session with the session's key and {@code assumedRoot}, an injected console sign-in
 * and GuardDuty finding, a raw message; each only after the delivery delay on the emulator's clock,
 * and never with a secret.
 */
class RootActivityEventsIT {
  static final String PAYMENTS = "555555555555";
  static final ObjectMapper JSON = new ObjectMapper();

  AdjustableClock clock;
  SimulatedOrganization org;
  EmulatorServer server;
  SqsClient sqs;
  HttpClient http;
  String queueUrl;

  @BeforeEach
  void start() {
    clock = new AdjustableClock(Clock.fixed(Instant.parse("2026-12-01T08:00:00Z"), ZoneOffset.UTC));
    org = SimulatedOrganization.of(Fixture.demo(), clock);
    server = new EmulatorServer(org, 0).start();
    var queue = new SqsBackend(org).ensureQueue(org.managementAccount(), "events", Map.of());
    org.events().deliverTo(queue, Duration.ofSeconds(5));
    queueUrl = queue.url(server.endpoint().toString());
    sqs =
        SqsClient.builder()
            .endpointOverride(server.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(
                software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                    SdkClients.of(org.managementCredentials())))
            .httpClientBuilder(ApacheHttpClient.builder())
            .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD))
            .build();
    http = HttpClient.newHttpClient();
  }

  @AfterEach
  void stop() {
    sqs.close();
    http.close();
    server.close();
  }

  String post(String path, String body) throws Exception {
    var response =
        http.send(
            HttpRequest.newBuilder(URI.create(server.endpoint() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }

  List<JsonNode> receive() throws Exception {
    var out = new java.util.ArrayList<JsonNode>();
    for (var m : sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)).messages()) {
      System.out.println(m.body());
      out.add(JSON.readTree(m.body()));
      sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
    }
    return out;
  }

  static void assertEnvelope(JsonNode event, String detailType, String source) {
    assertThat(event.path("version").asText()).isEqualTo("0");
    assertThat(event.path("id").asText()).matches("[0-9a-f-]{36}");
    assertThat(event.path("detail-type").asText()).isEqualTo(detailType);
    assertThat(event.path("source").asText()).isEqualTo(source);
    assertThat(event.path("account").asText()).isEqualTo(PAYMENTS);
    assertThat(event.path("region").asText()).isEqualTo("us-east-1");
    assertThat(event.path("resources").isArray()).isTrue();
    assertThat(event.toString())
        .doesNotContainIgnoringCase("secretAccessKey")
        .doesNotContainIgnoringCase("password\":\"")
        .doesNotContain("sim/");
  }

  @Test
  void controlPlaneDriftIsAHumanRootCallDeliveredAfterTheDelay() throws Exception {
    var key =
        JSON.readTree(
                post(
                    "/_sim/mutate",
                    "{\"action\":\"createAccessKey\",\"account\":\"" + PAYMENTS + "\"}"))
            .path("result")
            .asText();
    assertThat(receive()).as("not before the delivery delay").isEmpty();
    clock.advance(Duration.ofSeconds(5));
    var events = receive();
    assertThat(events).hasSize(1);
    var event = events.get(0);
    assertEnvelope(event, RootCredentialEvents.API_CALL_DETAIL_TYPE, "aws.iam");
    var detail = event.path("detail");
    assertThat(detail.path("eventSource").asText()).isEqualTo("iam.amazonaws.com");
    assertThat(detail.path("eventName").asText()).isEqualTo("CreateAccessKey");
    assertThat(detail.path("eventType").asText()).isEqualTo("AwsApiCall");
    assertThat(detail.path("readOnly").asBoolean(true)).isFalse();
    assertThat(detail.path("managementEvent").asBoolean()).isTrue();
    assertThat(detail.path("eventCategory").asText()).isEqualTo("Management");
    assertThat(detail.path("recipientAccountId").asText()).isEqualTo(PAYMENTS);
    assertThat(detail.path("eventTime").asText()).isEqualTo("2026-12-01T08:00:00Z");
    var identity = detail.path("userIdentity");
    assertThat(identity.path("type").asText()).isEqualTo("Root");
    assertThat(identity.path("arn").asText()).isEqualTo("arn:aws:iam::" + PAYMENTS + ":root");
    assertThat(identity.path("sessionContext").has("assumedRoot")).isFalse();
    assertThat(detail.path("responseElements").path("accessKey").path("accessKeyId").asText())
        .isEqualTo(key);
    for (var field :
        List.of(
            "awsRegion", "sourceIPAddress", "userAgent", "requestID", "eventID", "eventVersion")) {
      assertThat(detail.path(field).asText()).as(field).isNotEmpty();
    }
  }

  @Test
  void anAssumeRootSessionsWriteCarriesItsKeyAndAssumedRoot() throws Exception {
    var admin = SdkClients.of(org.managementCredentials());
    try (var sts = SdkClients.sts(server.endpoint(), admin)) {
      var credentials =
          sts.assumeRoot(
                  b ->
                      b.targetPrincipal(PAYMENTS)
                          .taskPolicyArn(p -> p.arn(TaskPolicy.DELETE_ROOT_USER_CREDENTIALS.arn())))
              .credentials();
      try (var iam =
          SdkClients.iam(
              server.endpoint(),
              software.amazon.awssdk.auth.credentials.AwsSessionCredentials.create(
                  credentials.accessKeyId(),
                  credentials.secretAccessKey(),
                  credentials.sessionToken()))) {
        iam.deleteAccessKey(b -> b.accessKeyId("AKIAEXAMPLEPAYMNT001"));
      }
      clock.advance(Duration.ofSeconds(5));
      var events = receive();
      assertThat(events).hasSize(1);
      var event = events.get(0);
      assertEnvelope(event, RootCredentialEvents.API_CALL_DETAIL_TYPE, "aws.iam");
      var detail = event.path("detail");
      assertThat(detail.path("eventName").asText()).isEqualTo("DeleteAccessKey");
      assertThat(detail.path("requestParameters").path("accessKeyId").asText())
          .isEqualTo("AKIAEXAMPLEPAYMNT001");
      assertThat(detail.path("responseElements").isNull()).isTrue();
      var identity = detail.path("userIdentity");
      assertThat(identity.path("type").asText()).isEqualTo("Root");
      assertThat(identity.path("accessKeyId").asText()).isEqualTo(credentials.accessKeyId());
      assertThat(identity.path("sessionContext").path("assumedRoot").asText()).isEqualTo("true");
      assertThat(event.toString()).doesNotContain(credentials.secretAccessKey());
      assertThat(event.toString()).doesNotContain(credentials.sessionToken());
    }
  }

  @Test
  void injectedSignInFindingAndRawMessage() throws Exception {
    post(
        "/_sim/events/console-login",
        "{\"account\":\""
            + PAYMENTS
            + "\",\"sourceIp\":\"198.51.100.7\","
            + "\"time\":\"2026-12-01T07:59:00Z\",\"mfaUsed\":false}");
    post(
        "/_sim/events/guardduty-finding",
        "{\"account\":\"" + PAYMENTS + "\",\"sourceIp\":\"198.51.100.8\",\"api\":\"ListBuckets\"}");
    post("/_sim/events/raw", "{\"body\":\"not json at all\"}");
    clock.advance(Duration.ofSeconds(5));
    var bodies = new java.util.ArrayList<String>();
    var messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)).messages();
    messages.forEach(m -> System.out.println(m.body()));
    messages.forEach(m -> bodies.add(m.body()));
    assertThat(bodies).hasSize(3).contains("not json at all");

    var signIn = JSON.readTree(bodies.get(0));
    assertEnvelope(signIn, "AWS Console Sign In via CloudTrail", "aws.signin");
    assertThat(signIn.path("time").asText()).isEqualTo("2026-12-01T07:59:00Z");
    var detail = signIn.path("detail");
    assertThat(detail.path("eventName").asText()).isEqualTo("ConsoleLogin");
    assertThat(detail.path("eventType").asText()).isEqualTo("AwsConsoleSignIn");
    assertThat(detail.path("sourceIPAddress").asText()).isEqualTo("198.51.100.7");
    assertThat(detail.path("userIdentity").path("type").asText()).isEqualTo("Root");
    assertThat(detail.path("responseElements").path("ConsoleLogin").asText()).isEqualTo("Success");
    assertThat(detail.path("additionalEventData").path("MFAUsed").asText()).isEqualTo("No");

    var finding = JSON.readTree(bodies.get(1));
    assertEnvelope(finding, "GuardDuty Finding", "aws.guardduty");
    assertThat(finding.path("detail").path("type").asText())
        .isEqualTo("Policy:IAMUser/RootCredentialUsage");
    assertThat(finding.path("detail").path("accountId").asText()).isEqualTo(PAYMENTS);
    assertThat(
            finding
                .path("detail")
                .path("service")
                .path("action")
                .path("awsApiCallAction")
                .path("remoteIpDetails")
                .path("ipAddressV4")
                .asText())
        .isEqualTo("198.51.100.8");
    assertThat(
            finding
                .path("detail")
                .path("resource")
                .path("accessKeyDetails")
                .path("userType")
                .asText())
        .isEqualTo("Root");

    var settings = JSON.readTree(post("/_sim/events", "{\"delaySeconds\":0}"));
    assertThat(settings.path("delaySeconds").asInt()).isZero();
    assertThat(settings.path("sent").asInt()).isEqualTo(3);
    assertThat(settings.path("queueArn").asText())
        .isEqualTo("arn:aws:sqs:us-east-1:111111111111:events");
  }

  @Test
  void anUnknownAccountOrAMissingBodyIsABadRequest() throws Exception {
    for (var call :
        List.of(
            List.of("/_sim/events/console-login", "{\"account\":\"123456789012\"}"),
            List.of("/_sim/events/guardduty-finding", "{}"),
            List.of("/_sim/events/raw", "{\"body\":\"\"}"),
            List.of(
                "/_sim/events/console-login",
                "{\"account\":\"" + PAYMENTS + "\",\"time\":\"x\"}"))) {
      var response =
          http.send(
              HttpRequest.newBuilder(URI.create(server.endpoint() + call.get(0)))
                  .POST(HttpRequest.BodyPublishers.ofString(call.get(1)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(call.toString()).isEqualTo(400);
    }
    assertThat(org.events().sent()).isZero();
  }
}
