package io.rootctl.sim.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rootctl.model.AccountId;
import io.rootctl.sim.SimException;
import io.rootctl.sim.SimulatedOrganization;
import io.rootctl.sim.SqsBackend;
import io.rootctl.sim.SqsBackend.QueueId;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/**
 * Amazon SQS (2012-11-05) on the wire: the {@link SqsBackend}'s operations over the AWS JSON 1.0
 * protocol, signed for {@code sqs}: {@code POST /} with {@code X-Amz-Target: AmazonSQS.<Op>} and
 * {@code Content-Type: application/x-amz-json-1.0}, a JSON body in and out. SQS is "AWS query
 * compatible": an error answers {@code {"__type": "com.amazonaws.sqs#<Shape>", "message": ...}}
 * with the error shape's name (the AWS SDK for Java v2 picks the exception class from it: {@code
 * QueueDoesNotExistException}) and the header {@code x-amzn-query-error: <QueryCode>;Sender} (or
 * {@code ;Receiver}) with the code the query protocol used ({@code
 * AWS.SimpleQueueService.NonExistentQueue}), which the SDK v2 reports as {@code
 * awsErrorDetails().errorCode()} and botocore as {@code Error.Code}.
 *
 * <p>Queue URLs are {@code http://HOST/ACCOUNT/NAME}, HOST being the {@code Host} the request was
 * sent to, so the URL points at the emulator whatever port it runs on; a request's {@code QueueUrl}
 * is read by its path alone.
 *
 * @see <a
 *     href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/Welcome.html">
 *     Amazon SQS API Reference</a>
 * @see <a
 *     href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-json-faqs.html">Amazon
 *     SQS AWS JSON protocol FAQs</a>
 * @see <a
 *     href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/CommonErrors.html">SQS
 *     common errors</a>
 */
final class SqsResponses implements ServiceHandler {
  static final String TARGET_PREFIX = "AmazonSQS.";
  static final String CONTENT_TYPE = "application/x-amz-json-1.0";

  /**
   * The query-protocol code of each error shape, where it differs from the shape name: what the SQS
   * API Reference lists under each action's Errors and the SDKs' query-compatible mappings.
   */
  static final Map<String, String> QUERY_CODES =
      Map.ofEntries(
          Map.entry("QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue"),
          Map.entry("QueueNameExists", "QueueAlreadyExists"),
          Map.entry("MessageNotInflight", "AWS.SimpleQueueService.MessageNotInflight"),
          Map.entry("PurgeQueueInProgress", "AWS.SimpleQueueService.PurgeQueueInProgress"),
          Map.entry("QueueDeletedRecently", "AWS.SimpleQueueService.QueueDeletedRecently"),
          Map.entry("EmptyBatchRequest", "AWS.SimpleQueueService.EmptyBatchRequest"),
          Map.entry(
              "TooManyEntriesInBatchRequest",
              "AWS.SimpleQueueService.TooManyEntriesInBatchRequest"),
          Map.entry("BatchEntryIdsNotDistinct", "AWS.SimpleQueueService.BatchEntryIdsNotDistinct"),
          Map.entry("InvalidBatchEntryId", "AWS.SimpleQueueService.InvalidBatchEntryId"),
          Map.entry("BatchRequestTooLong", "AWS.SimpleQueueService.BatchRequestTooLong"),
          Map.entry("UnsupportedOperation", "AWS.SimpleQueueService.UnsupportedOperation"));

  @FunctionalInterface
  private interface Operation {
    ObjectNode answer(Request request, JsonNode input);
  }

  private final SqsBackend sqs;
  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, Operation> operations;

  /**
   * {@code createQueueIn} ({@code account}, {@code queue}: a queue in a member account, its name
   * the result) and {@code lockQueue} ({@code account}, {@code queue}: a queue policy that denies
   * everyone).
   */
  @Override
  public Map<String, Mutation> mutations() {
    return Map.of(
        "createQueueIn",
        in ->
            sqs.ensureQueue(ControlPlane.account(in), ControlPlane.text(in, "queue"), Map.of())
                .name(),
        "lockQueue",
        in -> {
          sqs.lockOut(new QueueId(ControlPlane.account(in), ControlPlane.text(in, "queue")));
          return "locked";
        });
  }

  SqsResponses(SimulatedOrganization org) {
    this.sqs = new SqsBackend(org);
    this.operations =
        Map.ofEntries(
            Map.entry("CreateQueue", this::createQueue),
            Map.entry("GetQueueUrl", this::getQueueUrl),
            Map.entry("ListQueues", this::listQueues),
            Map.entry("GetQueueAttributes", this::getQueueAttributes),
            Map.entry("SetQueueAttributes", this::setQueueAttributes),
            Map.entry("PurgeQueue", this::purgeQueue),
            Map.entry("SendMessage", this::sendMessage),
            Map.entry("SendMessageBatch", this::sendMessageBatch),
            Map.entry("ReceiveMessage", this::receiveMessage),
            Map.entry("DeleteMessage", this::deleteMessage),
            Map.entry("DeleteMessageBatch", this::deleteMessageBatch),
            Map.entry("ChangeMessageVisibility", this::changeMessageVisibility));
  }

  @Override
  public String signingName() {
    return "sqs";
  }

  @Override
  public Set<String> operations() {
    return operations.keySet();
  }

  @Override
  public Response handle(Request request) {
    var target = request.target().orElse("");
    var op = target.startsWith(TARGET_PREFIX) ? target.substring(TARGET_PREFIX.length()) : "";
    var handler = operations.get(op);
    try {
      if (handler == null) {
        throw new SimException(
            "UnsupportedOperation", 400, "The action " + op + " is not valid for this endpoint.");
      }
      JsonNode input;
      try {
        input = request.body().isBlank() ? json.createObjectNode() : json.readTree(request.body());
      } catch (JsonProcessingException e) {
        throw new SimException("SerializationException", 400, "Malformed JSON request body.");
      }
      if (!input.isObject()) {
        throw new SimException("SerializationException", 400, "The request body is not an object.");
      }
      return new Response(200, CONTENT_TYPE, handler.answer(request, input).toString());
    } catch (SimException e) {
      return error(e);
    }
  }

  /** {@code e} as SQS's JSON error with the query-compatible header. */
  static Response error(SimException e) {
    var body =
        new ObjectMapper()
            .createObjectNode()
            .put("__type", "com.amazonaws.sqs#" + e.errorCode())
            .put("message", e.getMessage());
    var query =
        QUERY_CODES.getOrDefault(e.errorCode(), e.errorCode())
            + (e.serverFault() ? ";Receiver" : ";Sender");
    return new Response(
        e.httpStatus(), CONTENT_TYPE, body.toString(), Map.of("x-amzn-query-error", query));
  }

  // ---------------------------------------------------------------- operations

  private ObjectNode createQueue(Request r, JsonNode in) {
    var id = sqs.createQueue(r.caller(), required(in, "QueueName"), stringMap(in, "Attributes"));
    return json.createObjectNode().put("QueueUrl", id.url(endpoint(r)));
  }

  private ObjectNode getQueueUrl(Request r, JsonNode in) {
    var id =
        sqs.getQueueUrl(
            r.caller(), required(in, "QueueName"), optional(in, "QueueOwnerAWSAccountId"));
    return json.createObjectNode().put("QueueUrl", id.url(endpoint(r)));
  }

  private ObjectNode listQueues(Request r, JsonNode in) {
    var page =
        sqs.listQueues(
            r.caller(),
            optional(in, "QueueNamePrefix").orElse(""),
            integer(in, "MaxResults"),
            optional(in, "NextToken"));
    var out = json.createObjectNode();
    if (!page.items().isEmpty()) {
      var urls = out.putArray("QueueUrls");
      page.items().forEach(q -> urls.add(q.url(endpoint(r))));
    }
    page.next().ifPresent(n -> out.put("NextToken", n));
    return out;
  }

  private ObjectNode getQueueAttributes(Request r, JsonNode in) {
    var attributes =
        sqs.getQueueAttributes(r.caller(), queue(in), stringList(in, "AttributeNames"));
    var out = json.createObjectNode();
    if (!attributes.isEmpty()) {
      var node = out.putObject("Attributes");
      attributes.forEach(node::put);
    }
    return out;
  }

  private ObjectNode setQueueAttributes(Request r, JsonNode in) {
    if (!in.has("Attributes")) {
      throw missing("Attributes");
    }
    sqs.setQueueAttributes(r.caller(), queue(in), stringMap(in, "Attributes"));
    return json.createObjectNode();
  }

  private ObjectNode purgeQueue(Request r, JsonNode in) {
    sqs.purgeQueue(r.caller(), queue(in));
    return json.createObjectNode();
  }

  private ObjectNode sendMessage(Request r, JsonNode in) {
    refuseMessageAttributes(in);
    var sent =
        sqs.sendMessage(
            r.caller(), queue(in), required(in, "MessageBody"), integer(in, "DelaySeconds"));
    return json.createObjectNode()
        .put("MD5OfMessageBody", sent.md5OfBody())
        .put("MessageId", sent.messageId());
  }

  private ObjectNode sendMessageBatch(Request r, JsonNode in) {
    var entries = new ArrayList<SqsBackend.Entry>();
    for (var e : in.path("Entries")) {
      refuseMessageAttributes(e);
      entries.add(
          new SqsBackend.Entry(
              required(e, "Id"), required(e, "MessageBody"), integer(e, "DelaySeconds")));
    }
    var batch = sqs.sendMessageBatch(r.caller(), queue(in), entries);
    var out = json.createObjectNode();
    var ok = out.putArray("Successful");
    batch
        .successful()
        .forEach(
            (id, sent) ->
                ok.addObject()
                    .put("Id", id)
                    .put("MessageId", sent.messageId())
                    .put("MD5OfMessageBody", sent.md5OfBody()));
    failures(out, batch.failed());
    return out;
  }

  private ObjectNode receiveMessage(Request r, JsonNode in) {
    var names = new ArrayList<>(stringList(in, "MessageSystemAttributeNames"));
    names.addAll(stringList(in, "AttributeNames"));
    var received =
        sqs.receiveMessage(
            r.caller(),
            queue(in),
            integer(in, "MaxNumberOfMessages").orElse(1),
            integer(in, "VisibilityTimeout"),
            integer(in, "WaitTimeSeconds"),
            names);
    var out = json.createObjectNode();
    if (!received.isEmpty()) {
      var messages = out.putArray("Messages");
      for (var m : received) {
        var node =
            messages
                .addObject()
                .put("MessageId", m.messageId())
                .put("ReceiptHandle", m.receiptHandle())
                .put("MD5OfBody", m.md5OfBody())
                .put("Body", m.body());
        if (!m.attributes().isEmpty()) {
          var attributes = node.putObject("Attributes");
          m.attributes().forEach(attributes::put);
        }
      }
    }
    return out;
  }

  private ObjectNode deleteMessage(Request r, JsonNode in) {
    sqs.deleteMessage(r.caller(), queue(in), required(in, "ReceiptHandle"));
    return json.createObjectNode();
  }

  private ObjectNode deleteMessageBatch(Request r, JsonNode in) {
    var entries = new ArrayList<SqsBackend.Entry>();
    for (var e : in.path("Entries")) {
      entries.add(
          new SqsBackend.Entry(
              required(e, "Id"), required(e, "ReceiptHandle"), OptionalInt.empty()));
    }
    var batch = sqs.deleteMessageBatch(r.caller(), queue(in), entries);
    var out = json.createObjectNode();
    var ok = out.putArray("Successful");
    batch.successful().keySet().forEach(id -> ok.addObject().put("Id", id));
    failures(out, batch.failed());
    return out;
  }

  private ObjectNode changeMessageVisibility(Request r, JsonNode in) {
    var seconds = integer(in, "VisibilityTimeout");
    if (seconds.isEmpty()) {
      throw missing("VisibilityTimeout");
    }
    sqs.changeMessageVisibility(
        r.caller(), queue(in), required(in, "ReceiptHandle"), seconds.getAsInt());
    return json.createObjectNode();
  }

  // ---------------------------------------------------------------- input

  private static void failures(ObjectNode out, List<SqsBackend.Failure> failed) {
    var node = out.putArray("Failed");
    for (var f : failed) {
      node.addObject()
          .put("Id", f.id())
          .put("SenderFault", f.senderFault())
          .put("Code", QUERY_CODES.getOrDefault(f.code(), f.code()))
          .put("Message", f.message());
    }
  }

  private static void refuseMessageAttributes(JsonNode in) {
    if ((in.has("MessageAttributes") && !in.get("MessageAttributes").isEmpty())
        || (in.has("MessageSystemAttributes") && !in.get("MessageSystemAttributes").isEmpty())) {
      throw new SimException(
          "InvalidParameterValue", 400, "The emulator does not store message attributes.");
    }
  }

  /** The queue a request's {@code QueueUrl} names, by its path {@code /ACCOUNT/NAME}. */
  static QueueId queue(JsonNode in) {
    var url = required(in, "QueueUrl");
    String path;
    try {
      path = Optional.ofNullable(URI.create(url).getPath()).orElse("");
    } catch (IllegalArgumentException e) {
      path = "";
    }
    var parts = path.startsWith("/") ? path.substring(1).split("/") : new String[0];
    if (parts.length != 2 || !parts[0].matches("[0-9]{12}") || parts[1].isEmpty()) {
      throw new SimException(
          "InvalidAddress", 404, "The address " + url + " is not valid for this endpoint.");
    }
    return new QueueId(AccountId.of(parts[0]), parts[1]);
  }

  /** Where the request was sent: {@code http://HOST}. */
  private static String endpoint(Request r) {
    return "http://" + r.header("Host").orElse("127.0.0.1");
  }

  private static String required(JsonNode in, String field) {
    var node = in.get(field);
    if (node == null || node.isNull()) {
      throw missing(field);
    }
    if (!node.isTextual()) {
      throw new SimException(
          "SerializationException", 400, "Field " + field + " must be a string.");
    }
    return node.asText();
  }

  private static Optional<String> optional(JsonNode in, String field) {
    var node = in.get(field);
    return node == null || node.isNull() ? Optional.empty() : Optional.of(node.asText());
  }

  private static OptionalInt integer(JsonNode in, String field) {
    var node = in.get(field);
    if (node == null || node.isNull()) {
      return OptionalInt.empty();
    }
    if (!node.canConvertToInt()) {
      throw new SimException(
          "SerializationException", 400, "Field " + field + " must be an integer.");
    }
    return OptionalInt.of(node.asInt());
  }

  private static List<String> stringList(JsonNode in, String field) {
    var out = new ArrayList<String>();
    in.path(field).forEach(n -> out.add(n.asText()));
    return out;
  }

  private static Map<String, String> stringMap(JsonNode in, String field) {
    var out = new LinkedHashMap<String, String>();
    in.path(field).fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return new TreeMap<>(out);
  }

  private static SimException missing(String field) {
    return new SimException(
        "MissingParameter", 400, "The request must contain the parameter " + field + ".");
  }
}
