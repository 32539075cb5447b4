package io.rootctl.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rootctl.model.AccountId;
import io.rootctl.model.TaskPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** SqsBackend's rules and the root-activity events, on an adjustable clock, in process. */
class SqsBackendTest {
  static final AccountId PAYMENTS = AccountId.of("555555555555");

  final AdjustableClock clock =
      new AdjustableClock(Clock.fixed(Instant.parse("2026-12-01T08:00:00Z"), ZoneOffset.UTC));
  final SimulatedOrganization org = SimulatedOrganization.of(Fixture.demo(), clock);
  final SqsBackend sqs = new SqsBackend(org);
  final Caller admin = org.managementCredentials().caller();

  List<SqsBackend.Received> receive(SqsBackend.QueueId q, int max) {
    return sqs.receiveMessage(
        admin, q, max, OptionalInt.empty(), OptionalInt.of(0), List.of("All"));
  }

  @Test
  void aMessageIsInvisibleForTheVisibilityTimeoutThenReceivedAgain() {
    var q = sqs.createQueue(admin, "q", Map.of("VisibilityTimeout", "10"));
    sqs.sendMessage(admin, q, "body", OptionalInt.empty());
    var first = receive(q, 1);
    assertThat(first).singleElement().satisfies(m -> assertThat(m.body()).isEqualTo("body"));
    clock.advance(Duration.ofSeconds(9));
    assertThat(receive(q, 1)).isEmpty();
    clock.advance(Duration.ofSeconds(1));
    var second = receive(q, 1);
    assertThat(second.get(0).attributes()).containsEntry("ApproximateReceiveCount", "2");
    // only the latest receipt handle deletes
    sqs.deleteMessage(admin, q, first.get(0).receiptHandle());
    clock.advance(Duration.ofSeconds(10));
    var third = receive(q, 1);
    assertThat(third).hasSize(1);
    sqs.deleteMessage(admin, q, third.get(0).receiptHandle());
    clock.advance(Duration.ofSeconds(10));
    assertThat(receive(q, 1)).isEmpty();
  }

  @Test
  void delaysAndMaxNumberOfMessages() {
    var q = sqs.createQueue(admin, "q", Map.of("DelaySeconds", "30", "VisibilityTimeout", "600"));
    for (int i = 0; i < 12; i++) {
      sqs.sendMessage(admin, q, "m" + i, i == 11 ? OptionalInt.of(0) : OptionalInt.empty());
    }
    assertThat(receive(q, 10)).extracting(SqsBackend.Received::body).containsExactly("m11");
    clock.advance(Duration.ofSeconds(30));
    assertThat(receive(q, 10)).hasSize(10);
    assertThat(receive(q, 10)).hasSize(1);
    assertThatThrownBy(() -> receive(q, 0)).hasMessageContaining("MaxNumberOfMessages");
    assertThatThrownBy(() -> receive(q, 11))
        .isInstanceOfSatisfying(
            SimException.class, e -> assertThat(e.errorCode()).isEqualTo("InvalidParameterValue"));
    assertThatThrownBy(
            () ->
                sqs.receiveMessage(admin, q, 1, OptionalInt.empty(), OptionalInt.of(21), List.of()))
        .hasMessageContaining("WaitTimeSeconds");
    assertThatThrownBy(() -> sqs.sendMessage(admin, q, "x", OptionalInt.of(901)))
        .hasMessageContaining("DelaySeconds");
  }

  @Test
  void longPollWakesOnASendWithoutWaitingOutTheWait() {
    var q = sqs.createQueue(admin, "q", Map.of());
    var result =
        CompletableFuture.supplyAsync(
            () ->
                sqs.receiveMessage(
                    admin, q, 1, OptionalInt.empty(), OptionalInt.of(20), List.of()));
    await().until(() -> sqs.longPollsWaiting() == 1);
    sqs.sendMessage(admin, q, "wake", OptionalInt.empty());
    // woken by the send, not by the end of the 20 s wait
    await().atMost(Duration.ofSeconds(15)).until(result::isDone);
    assertThat(result.join()).extracting(SqsBackend.Received::body).containsExactly("wake");
    assertThat(sqs.longPollsWaiting()).isZero();
  }

  @Test
  void longPollWakesWhenTheClockMakesADelayedMessageVisible() {
    var q = sqs.createQueue(admin, "q", Map.of());
    sqs.sendMessage(admin, q, "later", OptionalInt.of(600));
    var result =
        CompletableFuture.supplyAsync(
            () ->
                sqs.receiveMessage(
                    admin, q, 1, OptionalInt.empty(), OptionalInt.of(20), List.of()));
    await().until(() -> sqs.longPollsWaiting() == 1);
    clock.advance(Duration.ofSeconds(600));
    await().atMost(Duration.ofSeconds(15)).until(result::isDone);
    assertThat(result.join()).extracting(SqsBackend.Received::body).containsExactly("later");
  }

  @Test
  void anInterruptedLongPollReturnsNothing() throws Exception {
    var q = sqs.createQueue(admin, "q", Map.of());
    var result = new AtomicReference<List<SqsBackend.Received>>();
    var thread =
        Thread.ofVirtual()
            .start(
                () ->
                    result.set(
                        sqs.receiveMessage(
                            admin, q, 1, OptionalInt.empty(), OptionalInt.of(20), List.of())));
    await().until(() -> sqs.longPollsWaiting() == 1);
    thread.interrupt();
    thread.join();
    assertThat(result.get()).isEmpty();
    assertThat(sqs.longPollsWaiting()).isZero();
  }

  @Test
  void redriveMovesAMessageReceivedMaxReceiveCountTimes() {
    var dlq = sqs.createQueue(admin, "dlq", Map.of());
    var q =
        sqs.createQueue(
            admin,
            "q",
            Map.of(
                "VisibilityTimeout",
                "1",
                "RedrivePolicy",
                "{\"deadLetterTargetArn\":\"" + dlq.arn() + "\",\"maxReceiveCount\":3}"));
    sqs.sendMessage(admin, q, "poison", OptionalInt.empty());
    for (int i = 1; i <= 3; i++) {
      assertThat(receive(q, 1)).as("receive %d", i).hasSize(1);
      clock.advance(Duration.ofSeconds(1));
    }
    assertThat(receive(q, 1)).isEmpty();
    assertThat(receive(dlq, 1))
        .singleElement()
        .satisfies(
            m ->
                assertThat(m.attributes())
                    .containsEntry("DeadLetterQueueSourceArn", q.arn())
                    .containsEntry("ApproximateReceiveCount", "1"));
    assertThat(sqs.getQueueAttributes(admin, q, List.of("ApproximateNumberOfMessages", "QueueArn")))
        .containsEntry("ApproximateNumberOfMessages", "0")
        .containsEntry("QueueArn", "arn:aws:sqs:us-east-1:111111111111:q");
  }

  @Test
  void errorsNameTheModelShapes() {
    var q = sqs.createQueue(admin, "q", Map.of());
    assertThatThrownBy(() -> sqs.getQueueUrl(admin, "missing", Optional.empty()))
        .isInstanceOfSatisfying(
            SimException.class, e -> assertThat(e.errorCode()).isEqualTo("QueueDoesNotExist"));
    assertThatThrownBy(() -> sqs.createQueue(admin, "q", Map.of("DelaySeconds", "5")))
        .isInstanceOfSatisfying(
            SimException.class, e -> assertThat(e.errorCode()).isEqualTo("QueueNameExists"));
    assertThatThrownBy(() -> sqs.createQueue(admin, "bad name", Map.of()))
        .hasMessageContaining("alphanumeric");
    assertThatThrownBy(() -> sqs.createQueue(admin, "f", Map.of("FifoQueue", "true")))
        .hasMessageContaining("standard queues only");
    assertThatThrownBy(() -> sqs.setQueueAttributes(admin, q, Map.of("Nope", "1")))
        .isInstanceOfSatisfying(
            SimException.class, e -> assertThat(e.errorCode()).isEqualTo("InvalidAttributeName"));
    assertThatThrownBy(() -> sqs.setQueueAttributes(admin, q, Map.of("Policy", "{not json")))
        .hasMessageContaining("Policy");
    assertThatThrownBy(() -> sqs.deleteMessage(admin, q, "garbage"))
        .isInstanceOfSatisfying(
            SimException.class, e -> assertThat(e.errorCode()).isEqualTo("ReceiptHandleIsInvalid"));
    assertThatThrownBy(() -> sqs.sendMessage(admin, q, "\u0000", OptionalInt.empty()))
        .isInstanceOfSatisfying(
            SimException.class, e -> assertThat(e.errorCode()).isEqualTo("InvalidMessageContents"));
    var twelve =
        java.util.stream.IntStream.range(0, 11)
            .mapToObj(i -> new SqsBackend.Entry("e" + i, "b", OptionalInt.empty()))
            .toList();
    assertThatThrownBy(() -> sqs.sendMessageBatch(admin, q, twelve))
        .isInstanceOfSatisfying(
            SimException.class,
            e -> assertThat(e.errorCode()).isEqualTo("TooManyEntriesInBatchRequest"));
    assertThatThrownBy(() -> sqs.sendMessageBatch(admin, q, List.of()))
        .isInstanceOfSatisfying(
            SimException.class, e -> assertThat(e.errorCode()).isEqualTo("EmptyBatchRequest"));
    var twice =
        List.of(
            new SqsBackend.Entry("a", "b", OptionalInt.empty()),
            new SqsBackend.Entry("a", "c", OptionalInt.empty()));
    assertThatThrownBy(() -> sqs.sendMessageBatch(admin, q, twice))
        .isInstanceOfSatisfying(
            SimException.class,
            e -> assertThat(e.errorCode()).isEqualTo("BatchEntryIdsNotDistinct"));
  }

  @Test
  void retentionDropsOldMessages() {
    var q = sqs.createQueue(admin, "q", Map.of("MessageRetentionPeriod", "60"));
    sqs.sendMessage(admin, q, "old", OptionalInt.empty());
    clock.advance(Duration.ofSeconds(61));
    assertThat(receive(q, 1)).isEmpty();
  }

  // ---------------------------------------------------------------- events

  final ObjectMapper json = new ObjectMapper();

  SqsBackend.QueueId events(Duration delay) {
    var q = sqs.ensureQueue(org.managementAccount(), "events", Map.of());
    org.events().deliverTo(q, delay);
    return q;
  }

  @Test
  void noEventsQueueNoEvents() {
    org.addRootAccessKey(PAYMENTS);
    assertThat(org.events().sent()).isZero();
    assertThatThrownBy(() -> org.events().raw("x")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void driftIsDeliveredAfterTheDelayAsAHumanRootCall() throws Exception {
    var q = events(Duration.ofSeconds(30));
    org.addRootLoginProfile(PAYMENTS, true);
    org.addRootMfaDevice(PAYMENTS, true);
    org.addRootSigningCertificate(PAYMENTS);
    clock.advance(Duration.ofSeconds(29));
    assertThat(receive(q, 10)).isEmpty();
    clock.advance(Duration.ofSeconds(1));
    var names =
        receive(q, 10).stream()
            .map(m -> readTree(m.body()))
            .peek(
                e -> {
                  assertThat(e.path("detail").path("userIdentity").path("type").asText())
                      .isEqualTo("Root");
                  assertThat(
                          e.path("detail")
                              .path("userIdentity")
                              .path("sessionContext")
                              .has("assumedRoot"))
                      .isFalse();
                })
            .map(e -> e.path("detail").path("eventName").asText())
            .toList();
    assertThat(names)
        .containsExactly(
            "CreateLoginProfile",
            "CreateVirtualMFADevice",
            "EnableMFADevice",
            "UploadSigningCertificate");
    assertThat(io.rootctl.live.RootCredentialEvents.IAM_EVENT_NAMES).containsAll(names);
  }

  @Test
  void everyRootSessionWriteIsAnAssumedRootEventAndAFailedOneIsNone() {
    org.addRootLoginProfile(PAYMENTS, false);
    var certificate = org.addRootSigningCertificate(PAYMENTS);
    var q = events(Duration.ZERO);
    var sts = new StsBackend(org);
    var iam = new IamBackend(org);
    var delete =
        sts.assumeRoot(
            admin,
            PAYMENTS.value(),
            TaskPolicy.DELETE_ROOT_USER_CREDENTIALS.arn(),
            OptionalInt.empty());
    var session = Caller.session(delete.accessKeyId(), delete.sessionToken());
    var serial = "arn:aws:iam::555555555555:mfa/root-account-mfa-device";
    iam.deleteAccessKey(session, "AKIAEXAMPLEPAYMNT001");
    assertThatThrownBy(() -> iam.deleteAccessKey(session, "AKIAEXAMPLEPAYMNT001"))
        .isInstanceOf(SimException.class);
    iam.deactivateMfaDevice(session, serial);
    iam.deleteVirtualMfaDevice(session, serial);
    iam.deleteSigningCertificate(session, certificate);
    iam.deleteLoginProfile(session);
    var create =
        sts.assumeRoot(
            admin,
            PAYMENTS.value(),
            TaskPolicy.CREATE_ROOT_USER_PASSWORD.arn(),
            OptionalInt.empty());
    iam.createLoginProfile(Caller.session(create.accessKeyId(), create.sessionToken()), false);

    var events = receive(q, 10).stream().map(m -> readTree(m.body())).toList();
    assertThat(events)
        .extracting(e -> e.path("detail").path("eventName").asText())
        .containsExactly(
            "DeleteAccessKey",
            "DeactivateMFADevice",
            "DeleteVirtualMFADevice",
            "DeleteSigningCertificate",
            "DeleteLoginProfile",
            "CreateLoginProfile");
    for (var e : events.subList(0, 5)) {
      var identity = e.path("detail").path("userIdentity");
      assertThat(identity.path("accessKeyId").asText()).isEqualTo(delete.accessKeyId());
      assertThat(identity.path("sessionContext").path("assumedRoot").asText()).isEqualTo("true");
      assertThat(e.toString()).doesNotContain(delete.secretAccessKey(), delete.sessionToken());
    }
    assertThat(events.get(5).path("detail").path("userIdentity").path("accessKeyId").asText())
        .isEqualTo(create.accessKeyId());
  }

  com.fasterxml.jackson.databind.JsonNode readTree(String body) {
    try {
      return json.readTree(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new AssertionError(body, e);
    }
  }
}
