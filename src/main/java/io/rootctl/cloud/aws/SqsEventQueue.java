package io.rootctl.cloud.aws;

import io.rootctl.cloud.EventQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;

/**
 * {@link EventQueue} over Amazon SQS (API version 2012-11-05, the AWS JSON protocol SDK v2 speaks):
 * <a
 * href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ReceiveMessage.html">ReceiveMessage</a>
 * with long polling ({@code WaitTimeSeconds} up to 20, {@code MaxNumberOfMessages} up to 10), <a
 * href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_DeleteMessageBatch.html">DeleteMessageBatch</a>
 * and <a
 * href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ChangeMessageVisibilityBatch.html">ChangeMessageVisibilityBatch</a>
 * (visibility 0 releases a message). Errors become {@link io.rootctl.cloud.CloudException}s naming
 * the operation, error code and request id ({@link AwsErrors}).
 *
 * <p>It owns its SQS client and that client's HTTP client: {@link #close()} closes both, which ends
 * a long poll in flight (its connection is shut), so SIGTERM never waits out the 20 seconds.
 */
public final class SqsEventQueue implements EventQueue {
  private final SqsClient sqs;
  private final SdkHttpClient http;
  private final String queueUrl;

  /**
   * @param sqs a client this queue owns (closed by {@link #close()})
   * @param http the HTTP client {@code sqs} uses, owned as well
   */
  public SqsEventQueue(SqsClient sqs, SdkHttpClient http, String queueUrl) {
    this.sqs = sqs;
    this.http = http;
    this.queueUrl = queueUrl;
  }

  @Override
  public List<Message> receive(Duration wait) {
    var seconds = (int) Math.clamp(wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0), 0, 20);
    try {
      var response =
          sqs.receiveMessage(
              r -> r.queueUrl(queueUrl).maxNumberOfMessages(MAX_MESSAGES).waitTimeSeconds(seconds));
      var out = new ArrayList<Message>();
      response
          .messages()
          .forEach(
              m ->
                  out.add(
                      new Message(
                          m.messageId() == null ? "" : m.messageId(),
                          m.receiptHandle() == null ? "" : m.receiptHandle(),
                          m.body() == null ? "" : m.body())));
      return out;
    } catch (SdkException e) {
      throw AwsErrors.map(e, "sqs:ReceiveMessage");
    }
  }

  @Override
  public int delete(List<Message> messages) {
    var deleted = 0;
    for (int from = 0; from < messages.size(); from += MAX_MESSAGES) {
      var chunk = messages.subList(from, Math.min(messages.size(), from + MAX_MESSAGES));
      var entries = new ArrayList<DeleteMessageBatchRequestEntry>();
      for (int i = 0; i < chunk.size(); i++) {
        var id = "m" + i;
        entries.add(
            DeleteMessageBatchRequestEntry.builder()
                .id(id)
                .receiptHandle(chunk.get(i).receiptHandle())
                .build());
      }
      try {
        var response = sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
        deleted += response.successful().size();
      } catch (SdkException e) {
        throw AwsErrors.map(e, "sqs:DeleteMessageBatch");
      }
    }
    return deleted;
  }

  @Override
  public void release(List<Message> messages) {
    for (int from = 0; from < messages.size(); from += MAX_MESSAGES) {
      var chunk = messages.subList(from, Math.min(messages.size(), from + MAX_MESSAGES));
      var entries = new ArrayList<ChangeMessageVisibilityBatchRequestEntry>();
      for (int i = 0; i < chunk.size(); i++) {
        entries.add(
            ChangeMessageVisibilityBatchRequestEntry.builder()
                .id("m" + i)
                .receiptHandle(chunk.get(i).receiptHandle())
                .visibilityTimeout(0)
                .build());
      }
      try {
        sqs.changeMessageVisibilityBatch(r -> r.queueUrl(queueUrl).entries(entries));
      } catch (RuntimeException e) {
        return; // best effort: the visibility timeout returns them anyway
      }
    }
  }

  @Override
  public String location() {
    return queueUrl;
  }

  @Override
  public void close() {
    try {
      http.close();
    } catch (RuntimeException ignored) {
      // closing is best effort
    }
    try {
      sqs.close();
    } catch (RuntimeException ignored) {
      // closing is best effort
    }
  }

  @Override
  public String toString() {
    return "SqsEventQueue[" + queueUrl + "]";
  }
}
