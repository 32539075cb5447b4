package io.rootctl.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootctl.model.AccountId;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

public class RootActivityParserTest {
  static final String ACCOUNT = "111122223333";

  /** An EventBridge "AWS API Call via CloudTrail" event as AWS documents it. */
  public static String apiCall(String eventName, String keyId, boolean assumedRoot) {
    return """
        {"version":"0","id":"env-1","detail-type":"AWS API Call via CloudTrail",
         "source":"aws.iam","account":"%s","time":"2026-12-01T08:00:01Z","region":"us-east-1",
         "resources":[],
         "detail":{"eventVersion":"1.10","eventSource":"iam.amazonaws.com","eventName":"%s",
           "eventTime":"2026-12-01T08:00:00Z","awsRegion":"us-east-1",
           "sourceIPAddress":"203.0.113.7","recipientAccountId":"%s","eventID":"ev-%s",
           "userIdentity":{"type":"Root","principalId":"%s","arn":"arn:aws:iam::%s:root",
             "accountId":"%s","accessKeyId":"%s",
             "sessionContext":{"attributes":{"creationDate":"2026-12-01T07:59:00Z",
               "mfaAuthenticated":"false"}%s}}}}
        """
        .formatted(
            ACCOUNT,
            eventName,
            ACCOUNT,
            eventName,
            ACCOUNT,
            ACCOUNT,
            ACCOUNT,
            keyId,
            assumedRoot ? ",\"assumedRoot\":\"true\"" : "");
  }

  static final String SIGN_IN =
      """
      {"version":"0","id":"env-2","detail-type":"AWS Console Sign In via CloudTrail",
       "source":"aws.signin","account":"111122223333","time":"2026-12-01T08:00:01Z",
       "region":"us-east-1","resources":[],
       "detail":{"eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin",
         "eventTime":"2026-12-01T08:00:00Z","sourceIPAddress":"198.51.100.9",
         "recipientAccountId":"111122223333","eventID":"ev-login",
         "responseElements":{"ConsoleLogin":"Success"},
         "userIdentity":{"type":"Root","principalId":"111122223333",
           "arn":"arn:aws:iam::111122223333:root","accountId":"111122223333"}}}
      """;

  static final String GUARDDUTY =
      """
      {"version":"0","id":"env-3","detail-type":"GuardDuty Finding","source":"aws.guardduty",
       "account":"111122223333","time":"2026-12-01T08:00:01Z","region":"us-east-1",
       "resources":[],
       "detail":{"schemaVersion":"2.0","accountId":"111122223333","id":"finding-1",
         "type":"Policy:IAMUser/RootCredentialUsage","updatedAt":"2026-12-01T08:00:00.123Z",
         "resource":{"resourceType":"AccessKey","accessKeyDetails":{"accessKeyId":"ASIAOWN",
           "principalId":"111122223333","userName":"Root","userType":"Root"}},
         "service":{"action":{"actionType":"AWS_API_CALL","awsApiCallAction":{"api":"ListUsers",
           "remoteIpDetails":{"ipAddressV4":"192.0.2.4"}}}}}}
      """;

  final RootActivityParser parser =
      new RootActivityParser(
          (key, account) -> key.equals("ASIAOWN") && account.value().equals(ACCOUNT));

  @Test
  void aRootAccessKeyCreatedByAHumanIsAnUnexpectedCredentialChange() {
    var result = parser.parse(apiCall("CreateAccessKey", "AKIAHUMAN", false));

    assertThat(result).isInstanceOf(RootActivityParser.Result.Activity.class);
    var a = ((RootActivityParser.Result.Activity) result).activity();
    assertThat(a.account()).isEqualTo(AccountId.of(ACCOUNT));
    assertThat(a.eventName()).isEqualTo("CreateAccessKey");
    assertThat(a.kind()).isEqualTo(ActivityKind.CREDENTIAL_CHANGE);
    assertThat(a.identityType()).isEqualTo("Root");
    assertThat(a.arn()).isEqualTo("arn:aws:iam::111122223333:root");
    assertThat(a.sourceIp()).isEqualTo("203.0.113.7");
    assertThat(a.time()).isEqualTo(Instant.parse("2026-12-01T08:00:00Z"));
    assertThat(a.eventId()).isEqualTo("ev-CreateAccessKey");
    assertThat(a.expected()).isFalse();
    assertThat(a.toString()).doesNotContain("AKIAHUMAN");
  }

  @Test
  void rootctlsOwnAssumeRootSessionIsExpected() {
    var a = activity(apiCall("DeleteAccessKey", "ASIAOWN", true));

    assertThat(a.expected()).isTrue();
    assertThat(a.assumedRoot()).isTrue();
  }

  @Test
  void anAssumeRootSessionThatIsNotRootctlsIsUnexpected() {
    assertThat(activity(apiCall("DeleteAccessKey", "ASIAOTHER", true)).expected()).isFalse();
  }

  @Test
  void rootctlsKeyWithoutTheAssumedRootMarkerIsUnexpected() {
    assertThat(activity(apiCall("DeleteAccessKey", "ASIAOWN", false)).expected()).isFalse();
  }

  @Test
  void rootctlsKeyInAnotherAccountIsUnexpected() {
    var other = apiCall("DeleteAccessKey", "ASIAOWN", true).replace(ACCOUNT, "999999999999");
    assertThat(activity(other).expected()).isFalse();
  }

  @Test
  void aRootSignInIsNeverExpected() {
    var a = activity(SIGN_IN);

    assertThat(a.kind()).isEqualTo(ActivityKind.CONSOLE_SIGN_IN);
    assertThat(a.eventName()).isEqualTo("ConsoleLogin");
    assertThat(a.sourceIp()).isEqualTo("198.51.100.9");
    assertThat(a.expected()).isFalse();
    assertThat(a.metricEvent()).isEqualTo("ConsoleLogin");
  }

  @Test
  void aGuardDutyRootFindingIsReadAndRecognisedByItsKey() {
    var a = activity(GUARDDUTY);

    assertThat(a.kind()).isEqualTo(ActivityKind.GUARDDUTY_FINDING);
    assertThat(a.eventName()).isEqualTo(RootActivity.ROOT_CREDENTIAL_USAGE);
    assertThat(a.sourceIp()).isEqualTo("192.0.2.4");
    assertThat(a.expected()).isTrue();
    assertThat(activity(GUARDDUTY.replace("ASIAOWN", "ASIAX")).expected()).isFalse();
  }

  @Test
  void anOtherRootCallIsActivityWithABoundedMetricName() {
    var a = activity(apiCall("ListUsers", "AKIAHUMAN", false));

    assertThat(a.kind()).isEqualTo(ActivityKind.ROOT_API_CALL);
    assertThat(a.metricEvent()).isEqualTo("other");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "not json",
        "[]",
        "null",
        "{}",
        "{\"detail-type\":7,\"source\":\"aws.iam\",\"detail\":{}}",
        "{\"detail-type\":\"AWS API Call via CloudTrail\",\"source\":\"aws.iam\",\"detail\":[]}",
        "{\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\",\"detail\":{}}",
        "{\"a\":1} trailing",
      })
  void malformedOrForeignBodiesAreRejected(String body) {
    assertThat(parser.parse(body)).isInstanceOf(RootActivityParser.Result.Rejected.class);
  }

  @Test
  void anEventByAnIamUserIsRejected() {
    var body =
        apiCall("CreateAccessKey", "AKIA1", false)
            .replace("\"type\":\"Root\"", "\"type\":\"IAMUser\"");
    assertThat(reason(body)).contains("not the root user's event");
  }

  @Test
  void aForeignSourceIsRejected() {
    var body = apiCall("CreateAccessKey", "AKIA1", false).replace("\"aws.iam\"", "\"custom.app\"");
    assertThat(reason(body)).contains("foreign source");
  }

  @Test
  void anEnvelopeAccountThatDisagreesWithTheEventIsRejected() {
    var body =
        apiCall("CreateAccessKey", "AKIA1", false)
            .replace("\"account\":\"111122223333\"", "\"account\":\"444455556666\"");
    assertThat(reason(body)).contains("envelope");
  }

  @Test
  void wrongTypesAndBadValuesAreRejectedNotThrown() {
    var base = apiCall("CreateAccessKey", "AKIA1", false);
    assertThat(reason(base.replace("\"eventTime\":\"2026-12-01T08:00:00Z\"", "\"eventTime\":5")))
        .contains("eventTime");
    assertThat(reason(base.replace("\"2026-12-01T08:00:00Z\"", "\"yesterday\""))).contains("ISO");
    assertThat(
            reason(
                base.replace(
                    "\"recipientAccountId\":\"111122223333\"", "\"recipientAccountId\":\"12\"")))
        .contains("12-digit");
    assertThat(reason(base.replace("\"userIdentity\":{", "\"userIdentity\":\"x\",\"u\":{")))
        .contains("userIdentity");
  }

  @Test
  void aHugeOrDeeplyNestedBodyIsRejected() {
    assertThat(reason("{\"x\":\"" + "a".repeat(RootActivityParser.MAX_BODY_CHARS) + "\"}"))
        .contains("larger");
    assertThat(reason("[".repeat(1000) + "]".repeat(1000))).contains("not JSON");
  }

  @Test
  void controlCharactersNeverReachALogLine() {
    var body = apiCall("CreateAccessKey\\nFAKE LOG LINE", "AKIA1", false);
    var a = activity(body);
    assertThat(a.eventName()).doesNotContain("\n").contains("?FAKE");
    assertThat(a.metricEvent()).isEqualTo("other");
  }

  @Test
  void theCredentialChangeListHoldsTheIssuesExamples() {
    assertThat(CredentialChangeEvents.NAMES)
        .contains(
            "CreateAccessKey",
            "UploadSigningCertificate",
            "CreateLoginProfile",
            "UpdateLoginProfile",
            "CreateVirtualMFADevice",
            "EnableMFADevice");
  }

  private RootActivity activity(String body) {
    var result = parser.parse(body);
    assertThat(result).isInstanceOf(RootActivityParser.Result.Activity.class);
    return ((RootActivityParser.Result.Activity) result).activity();
  }

  private String reason(String body) {
    var result = parser.parse(body);
    assertThat(result).isInstanceOf(RootActivityParser.Result.Rejected.class);
    return ((RootActivityParser.Result.Rejected) result).reason();
  }
}
