package io.rootctl.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.rootctl.model.AccountId;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Turns one queue message body into a {@link RootActivity}, or rejects it with a reason. Every body
 * is treated as hostile: too large, not JSON, nested too deep, fields of the wrong type, missing
 * fields, another source or event type, an event by someone other than the root user, or an account
 * id that is not twelve digits: each is a {@link Result.Rejected}, never an exception.
 *
 * <p>It reads the events EventBridge delivers to an SQS target (the event itself is the message
 * body; see <a
 * href="https://docs.aws.amazon.com/eventbridge/latest/ref/overiew-event-structure.html">EventBridge
 * event structure</a>):
 *
 * <ul>
 *   <li>{@code detail-type} "AWS API Call via CloudTrail", {@code source} {@code aws.iam}: a <a
 *       href="https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html">CloudTrail
 *       record</a> in {@code detail} with {@code eventSource} {@code iam.amazonaws.com} and {@code
 *       userIdentity.type} {@code Root};
 *   <li>{@code detail-type} "AWS Console Sign In via CloudTrail", {@code source} {@code
 *       aws.signin}: {@code eventSource} {@code signin.amazonaws.com}, {@code eventName} {@code
 *       ConsoleLogin} or a root password event (<a
 *       href="https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html">sign-in
 *       events</a>);
 *   <li>{@code detail-type} "GuardDuty Finding", {@code source} {@code aws.guardduty}: a finding
 *       whose {@code resource.accessKeyDetails.userType} is {@code Root}, e.g. <a
 *       href="https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_finding-types-iam.html#policy-iam-rootcredentialusage">Policy:IAMUser/RootCredentialUsage</a>.
 * </ul>
 *
 * <p>Expected (rootctl's own) activity: a call in an {@code sts:AssumeRoot} session is logged with
 * {@code userIdentity.type} {@code Root}, the session's temporary {@code accessKeyId} and {@code
 * userIdentity.sessionContext.assumedRoot} {@code "true"} (<a
 * href="https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-track-privileged-tasks.html">Track
 * privileged tasks in CloudTrail</a>). An event is expected only when that marker is set and the
 * key id is one rootctl opened in that account ({@link OwnSessions}); an AssumeRoot session that is
 * not rootctl's is unexpected. A GuardDuty finding carries no marker: it is expected when its
 * access key id is one of rootctl's sessions in that account. A console sign-in is never expected.
 *
 * <p>Pure and thread-safe.
 */
public final class RootActivityParser {

  /**
   * The largest body accepted, in characters: 256 KiB, the most an SQS message (and an EventBridge
   * event) can hold (<a
   * href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html">SQS
   * message quotas</a>).
   */
  public static final int MAX_BODY_CHARS = 262_144;

  /** The longest text kept from an event (longer ones are cut, with an ellipsis). */
  public static final int MAX_TEXT = 256;

  /** The detail-types read; any other is foreign. */
  public static final String API_CALL = "AWS API Call via CloudTrail";

  public static final String SIGN_IN = "AWS Console Sign In via CloudTrail";
  public static final String GUARDDUTY = "GuardDuty Finding";

  private static final JsonMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .build();

  static {
    JSON.getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(64)
                .maxStringLength(MAX_BODY_CHARS)
                .maxNumberLength(64)
                .build());
  }

  /** Which temporary access key ids are rootctl's own AssumeRoot sessions. */
  @FunctionalInterface
  public interface OwnSessions {
    /** Whether rootctl opened a root session with {@code accessKeyId} in {@code account}. */
    boolean opened(String accessKeyId, AccountId account);

    /** Knows no session: every event is unexpected. */
    OwnSessions NONE = (key, account) -> false;
  }

  /** The outcome of one body. */
  public sealed interface Result {
    /** A root activity. */
    record Activity(RootActivity activity) implements Result {}

    /**
     * Not a root activity rootctl reads: malformed, foreign or not about a root user.
     *
     * @param reason one line, no part of the body beyond a short clean excerpt
     */
    record Rejected(String reason) implements Result {}
  }

  private final OwnSessions own;

  public RootActivityParser(OwnSessions own) {
    this.own = own;
  }

  /** Parses one message body. Never throws. */
  public Result parse(String body) {
    if (body.length() > MAX_BODY_CHARS) {
      return reject("the message is larger than " + MAX_BODY_CHARS + " characters");
    }
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      return reject("not JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      return reject("not a JSON object");
    }
    try {
      var detailType = text(root, "detail-type");
      var source = text(root, "source");
      var detail = root.get("detail");
      if (detail == null || !detail.isObject()) {
        throw new Bad("no detail object");
      }
      return switch (detailType) {
        case API_CALL -> cloudTrail(root, detail, source, "aws.iam", "iam.amazonaws.com");
        case SIGN_IN -> cloudTrail(root, detail, source, "aws.signin", "signin.amazonaws.com");
        case GUARDDUTY -> guardDuty(root, detail, source);
        default -> throw new Bad("foreign detail-type '" + clean(detailType) + "'");
      };
    } catch (Bad bad) {
      return reject(bad.reason);
    }
  }

  private Result cloudTrail(
      JsonNode root, JsonNode detail, String source, String wantSource, String wantEventSource) {
    if (!source.equals(wantSource)) {
      throw new Bad("foreign source '" + clean(source) + "' for this detail-type");
    }
    var eventSource = text(detail, "eventSource");
    if (!eventSource.equals(wantEventSource)) {
      throw new Bad("foreign eventSource '" + clean(eventSource) + "'");
    }
    var identity = object(detail, "userIdentity");
    var type = text(identity, "type");
    if (!type.equals("Root")) {
      throw new Bad("not the root user's event (userIdentity.type '" + clean(type) + "')");
    }
    var eventName = text(detail, "eventName");
    ActivityKind kind;
    if (wantSource.equals("aws.signin")) {
      if (eventName.equals("ConsoleLogin")) {
        kind = ActivityKind.CONSOLE_SIGN_IN;
      } else if (CredentialChangeEvents.isCredentialChange(eventName)) {
        kind = ActivityKind.CREDENTIAL_CHANGE;
      } else {
        throw new Bad("a sign-in event rootctl does not read: '" + clean(eventName) + "'");
      }
    } else {
      kind =
          CredentialChangeEvents.isCredentialChange(eventName)
              ? ActivityKind.CREDENTIAL_CHANGE
              : ActivityKind.ROOT_API_CALL;
    }
    var account =
        account(
            root,
            optionalText(detail, "recipientAccountId")
                .or(() -> optionalText(identity, "accountId")));
    var keyId = optionalText(identity, "accessKeyId").filter(k -> !k.isEmpty());
    var assumedRoot = assumedRoot(identity);
    var expected =
        kind != ActivityKind.CONSOLE_SIGN_IN
            && assumedRoot
            && keyId.isPresent()
            && own.opened(keyId.get(), account);
    var id = optionalText(detail, "eventID").or(() -> optionalText(root, "id")).orElse("");
    return new Result.Activity(
        new RootActivity(
            clean(id),
            account,
            clean(eventName),
            kind,
            clean(type),
            clean(optionalText(identity, "arn").orElse("")),
            clean(optionalText(identity, "principalId").orElse("")),
            keyId.map(RootActivityParser::clean),
            assumedRoot,
            clean(optionalText(detail, "sourceIPAddress").orElse("")),
            instant(detail, "eventTime"),
            expected));
  }

  private Result guardDuty(JsonNode root, JsonNode detail, String source) {
    if (!source.equals("aws.guardduty")) {
      throw new Bad("foreign source '" + clean(source) + "' for this detail-type");
    }
    var type = text(detail, "type");
    var keys = object(object(detail, "resource"), "accessKeyDetails");
    var userType = text(keys, "userType");
    if (!userType.equals("Root")) {
      throw new Bad("a GuardDuty finding not about a root user ('" + clean(type) + "')");
    }
    var account = account(root, optionalText(detail, "accountId"));
    var keyId = optionalText(keys, "accessKeyId").filter(k -> !k.isEmpty());
    var ip =
        Optional.ofNullable(detail.at("/service/action/awsApiCallAction/remoteIpDetails"))
            .filter(JsonNode::isObject)
            .flatMap(n -> optionalText(n, "ipAddressV4").or(() -> optionalText(n, "ipAddressV6")))
            .orElse("");
    var time = detail.has("updatedAt") ? instant(detail, "updatedAt") : instant(root, "time");
    var id = optionalText(detail, "id").or(() -> optionalText(root, "id")).orElse("");
    return new Result.Activity(
        new RootActivity(
            clean(id),
            account,
            clean(type),
            ActivityKind.GUARDDUTY_FINDING,
            clean(userType),
            "",
            clean(optionalText(keys, "principalId").orElse("")),
            keyId.map(RootActivityParser::clean),
            false,
            clean(ip),
            time,
            keyId.isPresent() && own.opened(keyId.get(), account)));
  }

  /**
   * The account from the detail, which must agree with the envelope's {@code account} when both are
   * there: an event forwarded from a member account's bus keeps that account in the envelope.
   */
  private static AccountId account(JsonNode root, Optional<String> fromDetail) {
    var envelope = optionalText(root, "account");
    var text = fromDetail.or(() -> envelope).orElseThrow(() -> new Bad("no account id"));
    if (!AccountId.isValid(text)) {
      throw new Bad("not a 12-digit account id: '" + clean(text) + "'");
    }
    if (envelope.isPresent() && !envelope.get().equals(text)) {
      throw new Bad(
          "the envelope's account '"
              + clean(envelope.get())
              + "' is not the event's account "
              + text);
    }
    return AccountId.of(text);
  }

  /** CloudTrail writes {@code "assumedRoot": "true"}; a JSON boolean true is read the same way. */
  private static boolean assumedRoot(JsonNode identity) {
    var context = identity.get("sessionContext");
    if (context == null || !context.isObject()) {
      return false;
    }
    var marker = context.get("assumedRoot");
    return marker != null
        && ((marker.isTextual() && marker.asText().equals("true"))
            || (marker.isBoolean() && marker.booleanValue()));
  }

  private static Instant instant(JsonNode node, String field) {
    var text = text(node, field);
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new Bad(field + " is not an ISO-8601 instant: '" + clean(text) + "'");
    }
  }

  private static JsonNode object(JsonNode node, String field) {
    var value = node.get(field);
    if (value == null || !value.isObject()) {
      throw new Bad("no " + field + " object");
    }
    return value;
  }

  private static String text(JsonNode node, String field) {
    var value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new Bad("no " + field + " text");
    }
    return value.asText();
  }

  private static Optional<String> optionalText(JsonNode node, String field) {
    var value = node.get(field);
    return value != null && value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
  }

  /**
   * {@code text} safe for one log line: control and format characters become {@code ?}, and it is
   * cut to {@link #MAX_TEXT} characters.
   */
  public static String clean(String text) {
    var cut = text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) + "..." : text;
    var sb = new StringBuilder(cut.length());
    cut.codePoints()
        .forEach(
            c -> {
              var type = Character.getType(c);
              sb.appendCodePoint(
                  type == Character.CONTROL
                          || type == Character.FORMAT
                          || type == Character.LINE_SEPARATOR
                          || type == Character.PARAGRAPH_SEPARATOR
                      ? '?'
                      : c);
            });
    return sb.toString();
  }

  private static Result reject(String reason) {
    return new Result.Rejected(clean(reason));
  }

  /** A reason to reject, thrown inside the parser only. */
  private static final class Bad extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final String reason;

    Bad(String reason) {
      super(reason, null, false, false);
      this.reason = reason;
    }
  }
}
