package io.rootctl.sim;

import io.rootctl.model.AccountId;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The state of the simulated Amazon SQS ({@link SqsBackend}): queues and their messages. Not
 * thread-safe: the {@link CallPipeline}'s lock guards every access, as for the rest of {@link
 * SimState}.
 */
final class SqsState {
  private SqsState() {}

  /** One standard queue: its owner, name, attributes as set, and its messages by id. */
  static final class Queue {
    final AccountId account;
    final String name;
    final Instant created;
    Instant lastModified;

    /** The settable attributes, by model name, as strings (what GetQueueAttributes answers). */
    final Map<String, String> attributes = new LinkedHashMap<>();

    /** The messages, oldest first. */
    final Map<String, Message> messages = new LinkedHashMap<>();

    Optional<Instant> lastPurge = Optional.empty();

    Queue(AccountId account, String name, Instant created) {
      this.account = account;
      this.name = name;
      this.created = created;
      this.lastModified = created;
    }

    String arn() {
      return SqsBackend.arn(account, name);
    }

    int intAttribute(String name) {
      return Integer.parseInt(attributes.get(name));
    }
  }

  /** One message; {@code visibleAt} is when it may next be received. */
  static final class Message {
    final String id;
    final String body;
    final String md5OfBody;
    final String senderId;
    final Instant sent;
    Instant visibleAt;
    int receiveCount;
    Optional<Instant> firstReceive = Optional.empty();

    /** The receipt handle of the latest receive; empty before the first. */
    Optional<String> receipt = Optional.empty();

    /** The queue it came from, when a redrive policy moved it to a dead-letter queue. */
    Optional<String> deadLetterSource = Optional.empty();

    Message(String id, String body, String md5OfBody, String senderId, Instant sent, Instant at) {
      this.id = id;
      this.body = body;
      this.md5OfBody = md5OfBody;
      this.senderId = senderId;
      this.sent = sent;
      this.visibleAt = at;
    }
  }
}
