package io.rootctl.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rootctl.live.RootCredentialEvents;
import io.rootctl.model.AccountId;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The events AWS sends about root activity, as EventBridge delivers them to an SQS queue: the
 * emulator's CloudTrail + EventBridge. When an events queue is set ({@link #deliverTo}), every
 * root-credential change in a member account puts one event into it, visible after the delivery
 * delay on the emulator's clock:
 *
 * <ul>
 *   <li>IAM writes made in an {@code sts:AssumeRoot} session (DeleteAccessKey, CreateLoginProfile,
 *       ...): {@code "AWS API Call via CloudTrail"} from {@code aws.iam} whose {@code
 *       detail.userIdentity} is {@code type Root} with the session's {@code ASIA...} key as {@code
 *       accessKeyId} and {@code sessionContext.assumedRoot "true"}, as <a
 *       href="https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-track-privileged-tasks.html">Track
 *       privileged tasks in AWS CloudTrail</a> and the <a
 *       href="https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html">userIdentity
 *       element</a> describe;
 *   <li>control-plane drift (a human root user adding a key, a password, a certificate, an MFA
 *       device): the same event with {@code type Root}, a console session key and no {@code
 *       assumedRoot};
 *   <li>on request ({@link #consoleLogin}, {@link #guardDutyFinding}, {@link #raw}): a root {@code
 *       ConsoleLogin}, a GuardDuty {@code Policy:IAMUser/RootCredentialUsage} finding, or any
 *       message.
 * </ul>
 *
 * <p>The envelope is EventBridge's ({@code version}, {@code id}, {@code detail-type}, {@code
 * source}, {@code account}, {@code time}, {@code region}, {@code resources}, {@code detail}); the
 * CloudTrail record in {@code detail} has the <a
 * href="https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html">record
 * contents</a> CloudTrail documents, never a secret (no secret access key, no password, no MFA seed
 * or code: CloudTrail leaves them out too). IAM is global: its events are in us-east-1. Only calls
 * that succeed are sent. Delivery takes {@link #DEFAULT_DELAY} unless set: CloudTrail delivers to
 * EventBridge "on a best effort basis", in seconds to minutes (<a
 * href="https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail.html">Events
 * delivered via CloudTrail</a>). Thread-safe (the state lock).
 *
 * @see <a href="https://docs.aws.amazon.com/eventbridge/latest/ref/overiew-event-structure.html">
 *     EventBridge event structure</a>
 */
public final class RootActivityEvents {
  /** The default delivery delay, on the emulator's clock. */
  public static final Duration DEFAULT_DELAY = Duration.ofSeconds(5);

  /** The {@code userAgent} of calls made through the emulator's API. */
  static final String API_USER_AGENT = "aws-sdk-java/2 (rootctl-sim)";

  /** The {@code userAgent} and {@code sourceIPAddress} control-plane events default to. */
  static final String CONSOLE_USER_AGENT = "Mozilla/5.0 (rootctl-sim console)";

  /** A documentation address (RFC 5737) for events injected without one. */
  public static final String DEFAULT_SOURCE_IP = "203.0.113.10";

  private static final DateTimeFormatter IAM_DATE =
      DateTimeFormatter.ofPattern("MMM d, yyyy, h:mm:ss a", Locale.US).withZone(ZoneOffset.UTC);

  private final ObjectMapper json = new ObjectMapper();
  private final SimState state;
  private final CallPipeline pipeline;
  private final SqsBackend sqs;
  private Optional<SqsBackend.QueueId> queue = Optional.empty();
  private Duration delay = DEFAULT_DELAY;
  private long sent;

  RootActivityEvents(SimulatedOrganization organization) {
    this.state = organization.state();
    this.pipeline = organization.pipeline();
    this.sqs = new SqsBackend(organization);
  }

  /**
   * Sends the events to {@code queue} (which must exist: see {@link SqsBackend#ensureQueue}) after
   * {@code delay}.
   *
   * @throws IllegalArgumentException on a negative delay
   */
  public void deliverTo(SqsBackend.QueueId queue, Duration delay) {
    setDelay(delay);
    pipeline.locked(
        () -> {
          this.queue = Optional.of(queue);
          return null;
        });
  }

  /**
   * Changes the delivery delay.
   *
   * @throws IllegalArgumentException on a negative delay
   */
  public void setDelay(Duration delay) {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("the delivery delay must not be negative: " + delay);
    }
    pipeline.locked(
        () -> {
          this.delay = delay;
          return null;
        });
  }

  /** The events queue, if set. */
  public Optional<SqsBackend.QueueId> queue() {
    return pipeline.locked(() -> queue);
  }

  /** The delivery delay. */
  public Duration delay() {
    return pipeline.locked(() -> delay);
  }

  /** How many events were put into the queue so far. */
  public long sent() {
    return pipeline.locked(() -> sent);
  }

  // ---------------------------------------------------------------- IAM calls

  /** An IAM write in root session {@code session}: the AssumeRoot identity. */
  void rootSessionCall(
      SimState.Session session,
      String eventName,
      @Nullable Map<String, Object> requestParameters,
      @Nullable Map<String, Object> responseElements) {
    var identity = rootIdentity(session.account(), session.accessKeyId(), session.created());
    ((ObjectNode) identity.get("sessionContext"))
        .put("assumedRoot", RootCredentialEvents.ASSUMED_ROOT);
    iamCall(
        session.account(),
        identity,
        eventName,
        "127.0.0.1",
        API_USER_AGENT,
        requestParameters,
        responseElements);
  }

  /** An IAM write by the account's root user signed in to the console (control-plane drift). */
  void humanRootCall(
      AccountId account,
      String eventName,
      @Nullable Map<String, Object> requestParameters,
      @Nullable Map<String, Object> responseElements) {
    if (queue.isEmpty()) {
      return;
    }
    var now = pipeline.now();
    var identity = rootIdentity(account, "ASIA" + state.randomId(16), now);
    ((ObjectNode) identity.get("sessionContext").get("attributes")).put("mfaAuthenticated", "true");
    iamCall(
        account,
        identity,
        eventName,
        DEFAULT_SOURCE_IP,
        CONSOLE_USER_AGENT,
        requestParameters,
        responseElements);
  }

  private ObjectNode rootIdentity(AccountId account, String accessKeyId, Instant created) {
    var identity =
        json.createObjectNode()
            .put("type", RootCredentialEvents.ROOT_IDENTITY_TYPE)
            .put("principalId", account.value())
            .put("arn", "arn:aws:iam::" + account + ":root")
            .put("accountId", account.value())
            .put("accessKeyId", accessKeyId);
    identity
        .putObject("sessionContext")
        .putObject("attributes")
        .put("creationDate", created.truncatedTo(ChronoUnit.SECONDS).toString())
        .put("mfaAuthenticated", "false");
    return identity;
  }

  private void iamCall(
      AccountId account,
      ObjectNode identity,
      String eventName,
      String sourceIp,
      String userAgent,
      Map<String, Object> requestParameters,
      Map<String, Object> responseElements) {
    if (queue.isEmpty()) {
      return;
    }
    var now = pipeline.now();
    var detail = json.createObjectNode().put("eventVersion", "1.11");
    detail.set("userIdentity", identity);
    detail
        .put("eventTime", now.toString())
        .put("eventSource", RootCredentialEvents.IAM_EVENT_SOURCE)
        .put("eventName", eventName)
        .put("awsRegion", "us-east-1")
        .put("sourceIPAddress", sourceIp)
        .put("userAgent", userAgent);
    detail.set("requestParameters", json.valueToTree(requestParameters));
    detail.set("responseElements", json.valueToTree(responseElements));
    detail
        .put("requestID", state.uuid())
        .put("eventID", state.uuid())
        .put("readOnly", false)
        .put("eventType", "AwsApiCall")
        .put("managementEvent", true)
        .put("recipientAccountId", account.value())
        .put("eventCategory", "Management");
    send(
        envelope(
            RootCredentialEvents.API_CALL_DETAIL_TYPE,
            RootCredentialEvents.IAM_SOURCE,
            account,
            now,
            detail));
  }

  /**
   * {@code createDate} and such, as CloudTrail writes IAM's dates: {@code Dec 1, 2026, 8:00:00 AM}.
   */
  static String iamDate(Instant time) {
    return IAM_DATE.format(time);
  }

  // ---------------------------------------------------------------- injected events

  /**
   * Sends a root {@code ConsoleLogin} of {@code account}: {@code "AWS Console Sign In via
   * CloudTrail"} from {@code aws.signin}, {@code eventType AwsConsoleSignIn}, {@code
   * responseElements.ConsoleLogin} {@code Success} or {@code Failure} (with {@code errorMessage
   * "Failed authentication"}), {@code additionalEventData} with {@code LoginTo}, {@code
   * MobileVersion} and {@code MFAUsed}.
   *
   * @return the event's id
   * @throws IllegalStateException when no events queue is set
   * @throws IllegalArgumentException when the account is not in the organization
   * @see <a
   *     href="https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html">AWS
   *     console sign-in events</a>
   */
  public String consoleLogin(
      AccountId account, String sourceIp, Instant time, boolean success, boolean mfaUsed) {
    return pipeline.locked(
        () -> {
          requireQueue();
          state.existing(account);
          var at = time.truncatedTo(ChronoUnit.SECONDS);
          var detail = json.createObjectNode().put("eventVersion", "1.11");
          detail
              .putObject("userIdentity")
              .put("type", RootCredentialEvents.ROOT_IDENTITY_TYPE)
              .put("principalId", account.value())
              .put("arn", "arn:aws:iam::" + account + ":root")
              .put("accountId", account.value())
              .put("accessKeyId", "");
          detail
              .put("eventTime", at.toString())
              .put("eventSource", "signin.amazonaws.com")
              .put("eventName", RootCredentialEvents.CONSOLE_LOGIN)
              .put("awsRegion", "us-east-1")
              .put("sourceIPAddress", sourceIp)
              .put("userAgent", CONSOLE_USER_AGENT)
              .putNull("requestParameters");
          if (!success) {
            detail.put("errorMessage", "Failed authentication");
          }
          detail.putObject("responseElements").put("ConsoleLogin", success ? "Success" : "Failure");
          detail
              .putObject("additionalEventData")
              .put(
                  "LoginTo",
                  "https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true")
              .put("MobileVersion", "No")
              .put("MFAUsed", mfaUsed ? "Yes" : "No");
          var id = state.uuid();
          detail
              .put("eventID", id)
              .put("readOnly", false)
              .put("eventType", "AwsConsoleSignIn")
              .put("managementEvent", true)
              .put("recipientAccountId", account.value())
              .put("eventCategory", "Management");
          send(
              envelope(
                  RootCredentialEvents.CONSOLE_SIGN_IN_DETAIL_TYPE,
                  RootCredentialEvents.SIGN_IN_SOURCE,
                  account,
                  at,
                  detail));
          return id;
        });
  }

  /**
   * Sends a GuardDuty {@code Policy:IAMUser/RootCredentialUsage} finding about {@code account}:
   * {@code "GuardDuty Finding"} from {@code aws.guardduty}, the finding in {@code detail}
   * (schemaVersion 2.0: {@code accountId}, {@code region}, {@code partition}, {@code id}, {@code
   * arn}, {@code type}, {@code resource.accessKeyDetails} with {@code userType Root}, {@code
   * service.action.awsApiCallAction} with {@code api}, {@code serviceName}, {@code callerType} and
   * {@code remoteIpDetails.ipAddressV4}, {@code severity} 2 (low), {@code createdAt}, {@code
   * updatedAt}, {@code title}, {@code description}).
   *
   * @param api the API call the root credentials made, e.g. {@code ListBuckets}
   * @return the finding's id
   * @throws IllegalStateException when no events queue is set
   * @see <a
   *     href="https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_finding-types-iam.html#policy-iam-user-rootcredentialusage">Policy:IAMUser/RootCredentialUsage</a>
   * @see <a
   *     href="https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_findings_eventbridge.html">GuardDuty
   *     findings in EventBridge</a>
   * @see <a href="https://docs.aws.amazon.com/guardduty/latest/APIReference/API_Finding.html">
   *     Finding</a>
   */
  public String guardDutyFinding(AccountId account, String sourceIp, Instant time, String api) {
    return pipeline.locked(
        () -> {
          requireQueue();
          state.existing(account);
          var at = time.truncatedTo(ChronoUnit.SECONDS);
          var id = state.uuid().replace("-", "");
          var detector = "sim" + account;
          var finding =
              json.createObjectNode()
                  .put("schemaVersion", "2.0")
                  .put("accountId", account.value())
                  .put("region", "us-east-1")
                  .put("partition", "aws")
                  .put("id", id)
                  .put(
                      "arn",
                      "arn:aws:guardduty:us-east-1:"
                          + account
                          + ":detector/"
                          + detector
                          + "/finding/"
                          + id)
                  .put("type", RootCredentialEvents.ROOT_CREDENTIAL_USAGE);
          var resource = finding.putObject("resource").put("resourceType", "AccessKey");
          resource
              .putObject("accessKeyDetails")
              .put("accessKeyId", "ASIA" + state.randomId(16))
              .put("principalId", account.value())
              .put("userName", "Root")
              .put("userType", "Root");
          var service =
              finding
                  .putObject("service")
                  .put("serviceName", "guardduty")
                  .put("detectorId", detector)
                  .put("archived", false)
                  .put("resourceRole", "TARGET")
                  .put("eventFirstSeen", at.toString())
                  .put("eventLastSeen", at.toString())
                  .put("count", 1);
          var call =
              service
                  .putObject("action")
                  .put("actionType", "AWS_API_CALL")
                  .putObject("awsApiCallAction")
                  .put("api", api)
                  .put("serviceName", "iam.amazonaws.com")
                  .put("callerType", "Remote IP");
          call.putObject("remoteIpDetails").put("ipAddressV4", sourceIp);
          finding
              .put("severity", 2)
              .put("createdAt", at.toString())
              .put("updatedAt", at.toString())
              .put("title", "API " + api + " was invoked using root credentials.")
              .put(
                  "description",
                  "API "
                      + api
                      + " was invoked using root credentials from IP address "
                      + sourceIp
                      + ".");
          send(
              envelope(
                  RootCredentialEvents.GUARDDUTY_DETAIL_TYPE,
                  RootCredentialEvents.GUARDDUTY_SOURCE,
                  account,
                  at,
                  finding));
          return id;
        });
  }

  /**
   * Puts {@code body} as it is into the events queue, with the delivery delay (a poison or foreign
   * message for tests).
   *
   * @return the message id
   * @throws IllegalStateException when no events queue is set
   */
  public String raw(String body) {
    return pipeline.locked(
        () -> {
          requireQueue();
          return deliver(body);
        });
  }

  // ---------------------------------------------------------------- helpers

  private void requireQueue() {
    if (queue.isEmpty()) {
      throw new IllegalStateException("no events queue is set (rootctl sim creates one)");
    }
  }

  private ObjectNode envelope(
      String detailType, String source, AccountId account, Instant time, ObjectNode detail) {
    var event =
        json.createObjectNode()
            .put("version", "0")
            .put("id", state.uuid())
            .put("detail-type", detailType)
            .put("source", source)
            .put("account", account.value())
            .put("time", time.truncatedTo(ChronoUnit.SECONDS).toString())
            .put("region", "us-east-1");
    event.putArray("resources");
    event.set("detail", detail);
    return event;
  }

  private void send(ObjectNode event) {
    deliver(event.toString());
  }

  private String deliver(String body) {
    sent++;
    return sqs.deliver(queue.orElseThrow(), body, delay, "AIDAEVENTBRIDGESIM00001").messageId();
  }
}
