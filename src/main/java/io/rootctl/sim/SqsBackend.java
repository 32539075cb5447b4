package io.rootctl.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rootctl.model.AccountId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Amazon SQS (API version 2012-11-05), simulated over a {@link SimulatedOrganization}'s shared
 * state: standard queues with the calls an event consumer and its operators make. Every rule below
 * runs on the organization's clock, so tests move time with {@link AdjustableClock#advance}.
 *
 * <ul>
 *   <li>Queues belong to the caller's account and are addressed by URL; the URL's path is {@code
 *       /ACCOUNT/NAME} whatever its host, so the queue URL the emulator hands out works against the
 *       emulator's own endpoint (and {@code AWS_ENDPOINT_URL_SQS} may name it). A queue in another
 *       account answers {@code AccessDenied} unless its {@code Policy} allows the caller's account
 *       (an {@code Allow} statement without conditions whose {@code Principal} is {@code *} or the
 *       account, and whose {@code Action} covers the operation).
 *   <li>A received message stays invisible for the visibility timeout (the queue's {@code
 *       VisibilityTimeout}, default 30 s, or the request's), then is received again with a new
 *       receipt handle and a higher {@code ApproximateReceiveCount}; only the latest receipt handle
 *       deletes it (an older one "succeeds" and deletes nothing), as <a
 *       href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_DeleteMessage.html">DeleteMessage</a>
 *       says. See <a
 *       href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html">visibility
 *       timeout</a>.
 *   <li>Long polling: {@code WaitTimeSeconds} (0 to 20; default the queue's {@code
 *       ReceiveMessageWaitTimeSeconds}) waits until a message is visible and answers at once then;
 *       it waits on a condition (no busy loop) that a send, a visibility change or a clock move
 *       signals, and ends when the waiting thread is interrupted (the server stops). See <a
 *       href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-short-and-long-polling.html">short
 *       and long polling</a>.
 *   <li>Delays: {@code DelaySeconds} (0 to 900) of the message or the queue keep a new message
 *       invisible that long (<a
 *       href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-delay-queues.html">delay
 *       queues</a>).
 *   <li>Redrive: with a {@code RedrivePolicy} {@code {"deadLetterTargetArn": ARN,
 *       "maxReceiveCount": N}}, a message received N times that becomes visible again moves to the
 *       dead-letter queue instead of being received an N+1th time (<a
 *       href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html">dead-letter
 *       queues</a>). The target must exist.
 *   <li>Retention: messages older than {@code MessageRetentionPeriod} (default 4 days) are dropped.
 *   <li>{@code PurgeQueue} deletes every message; a second purge within 60 s answers {@code
 *       PurgeQueueInProgress} (<a
 *       href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_PurgeQueue.html">PurgeQueue</a>).
 * </ul>
 *
 * <p>Not served: FIFO queues, message attributes (refused with {@code InvalidParameterValue}, as
 * the SDK would otherwise check an MD5 the emulator does not compute), KMS (the {@code
 * KmsMasterKeyId} attribute is kept, not applied). Errors are {@link SimException}s whose code is
 * the model's error shape name ({@code QueueDoesNotExist}); the wire layer adds the
 * query-compatible code. A view: construct as many as convenient. Thread-safe.
 *
 * @see <a
 *     href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/Welcome.html">
 *     Amazon SQS API Reference</a>
 * @see <a
 *     href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-queues.html">Amazon
 *     SQS queue quotas</a>
 */
public final class SqsBackend {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,80}");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration PURGE_INTERVAL = Duration.ofSeconds(60);

  /** The settable attributes and their defaults ({@code null}: no default, absent until set). */
  private static final Map<String, String> SETTABLE = settable();

  /** The read-only attributes GetQueueAttributes computes. */
  private static final Set<String> COMPUTED =
      Set.of(
          "ApproximateNumberOfMessages",
          "ApproximateNumberOfMessagesNotVisible",
          "ApproximateNumberOfMessagesDelayed",
          "CreatedTimestamp",
          "LastModifiedTimestamp",
          "QueueArn");

  /** The message system attributes ReceiveMessage can return. */
  private static final Set<String> MESSAGE_ATTRIBUTES =
      Set.of(
          "SenderId",
          "SentTimestamp",
          "ApproximateReceiveCount",
          "ApproximateFirstReceiveTimestamp",
          "DeadLetterQueueSourceArn");

  /** A queue by owner and name. */
  public record QueueId(AccountId account, String name) {
    /** {@code arn:aws:sqs:us-east-1:ACCOUNT:NAME}. */
    public String arn() {
      return SqsBackend.arn(account, name);
    }

    /**
     * The queue's URL on {@code endpoint} ({@code http://127.0.0.1:4510}): endpoint/ACCOUNT/NAME.
     */
    public String url(String endpoint) {
      var base = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
      return base + "/" + account + "/" + name;
    }
  }

  /** SendMessage's answer: the new message's id and the MD5 of its body (hex). */
  public record Sent(String messageId, String md5OfBody) {}

  /**
   * One received message.
   *
   * @param attributes the system attributes asked for, by name (timestamps in epoch milliseconds)
   */
  public record Received(
      String messageId,
      String receiptHandle,
      String body,
      String md5OfBody,
      Map<String, String> attributes) {}

  /** One entry of a batch request: its {@code Id} and, for a send, body and delay. */
  public record Entry(String id, String value, OptionalInt delaySeconds) {}

  /** A batch answer: the entries that worked (with their results) and the ones that failed. */
  public record Batch<T>(Map<String, T> successful, List<Failure> failed) {}

  /** A failed batch entry, as {@code BatchResultErrorEntry}. */
  public record Failure(String id, boolean senderFault, String code, String message) {}

  private final SimState state;
  private final CallPipeline pipeline;

  public SqsBackend(SimulatedOrganization organization) {
    this.state = organization.state();
    this.pipeline = organization.pipeline();
  }

  static String arn(AccountId account, String name) {
    return "arn:aws:sqs:us-east-1:" + account + ":" + name;
  }

  // ---------------------------------------------------------------- queues

  /**
   * sqs:CreateQueue. Creating a queue that exists with the same attributes returns it; with other
   * attributes answers {@code QueueNameExists}.
   *
   * @param attributes settable attributes by name
   * @throws SimException {@code InvalidParameterValue} (bad name, FIFO, a value out of range),
   *     {@code InvalidAttributeName}, {@code QueueNameExists}
   * @see <a
   *     href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html">CreateQueue</a>
   */
  public QueueId createQueue(Caller caller, String name, Map<String, String> attributes) {
    return pipeline.call(
        "sqs:CreateQueue", caller, p -> create(p.account(), name, attributes, false));
  }

  /**
   * Creates (or keeps) queue {@code name} in {@code account} now, outside the API (not journaled,
   * never faulted): what {@code rootctl sim} does for the events queue. Attributes as CreateQueue.
   */
  public QueueId ensureQueue(AccountId account, String name, Map<String, String> attributes) {
    return pipeline.locked(() -> create(account, name, attributes, true));
  }

  private QueueId create(
      AccountId account, String name, Map<String, String> attributes, boolean replace) {
    if (!NAME.matcher(name).matches()) {
      throw invalidParameter(
          "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length");
    }
    var key = account + "/" + name;
    var existing = state.queues.get(key);
    var queue = new SqsState.Queue(account, name, pipeline.now());
    SETTABLE.forEach(
        (attribute, value) -> {
          if (value != null) {
            queue.attributes.put(attribute, value);
          }
        });
    setAttributes(queue, attributes);
    if (existing != null) {
      if (replace || existing.attributes.equals(queue.attributes)) {
        existing.attributes.clear();
        existing.attributes.putAll(queue.attributes);
        return new QueueId(account, name);
      }
      throw new SimException(
          "QueueNameExists",
          400,
          "A queue already exists with the same name and a different value for attribute(s) "
              + String.join(", ", attributes.keySet()));
    }
    state.queues.put(key, queue);
    return new QueueId(account, name);
  }

  /**
   * sqs:GetQueueUrl.
   *
   * @param owner the owning account ({@code QueueOwnerAWSAccountId}); empty: the caller's
   * @throws SimException {@code QueueDoesNotExist}, {@code AccessDenied}
   * @see <a
   *     href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_GetQueueUrl.html">GetQueueUrl</a>
   */
  public QueueId getQueueUrl(Caller caller, String name, Optional<String> owner) {
    return pipeline.call(
        "sqs:GetQueueUrl",
        caller,
        p -> {
          var account = owner.map(AccountId::of).orElse(p.account());
          var queue = queue(p, new QueueId(account, name), "sqs:GetQueueUrl");
          return new QueueId(queue.account, queue.name);
        });
  }

  /**
   * sqs:ListQueues: the caller's queues whose name starts with {@code prefix}, by name.
   *
   * @param maxResults 1 to 1000; empty: all, without a next token
   * @param nextToken the name the previous page ended with
   * @return the page, and the next token (a queue name) when more follow
   * @see <a
   *     href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ListQueues.html">ListQueues</a>
   */
  public Page<QueueId> listQueues(
      Caller caller, String prefix, OptionalInt maxResults, Optional<String> nextToken) {
    return pipeline.call(
        "sqs:ListQueues",
        caller,
        p -> {
          if (maxResults.isPresent()
              && (maxResults.getAsInt() < 1 || maxResults.getAsInt() > 1000)) {
            throw invalidParameter(
                "Value for parameter MaxResults is invalid. Reason: Must be 1-1000.");
          }
          var all = new ArrayList<QueueId>();
          for (var queue : state.queues.values()) {
            if (queue.account.equals(p.account())
                && queue.name.startsWith(prefix)
                && (nextToken.isEmpty() || queue.name.compareTo(nextToken.get()) > 0)) {
              all.add(new QueueId(queue.account, queue.name));
            }
          }
          if (maxResults.isEmpty() || all.size() <= maxResults.getAsInt()) {
            return new Page<>(all, Optional.empty());
          }
          var page = List.copyOf(all.subList(0, maxResults.getAsInt()));
          return new Page<>(page, Optional.of(page.get(page.size() - 1).name()));
        });
  }

  /**
   * sqs:GetQueueAttributes.
   *
   * @param names attribute names, {@code All} for every one
   * @throws SimException {@code QueueDoesNotExist}, {@code InvalidAttributeName}
   * @see <a
   *     href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_GetQueueAttributes.html">GetQueueAttributes</a>
   */
  public Map<String, String> getQueueAttributes(
      Caller caller, QueueId queueId, List<String> names) {
    return pipeline.call(
        "sqs:GetQueueAttributes",
        caller,
        p -> {
          var queue = queue(p, queueId, "sqs:GetQueueAttributes");
          for (var name : names) {
            if (!name.equals("All") && !SETTABLE.containsKey(name) && !COMPUTED.contains(name)) {
              throw new SimException(
                  "InvalidAttributeName", 400, "Unknown Attribute " + name + ".");
            }
          }
          var all = names.contains("All");
          var now = pipeline.clock().instant();
          var out = new LinkedHashMap<String, String>();
          queue.attributes.forEach(
              (k, v) -> {
                if (all || names.contains(k)) {
                  out.put(k, v);
                }
              });
          expire(queue, now);
          long visible = 0;
          long inFlight = 0;
          long delayed = 0;
          for (var m : queue.messages.values()) {
            if (!m.visibleAt.isAfter(now)) {
              visible++;
            } else if (m.receipt.isPresent()) {
              inFlight++;
            } else {
              delayed++;
            }
          }
          var computed = new LinkedHashMap<String, String>();
          computed.put("ApproximateNumberOfMessages", Long.toString(visible));
          computed.put("ApproximateNumberOfMessagesNotVisible", Long.toString(inFlight));
          computed.put("ApproximateNumberOfMessagesDelayed", Long.toString(delayed));
          computed.put("CreatedTimestamp", Long.toString(queue.created.getEpochSecond()));
          computed.put("LastModifiedTimestamp", Long.toString(queue.lastModified.getEpochSecond()));
          computed.put("QueueArn", queue.arn());
          computed.forEach(
              (k, v) -> {
                if (all || names.contains(k)) {
                  out.put(k, v);
                }
              });
          return out;
        });
  }

  /**
   * sqs:SetQueueAttributes.
   *
   * @throws SimException {@code QueueDoesNotExist}, {@code InvalidAttributeName}, {@code
   *     InvalidParameterValue} (a value out of range, a policy that is not JSON, a redrive target
   *     that does not exist)
   * @see <a
   *     href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html">SetQueueAttributes</a>
   */
  public void setQueueAttributes(Caller caller, QueueId queueId, Map<String, String> attributes) {
    pipeline.call(
        "sqs:SetQueueAttributes",
        caller,
        p -> {
          var queue = queue(p, queueId, "sqs:SetQueueAttributes");
          setAttributes(queue, attributes);
          queue.lastModified = pipeline.now();
          return null;
        });
    pipeline.signalChange();
  }

  /**
   * sqs:PurgeQueue.
   *
   * @throws SimException {@code QueueDoesNotExist}, {@code PurgeQueueInProgress} (403) within 60 s
   *     of the last purge
   */
  public void purgeQueue(Caller caller, QueueId queueId) {
    pipeline.call(
        "sqs:PurgeQueue",
        caller,
        p -> {
          var queue = queue(p, queueId, "sqs:PurgeQueue");
          var now = pipeline.clock().instant();
          if (queue.lastPurge.isPresent()
              && now.isBefore(queue.lastPurge.get().plus(PURGE_INTERVAL))) {
            throw new SimException(
                "PurgeQueueInProgress",
                403,
                "Only one PurgeQueue operation on " + queue.name + " is allowed every 60 seconds.");
          }
          queue.lastPurge = Optional.of(now);
          queue.messages.clear();
          return null;
        });
  }

  // ---------------------------------------------------------------- messages

  /**
   * sqs:SendMessage.
   *
   * @param delaySeconds 0 to 900; empty: the queue's {@code DelaySeconds}
   * @throws SimException {@code QueueDoesNotExist}, {@code InvalidParameterValue} (empty or too
   *     long body, delay out of range), {@code InvalidMessageContents} (characters SQS refuses)
   * @see <a
   *     href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html">SendMessage</a>
   */
  public Sent sendMessage(Caller caller, QueueId queueId, String body, OptionalInt delaySeconds) {
    var sent =
        pipeline.call(
            "sqs:SendMessage",
            caller,
            p -> {
              var queue = queue(p, queueId, "sqs:SendMessage");
              return enqueue(queue, body, delaySeconds, caller.accessKeyId());
            });
    pipeline.signalChange();
    return sent;
  }

  /**
   * sqs:SendMessageBatch: up to 10 entries, each sent or failed on its own.
   *
   * @throws SimException {@code QueueDoesNotExist}, {@code EmptyBatchRequest}, {@code
   *     TooManyEntriesInBatchRequest}, {@code BatchEntryIdsNotDistinct}, {@code
   *     InvalidBatchEntryId}, {@code BatchRequestTooLong}
   */
  public Batch<Sent> sendMessageBatch(Caller caller, QueueId queueId, List<Entry> entries) {
    var result =
        pipeline.call(
            "sqs:SendMessageBatch",
            caller,
            p -> {
              var queue = queue(p, queueId, "sqs:SendMessageBatch");
              checkBatch(entries);
              long total = 0;
              for (var e : entries) {
                total += e.value().getBytes(StandardCharsets.UTF_8).length;
              }
              if (total > Integer.parseInt(queue.attributes.get("MaximumMessageSize"))) {
                throw new SimException(
                    "BatchRequestTooLong",
                    400,
                    "Batch requests cannot be longer than "
                        + queue.attributes.get("MaximumMessageSize")
                        + " bytes.");
              }
              var ok = new LinkedHashMap<String, Sent>();
              var failed = new ArrayList<Failure>();
              for (var e : entries) {
                try {
                  ok.put(e.id(), enqueue(queue, e.value(), e.delaySeconds(), caller.accessKeyId()));
                } catch (SimException x) {
                  failed.add(new Failure(e.id(), true, x.errorCode(), x.getMessage()));
                }
              }
              return new Batch<>(ok, failed);
            });
    pipeline.signalChange();
    return result;
  }

  /**
   * Puts {@code body} into queue {@code queueId} now, outside the API (not journaled, never
   * faulted), visible after {@code delay}: how EventBridge delivers to the events queue.
   *
   * @throws IllegalArgumentException when the queue does not exist
   */
  public Sent deliver(QueueId queueId, String body, Duration delay, String senderId) {
    var sent =
        pipeline.locked(
            () -> {
              var queue = state.queues.get(queueId.account() + "/" + queueId.name());
              if (queue == null) {
                throw new IllegalArgumentException("no queue " + queueId.arn());
              }
              return enqueue(queue, body, delay, senderId);
            });
    pipeline.signalChange();
    return sent;
  }

  private Sent enqueue(SqsState.Queue queue, String body, OptionalInt delaySeconds, String sender) {
    var delay = delaySeconds.orElse(queue.intAttribute("DelaySeconds"));
    if (delay < 0 || delay > 900) {
      throw invalidParameter(
          "Value "
              + delay
              + " for parameter DelaySeconds is invalid. Reason: Must be >= 0 and <= 900.");
    }
    if (body.isEmpty()) {
      throw invalidParameter("The request must contain the parameter MessageBody.");
    }
    if (body.getBytes(StandardCharsets.UTF_8).length > queue.intAttribute("MaximumMessageSize")) {
      throw invalidParameter(
          "One or more parameters are invalid. Reason: Message must be shorter than "
              + queue.attributes.get("MaximumMessageSize")
              + " bytes.");
    }
    if (!validCharacters(body)) {
      throw new SimException(
          "InvalidMessageContents", 400, "Invalid characters found. Deleted message bodies.");
    }
    return enqueue(queue, body, Duration.ofSeconds(delay), sender);
  }

  private Sent enqueue(SqsState.Queue queue, String body, Duration delay, String sender) {
    var now = pipeline.clock().instant();
    var id = uuid();
    var message = new SqsState.Message(id, body, md5(body), sender, now, now.plus(delay));
    queue.messages.put(id, message);
    return new Sent(id, message.md5OfBody);
  }

  /**
   * sqs:ReceiveMessage: up to {@code max} visible messages, oldest first, each made invisible for
   * the visibility timeout; with a wait, long polling (see the class comment).
   *
   * @param max 1 to 10
   * @param visibilityTimeout 0 to 43200 seconds; empty: the queue's
   * @param waitSeconds 0 to 20; empty: the queue's {@code ReceiveMessageWaitTimeSeconds}
   * @param attributeNames system attributes to return ({@code All} for every one)
   * @return the messages received, none when the wait ended without one or the thread was
   *     interrupted (its interrupt flag then set again)
   * @throws SimException {@code QueueDoesNotExist}, {@code InvalidParameterValue}
   * @see <a
   *     href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ReceiveMessage.html">ReceiveMessage</a>
   */
  public List<Received> receiveMessage(
      Caller caller,
      QueueId queueId,
      int max,
      OptionalInt visibilityTimeout,
      OptionalInt waitSeconds,
      List<String> attributeNames) {
    if (max < 1 || max > 10) {
      throw invalidParameter(
          "Value "
              + max
              + " for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10,"
              + " if provided.");
    }
    if (waitSeconds.isPresent() && (waitSeconds.getAsInt() < 0 || waitSeconds.getAsInt() > 20)) {
      throw invalidParameter(
          "Value "
              + waitSeconds.getAsInt()
              + " for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if"
              + " provided.");
    }
    visibilityTimeout.ifPresent(SqsBackend::checkVisibility);
    for (var name : attributeNames) {
      if (!name.equals("All") && !MESSAGE_ATTRIBUTES.contains(name)) {
        throw new SimException("InvalidAttributeName", 400, "Unknown Attribute " + name + ".");
      }
    }
    return pipeline.call(
        "sqs:ReceiveMessage",
        caller,
        p -> {
          var queue = queue(p, queueId, "sqs:ReceiveMessage");
          var wait =
              Duration.ofSeconds(
                  waitSeconds.orElse(queue.intAttribute("ReceiveMessageWaitTimeSeconds")));
          var realDeadline = System.nanoTime() + wait.toNanos();
          var deadline = pipeline.clock().instant().plus(wait);
          while (true) {
            var now = pipeline.clock().instant();
            var got = take(queue, now, max, visibilityTimeout, attributeNames);
            if (!got.isEmpty()) {
              return got;
            }
            long real = realDeadline - System.nanoTime();
            if (!now.isBefore(deadline) || real <= 0) {
              return got;
            }
            long nanos = Math.min(real, Duration.between(now, deadline).toNanos());
            for (var m : queue.messages.values()) {
              nanos = Math.min(nanos, Math.max(1, Duration.between(now, m.visibleAt).toNanos()));
            }
            state.sqsLongPolls++;
            try {
              pipeline.awaitChange(nanos);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return List.<Received>of();
            } finally {
              state.sqsLongPolls--;
            }
            if (state.queues.get(queueId.account() + "/" + queueId.name()) != queue) {
              throw queueDoesNotExist();
            }
          }
        });
  }

  private List<Received> take(
      SqsState.Queue queue,
      Instant now,
      int max,
      OptionalInt visibilityTimeout,
      List<String> attributeNames) {
    expire(queue, now);
    var redrive = redrive(queue);
    var out = new ArrayList<Received>();
    for (var message : List.copyOf(queue.messages.values())) {
      if (out.size() == max) {
        break;
      }
      if (message.visibleAt.isAfter(now)) {
        continue;
      }
      if (redrive.isPresent() && message.receiveCount >= redrive.get().maxReceiveCount()) {
        var target = state.queues.get(redrive.get().target());
        if (target != null) {
          queue.messages.remove(message.id);
          message.receiveCount = 0;
          message.firstReceive = Optional.empty();
          message.receipt = Optional.empty();
          message.deadLetterSource = Optional.of(queue.arn());
          message.visibleAt = now;
          target.messages.put(message.id, message);
          continue;
        }
      }
      message.receiveCount++;
      if (message.firstReceive.isEmpty()) {
        message.firstReceive = Optional.of(now);
      }
      var receipt = receiptHandle(queue, message);
      message.receipt = Optional.of(receipt);
      message.visibleAt =
          now.plusSeconds(visibilityTimeout.orElse(queue.intAttribute("VisibilityTimeout")));
      out.add(
          new Received(
              message.id,
              receipt,
              message.body,
              message.md5OfBody,
              attributes(message, attributeNames)));
    }
    return out;
  }

  private static Map<String, String> attributes(SqsState.Message m, List<String> names) {
    var all = names.contains("All");
    var out = new LinkedHashMap<String, String>();
    if (all || names.contains("SenderId")) {
      out.put("SenderId", m.senderId);
    }
    if (all || names.contains("SentTimestamp")) {
      out.put("SentTimestamp", Long.toString(m.sent.toEpochMilli()));
    }
    if (all || names.contains("ApproximateReceiveCount")) {
      out.put("ApproximateReceiveCount", Integer.toString(m.receiveCount));
    }
    if (all || names.contains("ApproximateFirstReceiveTimestamp")) {
      m.firstReceive.ifPresent(
          t -> out.put("ApproximateFirstReceiveTimestamp", Long.toString(t.toEpochMilli())));
    }
    if (all || names.contains("DeadLetterQueueSourceArn")) {
      m.deadLetterSource.ifPresent(s -> out.put("DeadLetterQueueSourceArn", s));
    }
    return out;
  }

  /**
   * sqs:DeleteMessage. A receipt handle of the message's latest receive deletes it; an older one of
   * a message received again, or one of a message already deleted, succeeds and changes nothing.
   *
   * @throws SimException {@code QueueDoesNotExist}, {@code ReceiptHandleIsInvalid} (a handle this
   *     queue never issued)
   * @see <a
   *     href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_DeleteMessage.html">DeleteMessage</a>
   */
  public void deleteMessage(Caller caller, QueueId queueId, String receiptHandle) {
    pipeline.call(
        "sqs:DeleteMessage",
        caller,
        p -> {
          delete(queue(p, queueId, "sqs:DeleteMessage"), receiptHandle);
          return null;
        });
  }

  /**
   * sqs:DeleteMessageBatch: entries hold receipt handles; each is deleted or failed on its own.
   *
   * @throws SimException {@code QueueDoesNotExist}, {@code EmptyBatchRequest}, {@code
   *     TooManyEntriesInBatchRequest}, {@code BatchEntryIdsNotDistinct}, {@code
   *     InvalidBatchEntryId}
   */
  public Batch<String> deleteMessageBatch(Caller caller, QueueId queueId, List<Entry> entries) {
    return pipeline.call(
        "sqs:DeleteMessageBatch",
        caller,
        p -> {
          var queue = queue(p, queueId, "sqs:DeleteMessageBatch");
          checkBatch(entries);
          var ok = new LinkedHashMap<String, String>();
          var failed = new ArrayList<Failure>();
          for (var e : entries) {
            try {
              delete(queue, e.value());
              ok.put(e.id(), e.id());
            } catch (SimException x) {
              failed.add(new Failure(e.id(), true, x.errorCode(), x.getMessage()));
            }
          }
          return new Batch<>(ok, failed);
        });
  }

  private void delete(SqsState.Queue queue, String receiptHandle) {
    var messageId = messageOf(queue, receiptHandle);
    var message = queue.messages.get(messageId);
    if (message != null && message.receipt.equals(Optional.of(receiptHandle))) {
      queue.messages.remove(messageId);
    }
  }

  /**
   * sqs:ChangeMessageVisibility: the message becomes visible {@code seconds} after now (0: at
   * once).
   *
   * @throws SimException {@code QueueDoesNotExist}, {@code ReceiptHandleIsInvalid}, {@code
   *     MessageNotInflight} (the message is visible, or the handle is not its latest), {@code
   *     InvalidParameterValue} (not 0 to 43200)
   * @see <a
   *     href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ChangeMessageVisibility.html">ChangeMessageVisibility</a>
   */
  public void changeMessageVisibility(
      Caller caller, QueueId queueId, String receiptHandle, int seconds) {
    checkVisibility(seconds);
    pipeline.call(
        "sqs:ChangeMessageVisibility",
        caller,
        p -> {
          var queue = queue(p, queueId, "sqs:ChangeMessageVisibility");
          var message = queue.messages.get(messageOf(queue, receiptHandle));
          var now = pipeline.clock().instant();
          if (message == null) {
            throw new SimException(
                "ReceiptHandleIsInvalid",
                404,
                "The input receipt handle \""
                    + receiptHandle
                    + "\" is not a valid receipt handle.");
          }
          if (!message.receipt.equals(Optional.of(receiptHandle))
              || !message.visibleAt.isAfter(now)) {
            throw new SimException("MessageNotInflight", 400, "The message is not in flight.");
          }
          message.visibleAt = now.plusSeconds(seconds);
          return null;
        });
    pipeline.signalChange();
  }

  /**
   * How many ReceiveMessage calls wait in a long poll now, read directly (not an API call): lets a
   * test send only once a poll is waiting.
   */
  public int longPollsWaiting() {
    return pipeline.locked(() -> state.sqsLongPolls);
  }

  // ---------------------------------------------------------------- helpers

  private SqsState.Queue queue(Principal p, QueueId id, String operation) {
    var queue = state.queues.get(id.account() + "/" + id.name());
    if (queue == null) {
      throw queueDoesNotExist();
    }
    var session = p.session();
    if (operation.equals("sqs:GetQueueAttributes")
        && session.isPresent()
        && session.get().policy() == io.rootctl.model.TaskPolicy.SQS_UNLOCK_QUEUE_POLICY
        && !queue.account.equals(p.account())) {
      // SQSUnlockQueuePolicy: Deny sqs:GetQueueAttributes on arn:aws:sqs:*:*:* when
      // StringNotEqualsIfExists aws:ResourceAccount ${aws:PrincipalAccount}
      throw new SimException(
          "AccessDenied",
          403,
          "User: "
              + p.arn()
              + " is not authorized to perform: "
              + operation
              + " on resource: "
              + queue.arn()
              + " with an explicit deny in a session policy");
    }
    var ownersRoot = session.isPresent() && queue.account.equals(p.account());
    if (!(ownersRoot && ROOT_NEVER_LOCKED_OUT.contains(operation))
        && deniesEveryone(queue, operation)) {
      throw new SimException(
          "AccessDenied",
          403,
          "User: "
              + p.arn()
              + " is not authorized to perform: "
              + operation
              + " on resource: "
              + queue.arn()
              + " with an explicit deny in a resource-based policy");
    }
    if (!queue.account.equals(p.account()) && !policyAllows(queue, p.account(), operation)) {
      throw new SimException(
          "AccessDenied",
          403,
          "User: "
              + p.arn()
              + " is not authorized to perform: "
              + operation
              + " on resource: "
              + queue.arn());
    }
    return queue;
  }

  /**
   * What the root user of a queue's own account may still do when the queue's policy denies
   * everyone: find the queue, read its policy and change or remove it, the privileged task that
   * unlocks "an SQS queue with a misconfigured resource-based policy that denies all principals"
   * (<a
   * href="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user-privileged-task.html">Perform
   * a privileged task on a member account</a>; <a
   * href="https://docs.aws.amazon.com/aws-managed-policy/latest/reference/SQSUnlockQueuePolicy.html">SQSUnlockQueuePolicy</a>).
   */
  private static final Set<String> ROOT_NEVER_LOCKED_OUT =
      Set.of("sqs:GetQueueUrl", "sqs:GetQueueAttributes", "sqs:SetQueueAttributes");

  /**
   * The queue's Policy has an unconditional Deny of {@code operation} for everyone ({@code
   * "Principal": "*"} or {@code {"AWS": "*"}}), the shape of a policy that locks everyone out.
   */
  private static boolean deniesEveryone(SqsState.Queue queue, String operation) {
    var text = queue.attributes.get("Policy");
    if (text == null || text.isEmpty()) {
      return false;
    }
    try {
      var statements = JSON.readTree(text).path("Statement");
      for (var s : statements.isArray() ? statements : JSON.createArrayNode().add(statements)) {
        var principal = s.path("Principal");
        var everyone =
            principal.isTextual()
                ? principal.asText().equals("*")
                : principal.path("AWS").asText().equals("*");
        if (s.path("Effect").asText().equals("Deny")
            && !s.has("Condition")
            && everyone
            && matchesIgnoringCase(s.path("Action"), operation)) {
          return true;
        }
      }
    } catch (JsonProcessingException e) {
      return false;
    }
    return false;
  }

  private static boolean matchesIgnoringCase(JsonNode actions, String operation) {
    for (var a : actions.isArray() ? actions : JSON.createArrayNode().add(actions)) {
      var text = a.asText();
      if (text.equals("*") || text.equalsIgnoreCase("sqs:*") || text.equalsIgnoreCase(operation)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A queue policy that denies everyone every SQS action on the queue: the mistake that locks a
   * queue's own administrators out.
   */
  public static String denyAllPolicy(QueueId queue) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"DenyEveryone\","
        + "\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"sqs:*\",\"Resource\":\""
        + queue.arn()
        + "\"}]}";
  }

  /**
   * Sets {@link #denyAllPolicy} as {@code queue}'s Policy now, outside the API: the locked-out
   * fixture.
   *
   * @throws IllegalArgumentException when there is no such queue
   */
  public void lockOut(QueueId queue) {
    pipeline.locked(
        () -> {
          var q = state.queues.get(queue.account() + "/" + queue.name());
          if (q == null) {
            throw new IllegalArgumentException(
                "no queue " + queue.name() + " in " + queue.account());
          }
          return q.attributes.put("Policy", denyAllPolicy(queue));
        });
  }

  /** {@code queue}'s Policy now, outside the API (tests); empty if none. */
  public Optional<String> policy(QueueId queue) {
    return pipeline.locked(
        () ->
            Optional.ofNullable(state.queues.get(queue.account() + "/" + queue.name()))
                .map(q -> q.attributes.get("Policy")));
  }

  /** The queue's Policy has an unconditional Allow of {@code operation} for {@code account}. */
  private static boolean policyAllows(SqsState.Queue queue, AccountId account, String operation) {
    var text = queue.attributes.get("Policy");
    if (text == null) {
      return false;
    }
    try {
      var statements = JSON.readTree(text).path("Statement");
      for (var s : statements.isArray() ? statements : JSON.createArrayNode().add(statements)) {
        if (s.path("Effect").asText().equals("Allow")
            && !s.has("Condition")
            && matches(s.path("Action"), operation, true)
            && principal(s.path("Principal"), account)) {
          return true;
        }
      }
    } catch (JsonProcessingException e) {
      return false;
    }
    return false;
  }

  private static boolean matches(JsonNode actions, String operation, boolean wildcard) {
    for (var a : actions.isArray() ? actions : JSON.createArrayNode().add(actions)) {
      var text = a.asText();
      if (text.equals(operation) || (wildcard && (text.equals("*") || text.equals("sqs:*")))) {
        return true;
      }
    }
    return false;
  }

  private static boolean principal(JsonNode principal, AccountId account) {
    if (principal.isTextual()) {
      return principal.asText().equals("*");
    }
    var aws = principal.path("AWS");
    for (var a : aws.isArray() ? aws : JSON.createArrayNode().add(aws)) {
      var text = a.asText();
      if (text.equals("*")
          || text.equals(account.value())
          || text.equals("arn:aws:iam::" + account + ":root")) {
        return true;
      }
    }
    return false;
  }

  private record Redrive(String target, int maxReceiveCount) {}

  private Optional<Redrive> redrive(SqsState.Queue queue) {
    var text = queue.attributes.get("RedrivePolicy");
    if (text == null || text.isEmpty()) {
      return Optional.empty();
    }
    try {
      var node = JSON.readTree(text);
      var arn = node.path("deadLetterTargetArn").asText().split(":");
      return Optional.of(
          new Redrive(
              arn[4] + "/" + arn[5], Integer.parseInt(node.path("maxReceiveCount").asText())));
    } catch (JsonProcessingException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private void expire(SqsState.Queue queue, Instant now) {
    var oldest = now.minusSeconds(queue.intAttribute("MessageRetentionPeriod"));
    queue.messages.values().removeIf(m -> m.sent.isBefore(oldest));
  }

  private void setAttributes(SqsState.Queue queue, Map<String, String> attributes) {
    for (var entry : attributes.entrySet()) {
      var name = entry.getKey();
      var value = entry.getValue();
      if (name.equals("FifoQueue") || name.equals("ContentBasedDeduplication")) {
        throw invalidParameter("The emulator serves standard queues only: " + name + ".");
      }
      if (!SETTABLE.containsKey(name)) {
        throw new SimException("InvalidAttributeName", 400, "Unknown Attribute " + name + ".");
      }
      switch (name) {
        case "VisibilityTimeout" -> range(name, value, 0, 43_200);
        case "DelaySeconds" -> range(name, value, 0, 900);
        case "ReceiveMessageWaitTimeSeconds" -> range(name, value, 0, 20);
        case "MessageRetentionPeriod" -> range(name, value, 60, 1_209_600);
        case "MaximumMessageSize" -> range(name, value, 1024, 1_048_576);
        case "KmsDataKeyReusePeriodSeconds" -> range(name, value, 60, 86_400);
        // an empty Policy removes the policy (what the AWS SDK for Ruby's Queue#policy delete
        // sends)
        case "Policy", "RedriveAllowPolicy" -> {
          if (!value.isEmpty()) {
            json(name, value);
          }
        }
        case "RedrivePolicy" -> checkRedrive(value);
        default -> {}
      }
      if (value.isEmpty() && !SETTABLE_DEFAULT_PRESENT.contains(name)) {
        queue.attributes.remove(name);
      } else {
        queue.attributes.put(name, value);
      }
    }
  }

  private static final Set<String> SETTABLE_DEFAULT_PRESENT =
      Set.of(
          "VisibilityTimeout",
          "DelaySeconds",
          "ReceiveMessageWaitTimeSeconds",
          "MessageRetentionPeriod",
          "MaximumMessageSize");

  private void checkRedrive(String value) {
    if (value.isEmpty()) {
      return;
    }
    var node = json("RedrivePolicy", value);
    var arn = node.path("deadLetterTargetArn").asText("");
    var parts = arn.split(":");
    if (parts.length != 6 || !parts[0].equals("arn") || !parts[2].equals("sqs")) {
      throw invalidParameter(
          "Value "
              + value
              + " for parameter RedrivePolicy is invalid. Reason: Invalid value for"
              + " deadLetterTargetArn.");
    }
    if (!state.queues.containsKey(parts[4] + "/" + parts[5])) {
      throw invalidParameter(
          "Value "
              + value
              + " for parameter RedrivePolicy is invalid. Reason: Dead letter target"
              + " does not exist.");
    }
    int count;
    try {
      count = Integer.parseInt(node.path("maxReceiveCount").asText(""));
    } catch (NumberFormatException e) {
      count = 0;
    }
    if (count < 1 || count > 1000) {
      throw invalidParameter(
          "Value "
              + value
              + " for parameter RedrivePolicy is invalid. Reason: Invalid value for"
              + " maxReceiveCount: must be 1 to 1000.");
    }
  }

  private static JsonNode json(String name, String value) {
    try {
      var node = JSON.readTree(value);
      if (node == null || !node.isObject()) {
        throw new JsonProcessingException("not an object") {};
      }
      return node;
    } catch (JsonProcessingException e) {
      throw invalidParameter("Invalid value for the parameter " + name + ".");
    }
  }

  private static void range(String name, String value, int min, int max) {
    int v;
    try {
      v = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      v = Integer.MIN_VALUE;
    }
    if (v < min || v > max) {
      throw invalidParameter(
          "Invalid value for the parameter "
              + name
              + ". Reason: must be "
              + min
              + " to "
              + max
              + ".");
    }
  }

  private static void checkVisibility(int seconds) {
    if (seconds < 0 || seconds > 43_200) {
      throw invalidParameter(
          "Value "
              + seconds
              + " for parameter VisibilityTimeout is invalid. Reason: Must be >= 0"
              + " and <= 43200, if provided.");
    }
  }

  private static void checkBatch(List<Entry> entries) {
    if (entries.isEmpty()) {
      throw new SimException(
          "EmptyBatchRequest", 400, "There should be at least one SendMessageBatchRequestEntry.");
    }
    if (entries.size() > 10) {
      throw new SimException(
          "TooManyEntriesInBatchRequest",
          400,
          "Maximum number of entries per request are 10. You have sent " + entries.size() + ".");
    }
    var ids = new java.util.HashSet<String>();
    for (var e : entries) {
      if (!e.id().matches("[A-Za-z0-9_-]{1,80}")) {
        throw new SimException(
            "InvalidBatchEntryId",
            400,
            "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It"
                + " can be at most 80 letters long.");
      }
      if (!ids.add(e.id())) {
        throw new SimException("BatchEntryIdsNotDistinct", 400, "Id " + e.id() + " repeated.");
      }
    }
  }

  /** The characters SQS accepts: #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | above. */
  private static boolean validCharacters(String body) {
    return body.codePoints()
        .allMatch(
            c ->
                c == 0x9
                    || c == 0xA
                    || c == 0xD
                    || (c >= 0x20 && c <= 0xD7FF)
                    || (c >= 0xE000 && c <= 0xFFFD)
                    || (c >= 0x10000 && c <= 0x10FFFF));
  }

  private String receiptHandle(SqsState.Queue queue, SqsState.Message message) {
    var raw = queue.account + "/" + queue.name + "/" + message.id + "/" + state.randomId(16);
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /** The message id a receipt handle of {@code queue} names. */
  private static String messageOf(SqsState.Queue queue, String receiptHandle) {
    String raw;
    try {
      raw = new String(Base64.getUrlDecoder().decode(receiptHandle), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      raw = "";
    }
    var parts = raw.split("/");
    if (parts.length != 4
        || !parts[0].equals(queue.account.value())
        || !parts[1].equals(queue.name)) {
      throw new SimException(
          "ReceiptHandleIsInvalid",
          404,
          "The input receipt handle \"" + receiptHandle + "\" is not a valid receipt handle.");
    }
    return parts[2];
  }

  private String uuid() {
    return state.uuid();
  }

  static String md5(String body) {
    try {
      var md5 = MessageDigest.getInstance("MD5").digest(body.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(md5);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no MD5", e);
    }
  }

  static SimException queueDoesNotExist() {
    return new SimException("QueueDoesNotExist", 400, "The specified queue does not exist.");
  }

  static SimException invalidParameter(String message) {
    return new SimException("InvalidParameterValue", 400, message);
  }

  private static Map<String, String> settable() {
    var m = new LinkedHashMap<String, String>();
    m.put("DelaySeconds", "0");
    m.put("MaximumMessageSize", "262144");
    m.put("MessageRetentionPeriod", "345600");
    m.put("ReceiveMessageWaitTimeSeconds", "0");
    m.put("VisibilityTimeout", "30");
    m.put("Policy", null);
    m.put("RedrivePolicy", null);
    m.put("RedriveAllowPolicy", null);
    m.put("KmsMasterKeyId", null);
    m.put("KmsDataKeyReusePeriodSeconds", null);
    m.put("SqsManagedSseEnabled", null);
    return java.util.Collections.unmodifiableMap(m);
  }
}
