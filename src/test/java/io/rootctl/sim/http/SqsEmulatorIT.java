package io.rootctl.sim.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.rootctl.sim.AdjustableClock;
import io.rootctl.sim.Fixture;
import io.rootctl.sim.SimulatedOrganization;
import io.rootctl.sim.SqsBackend;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageNotInflightException;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;
import software.amazon.awssdk.services.sqs.model.ReceiptHandleIsInvalidException;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SqsException;
import software.amazon.awssdk.services.sqs.model.TooManyEntriesInBatchRequestException;

/**
 * The emulator's SQS through the real AWS SDK v2 SqsClient over HTTP (AWS JSON 1.0, MD5 checks of
 * the SDK on): queues, messages, visibility on the emulator's clock, long polling that wakes on a
 * send, redrive to a dead-letter queue, and SQS's errors mapped to the SDK's exception classes.
 */
class SqsEmulatorIT {
  private AdjustableClock clock;
  private SimulatedOrganization org;
  private EmulatorServer server;
  private SqsClient sqs;

  @BeforeEach
  void start() {
    clock = new AdjustableClock(Clock.fixed(Instant.parse("2026-12-01T08:00:00Z"), ZoneOffset.UTC));
    org = SimulatedOrganization.of(Fixture.demo(), clock);
    server = new EmulatorServer(org, 0).start();
    sqs = client(server.endpoint());
  }

  SqsClient client(URI endpoint) {
    return SqsClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(SdkClients.of(org.managementCredentials())))
        .httpClientBuilder(ApacheHttpClient.builder().socketTimeout(Duration.ofSeconds(60)))
        .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD))
        .build();
  }

  @AfterEach
  void stop() {
    sqs.close();
    server.close();
  }

  @Test
  void queueUrlsPointAtTheEmulatorAndListAndGetFindThem() {
    var url = sqs.createQueue(b -> b.queueName("events")).queueUrl();
    assertThat(url).isEqualTo(server.endpoint() + "/111111111111/events");
    assertThat(sqs.createQueue(b -> b.queueName("events")).queueUrl()).isEqualTo(url);
    assertThat(sqs.getQueueUrl(b -> b.queueName("events")).queueUrl()).isEqualTo(url);
    sqs.createQueue(b -> b.queueName("events-dlq"));
    assertThat(sqs.listQueues(b -> b.queueNamePrefix("events")).queueUrls())
        .containsExactly(url, url + "-dlq");
    var page = sqs.listQueues(b -> b.maxResults(1));
    assertThat(page.queueUrls()).containsExactly(url);
    assertThat(sqs.listQueues(b -> b.maxResults(1).nextToken(page.nextToken())).queueUrls())
        .containsExactly(url + "-dlq");

    assertThatThrownBy(() -> sqs.getQueueUrl(b -> b.queueName("nope")))
        .isInstanceOfSatisfying(
            QueueDoesNotExistException.class,
            e ->
                assertThat(e.awsErrorDetails().errorCode())
                    .isEqualTo("AWS.SimpleQueueService.NonExistentQueue"));
    assertThatThrownBy(
            () ->
                sqs.createQueue(
                    b ->
                        b.queueName("events")
                            .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "5"))))
        .isInstanceOf(QueueNameExistsException.class);
  }

  @Test
  void sendReceiveDeleteWithVisibilityOnTheEmulatorClock() {
    var url = sqs.createQueue(b -> b.queueName("q")).queueUrl();
    var sent = sqs.sendMessage(b -> b.queueUrl(url).messageBody("{\"hello\":\"world\"}"));
    assertThat(sent.messageId()).isNotBlank();

    var first =
        sqs.receiveMessage(
                b ->
                    b.queueUrl(url)
                        .maxNumberOfMessages(10)
                        .visibilityTimeout(30)
                        .messageSystemAttributeNames(MessageSystemAttributeName.ALL))
            .messages();
    assertThat(first).hasSize(1);
    assertThat(first.get(0).body()).isEqualTo("{\"hello\":\"world\"}");
    assertThat(first.get(0).attributes())
        .containsEntry(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "1")
        .containsEntry(
            MessageSystemAttributeName.SENT_TIMESTAMP,
            Long.toString(Instant.parse("2026-12-01T08:00:00Z").toEpochMilli()));
    assertThat(sqs.receiveMessage(b -> b.queueUrl(url)).messages()).isEmpty();
    assertThat(
            sqs.getQueueAttributes(
                    b ->
                        b.queueUrl(url)
                            .attributeNames(
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes())
        .containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0")
        .containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "1");

    clock.advance(Duration.ofSeconds(31));
    var second =
        sqs.receiveMessage(
                b ->
                    b.queueUrl(url)
                        .messageSystemAttributeNames(
                            MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
            .messages();
    assertThat(second).hasSize(1);
    assertThat(second.get(0).attributes())
        .containsEntry(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "2");
    assertThat(second.get(0).receiptHandle()).isNotEqualTo(first.get(0).receiptHandle());

    // the older receipt handle "succeeds" and deletes nothing
    sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(first.get(0).receiptHandle()));
    sqs.changeMessageVisibility(
        b -> b.queueUrl(url).receiptHandle(second.get(0).receiptHandle()).visibilityTimeout(0));
    var third = sqs.receiveMessage(b -> b.queueUrl(url)).messages();
    assertThat(third).hasSize(1);
    sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(third.get(0).receiptHandle()));
    clock.advance(Duration.ofMinutes(5));
    assertThat(sqs.receiveMessage(b -> b.queueUrl(url)).messages()).isEmpty();

    assertThatThrownBy(
            () -> sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle("not-a-receipt-handle")))
        .isInstanceOf(ReceiptHandleIsInvalidException.class);
    assertThatThrownBy(
            () ->
                sqs.changeMessageVisibility(
                    b ->
                        b.queueUrl(url)
                            .receiptHandle(third.get(0).receiptHandle())
                            .visibilityTimeout(5)))
        .isInstanceOf(ReceiptHandleIsInvalidException.class);
  }

  @Test
  void batchesAndTheirErrors() {
    var url = sqs.createQueue(b -> b.queueName("q")).queueUrl();
    var sent =
        sqs.sendMessageBatch(
            b ->
                b.queueUrl(url)
                    .entries(
                        SendMessageBatchRequestEntry.builder().id("a").messageBody("one").build(),
                        SendMessageBatchRequestEntry.builder()
                            .id("b")
                            .messageBody("two")
                            .delaySeconds(60)
                            .build()));
    assertThat(sent.successful()).hasSize(2);
    assertThat(sent.failed()).isEmpty();
    var received =
        sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).visibilityTimeout(600))
            .messages();
    assertThat(received).extracting(m -> m.body()).containsExactly("one");
    clock.advance(Duration.ofSeconds(60));
    var delayed = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)).messages();
    assertThat(delayed).extracting(m -> m.body()).containsExactly("two");

    var deleted =
        sqs.deleteMessageBatch(
            b ->
                b.queueUrl(url)
                    .entries(
                        e -> e.id("x").receiptHandle(received.get(0).receiptHandle()),
                        e -> e.id("y").receiptHandle("garbage")));
    assertThat(deleted.successful()).extracting(e -> e.id()).containsExactly("x");
    assertThat(deleted.failed())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.id()).isEqualTo("y");
              assertThat(f.code()).isEqualTo("ReceiptHandleIsInvalid");
              assertThat(f.senderFault()).isTrue();
            });

    var eleven = new java.util.ArrayList<SendMessageBatchRequestEntry>();
    for (int i = 0; i < 11; i++) {
      eleven.add(SendMessageBatchRequestEntry.builder().id("m" + i).messageBody("b").build());
    }
    assertThatThrownBy(() -> sqs.sendMessageBatch(b -> b.queueUrl(url).entries(eleven)))
        .isInstanceOf(TooManyEntriesInBatchRequestException.class);
    assertThatThrownBy(() -> sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(11)))
        .isInstanceOfSatisfying(
            SqsException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue"));
  }

  @Test
  void redrivePolicyMovesAMessageReceivedTooOftenToTheDeadLetterQueue() {
    var dlq = sqs.createQueue(b -> b.queueName("q-dlq")).queueUrl();
    var dlqArn =
        sqs.getQueueAttributes(b -> b.queueUrl(dlq).attributeNames(QueueAttributeName.QUEUE_ARN))
            .attributes()
            .get(QueueAttributeName.QUEUE_ARN);
    assertThat(dlqArn).isEqualTo("arn:aws:sqs:us-east-1:111111111111:q-dlq");
    var url =
        sqs.createQueue(
                b ->
                    b.queueName("q")
                        .attributes(
                            Map.of(
                                QueueAttributeName.REDRIVE_POLICY,
                                "{\"deadLetterTargetArn\":\""
                                    + dlqArn
                                    + "\",\"maxReceiveCount\":\"2\"}",
                                QueueAttributeName.VISIBILITY_TIMEOUT,
                                "10")))
            .queueUrl();
    sqs.sendMessage(b -> b.queueUrl(url).messageBody("poison"));
    for (int i = 0; i < 2; i++) {
      assertThat(sqs.receiveMessage(b -> b.queueUrl(url)).messages()).hasSize(1);
      clock.advance(Duration.ofSeconds(11));
    }
    assertThat(sqs.receiveMessage(b -> b.queueUrl(url)).messages()).isEmpty();
    var dead =
        sqs.receiveMessage(
                b ->
                    b.queueUrl(dlq)
                        .messageSystemAttributeNames(
                            MessageSystemAttributeName.DEAD_LETTER_QUEUE_SOURCE_ARN))
            .messages();
    assertThat(dead).singleElement().satisfies(m -> assertThat(m.body()).isEqualTo("poison"));
    assertThat(dead.get(0).attributes())
        .containsEntry(
            MessageSystemAttributeName.DEAD_LETTER_QUEUE_SOURCE_ARN,
            "arn:aws:sqs:us-east-1:111111111111:q");

    assertThatThrownBy(
            () ->
                sqs.setQueueAttributes(
                    b ->
                        b.queueUrl(url)
                            .attributes(
                                Map.of(
                                    QueueAttributeName.REDRIVE_POLICY,
                                    "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:"
                                        + "111111111111:missing\",\"maxReceiveCount\":\"2\"}"))))
        .isInstanceOfSatisfying(
            SqsException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue"));
  }

  @Test
  void longPollingReturnsAsSoonAsAMessageIsSent() {
    var url = sqs.createQueue(b -> b.queueName("q")).queueUrl();
    var polled =
        CompletableFuture.supplyAsync(
            () -> sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(20)).messages());
    // the poll is waiting on the server: nothing visible yet
    await().until(() -> new SqsBackend(org).longPollsWaiting() == 1);
    assertThat(polled).isNotDone();
    sqs.sendMessage(b -> b.queueUrl(url).messageBody("now"));
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () ->
                assertThat(polled.getNow(null))
                    .singleElement()
                    .extracting(m -> m.body())
                    .isEqualTo("now"));
  }

  @Test
  void longPollingEndsWhenTheEmulatorClockPassesTheWait() {
    var url = sqs.createQueue(b -> b.queueName("q")).queueUrl();
    var polled =
        CompletableFuture.supplyAsync(
            () -> sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(20)).messages());
    await().until(() -> new SqsBackend(org).longPollsWaiting() == 1);
    clock.advance(Duration.ofSeconds(21));
    await().atMost(Duration.ofSeconds(15)).until(polled::isDone);
    assertThat(polled.join()).isEmpty();
  }

  @Test
  void aLongPollEndsWhenTheServerStops() {
    var url = sqs.createQueue(b -> b.queueName("q")).queueUrl();
    var failed = new AtomicBoolean();
    var polled =
        CompletableFuture.runAsync(
            () -> {
              try {
                sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(20));
              } catch (RuntimeException e) {
                failed.set(true);
              }
            });
    await().until(() -> new SqsBackend(org).longPollsWaiting() == 1);
    server.close();
    await().atMost(Duration.ofSeconds(15)).until(polled::isDone);
  }

  @Test
  void anotherAccountNeedsTheQueuePolicy() {
    var url = sqs.createQueue(b -> b.queueName("q")).queueUrl();
    var other = org.addAdminCredentials(io.rootctl.model.AccountId.of("222222222222"));
    try (var theirs =
        SqsClient.builder()
            .endpointOverride(server.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(SdkClients.of(other)))
            .httpClientBuilder(ApacheHttpClient.builder())
            .build()) {
      assertThatThrownBy(() -> theirs.sendMessage(b -> b.queueUrl(url).messageBody("x")))
          .isInstanceOfSatisfying(
              SqsException.class,
              e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied"));
      sqs.setQueueAttributes(
          b ->
              b.queueUrl(url)
                  .attributes(
                      Map.of(
                          QueueAttributeName.POLICY,
                          "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                              + "\"Principal\":{\"AWS\":\"arn:aws:iam::222222222222:root\"},"
                              + "\"Action\":\"sqs:SendMessage\",\"Resource\":\"*\"}]}")));
      theirs.sendMessage(b -> b.queueUrl(url).messageBody("x"));
      assertThatThrownBy(() -> theirs.receiveMessage(b -> b.queueUrl(url)))
          .isInstanceOf(SqsException.class);
    }
  }

  @Test
  void purgeEmptiesTheQueueOnceAMinute() {
    var url = sqs.createQueue(b -> b.queueName("q")).queueUrl();
    sqs.sendMessage(b -> b.queueUrl(url).messageBody("x"));
    sqs.purgeQueue(b -> b.queueUrl(url));
    assertThat(sqs.receiveMessage(b -> b.queueUrl(url)).messages()).isEmpty();
    assertThatThrownBy(() -> sqs.purgeQueue(b -> b.queueUrl(url)))
        .isInstanceOfSatisfying(
            SqsException.class,
            e ->
                assertThat(e.awsErrorDetails().errorCode())
                    .isEqualTo("AWS.SimpleQueueService.PurgeQueueInProgress"));
    clock.advance(Duration.ofSeconds(61));
    sqs.purgeQueue(b -> b.queueUrl(url));
  }

  @Test
  void changingTheVisibilityOfAVisibleMessageIsNotInflight() {
    var url = sqs.createQueue(b -> b.queueName("q")).queueUrl();
    sqs.sendMessage(b -> b.queueUrl(url).messageBody("x"));
    var m = sqs.receiveMessage(b -> b.queueUrl(url).visibilityTimeout(5)).messages().get(0);
    clock.advance(Duration.ofSeconds(6));
    assertThatThrownBy(
            () ->
                sqs.changeMessageVisibility(
                    b -> b.queueUrl(url).receiptHandle(m.receiptHandle()).visibilityTimeout(5)))
        .isInstanceOf(MessageNotInflightException.class);
  }
}
