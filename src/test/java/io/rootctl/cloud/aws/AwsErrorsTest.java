package io.rootctl.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootctl.cloud.CloudException;
import io.rootctl.cloud.RetryableCloudException;
import io.rootctl.cloud.TerminalCloudException;
import io.rootctl.model.AccountId;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.profiles.ProfileFile;

class AwsErrorsTest {
  private static final String RETRYABLE = "RETRYABLE";
  private static final Optional<AccountId> ACCOUNT = Optional.of(AccountId.of("333344445555"));

  /**
   * @param expected {@link #RETRYABLE} or the name of a {@link TerminalCloudException.Kind}
   * @param expectedCode the error code the result carries
   */
  record Case(
      String name, String reason, SdkException error, String expected, String expectedCode) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static AwsServiceException aws(String code, int status) {
    return AwsServiceException.builder()
        .awsErrorDetails(
            AwsErrorDetails.builder().errorCode(code).errorMessage("message for " + code).build())
        .statusCode(status)
        .requestId("req-" + code)
        .build();
  }

  private static Case service(String reason, String code, int status, String expected) {
    return new Case(code + " " + status, reason, aws(code, status), expected, code);
  }

  static Stream<Case> cases() {
    return Stream.of(
        service("IAM/STS denial", "AccessDenied", 403, "ACCESS_DENIED"),
        service(
            "Organizations denial has the suffix", "AccessDeniedException", 400, "ACCESS_DENIED"),
        service("EC2-style denial", "UnauthorizedOperation", 403, "ACCESS_DENIED"),
        service("unknown access key", "InvalidClientTokenId", 403, "ACCESS_DENIED"),
        service("wrong secret", "SignatureDoesNotMatch", 403, "ACCESS_DENIED"),
        service("root session ran out", "ExpiredToken", 400, "SESSION_EXPIRED"),
        service(
            "STS model spells it with the suffix", "ExpiredTokenException", 400, "SESSION_EXPIRED"),
        service(
            "trusted access off, model shape name",
            "ServiceAccessNotEnabledException",
            400,
            "NOT_ENABLED"),
        service("trusted access off, doc spelling", "ServiceAccessNotEnabled", 400, "NOT_ENABLED"),
        service(
            "not management nor delegated admin, with suffix",
            "AccountNotManagementOrDelegatedAdministratorException",
            400,
            "NOT_ENABLED"),
        service(
            "not management nor delegated admin, without suffix",
            "AccountNotManagementOrDelegatedAdministrator",
            400,
            "NOT_ENABLED"),
        service(
            "no organization, with suffix", "OrganizationNotFoundException", 400, "NOT_ENABLED"),
        service("no organization, without suffix", "OrganizationNotFound", 400, "NOT_ENABLED"),
        service(
            "consolidated billing only, with suffix",
            "OrganizationNotInAllFeaturesModeException",
            400,
            "NOT_ENABLED"),
        service(
            "consolidated billing only, without suffix",
            "OrganizationNotInAllFeaturesMode",
            400,
            "NOT_ENABLED"),
        service(
            "enable needs the management account, with suffix",
            "CallerIsNotManagementAccountException",
            400,
            "NOT_ENABLED"),
        service(
            "enable needs the management account, without suffix",
            "CallerIsNotManagementAccount",
            400,
            "NOT_ENABLED"),
        service(
            "Organizations not in use, with suffix",
            "AWSOrganizationsNotInUseException",
            400,
            "NOT_ENABLED"),
        service(
            "Organizations not in use, without suffix",
            "AWSOrganizationsNotInUse",
            400,
            "NOT_ENABLED"),
        service("STS region off, model code", "RegionDisabledException", 403, "NOT_ENABLED"),
        service("STS region off, doc spelling", "RegionDisabled", 403, "NOT_ENABLED"),
        service("query-protocol validation", "ValidationError", 400, "INVALID_REQUEST"),
        service("Organizations validation", "InvalidInputException", 400, "INVALID_REQUEST"),
        service("a conflict that is not transient", "EntityAlreadyExists", 409, "INVALID_REQUEST"),
        service("virtual MFA still attached", "DeleteConflict", 409, "INVALID_REQUEST"),
        service("AssumeRoot on the global endpoint", "InvalidAction", 400, "INVALID_REQUEST"),
        service("IAM/STS throttling is HTTP 400", "Throttling", 400, RETRYABLE),
        service("Organizations throttling", "TooManyRequestsException", 400, RETRYABLE),
        service("IAM server fault", "ServiceFailure", 500, RETRYABLE),
        service("Organizations server fault", "ServiceException", 500, RETRYABLE),
        service("any 503", "ServiceUnavailable", 503, RETRYABLE),
        service(
            "IAM asks to retry concurrent modifications", "ConcurrentModification", 409, RETRYABLE),
        service("IAM asks to retry later", "EntityTemporarilyUnmodifiable", 409, RETRYABLE),
        service("an error code this release does not know", "SomethingNew", 400, "UNKNOWN"),
        new Case(
            "HTTP 429 without a code",
            "429 is throttling whatever the body",
            aws("", 429),
            RETRYABLE,
            "HTTP429"),
        new Case(
            "HTTP 502 without a code",
            "5xx is retryable whatever the body",
            aws("", 502),
            RETRYABLE,
            "HTTP502"),
        new Case(
            "I/O error",
            "a reset connection may work next time",
            SdkClientException.builder()
                .message("Unable to execute HTTP request")
                .cause(new SocketTimeoutException("Read timed out"))
                .build(),
            RETRYABLE,
            "ClientIOError"),
        new Case(
            "IOException deeper in the chain",
            "the cause chain is searched",
            SdkClientException.builder()
                .message("outer")
                .cause(new RuntimeException(new IOException("broken pipe")))
                .build(),
            RETRYABLE,
            "ClientIOError"),
        new Case(
            "call timeout",
            "the SDK gave up on time; a later attempt may be faster",
            ApiCallTimeoutException.create(120_000),
            RETRYABLE,
            "ClientTimeout"),
        new Case(
            "no credentials",
            "retrying cannot conjure credentials",
            SdkClientException.create("Unable to load credentials from any of the providers"),
            "ACCESS_DENIED",
            "NoCredentials"),
        new Case(
            "other client error",
            "an unexplained client error is not retried blindly",
            SdkClientException.create("Unable to unmarshall response"),
            "UNKNOWN",
            "ClientError"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void mapsEveryErrorToRetryableOrTerminalOfTheRightKind(Case c) {
    CloudException mapped = AwsErrors.map(c.error(), "iam:DeleteAccessKey", ACCOUNT);

    var kind =
        switch (mapped) {
          case RetryableCloudException r -> RETRYABLE;
          case TerminalCloudException t -> t.kind().name();
        };
    assertThat(kind).as(c.reason()).isEqualTo(c.expected());
    assertThat(mapped.errorCode()).as(c.reason()).isEqualTo(c.expectedCode());
    assertThat(mapped.operation()).isEqualTo("iam:DeleteAccessKey");
    assertThat(mapped.account()).contains("333344445555");
    assertThat(mapped.getCause()).isSameAs(c.error());
  }

  @Test
  void carriesTheRequestIdAndSaysWhatFailedForWhom() {
    var mapped = AwsErrors.map(aws("AccessDenied", 403), "iam:DeleteAccessKey", ACCOUNT);

    assertThat(mapped.requestId()).isEqualTo("req-AccessDenied");
    assertThat(mapped.getMessage())
        .isEqualTo(
            "iam:DeleteAccessKey in account 333344445555 failed: AccessDenied: message for"
                + " AccessDenied (request req-AccessDenied)");
  }

  @Test
  void matchesCodesWithAndWithoutTheExceptionSuffix() {
    assertThat(AwsErrors.hasCode(aws("NoSuchEntity", 404), "NoSuchEntity")).isTrue();
    assertThat(AwsErrors.hasCode(aws("NoSuchEntityException", 404), "NoSuchEntity")).isTrue();
    assertThat(AwsErrors.hasCode(aws("NoSuchEntity", 404), "NoSuchEntityException")).isTrue();
    assertThat(AwsErrors.hasCode(aws("EntityAlreadyExists", 409), "NoSuchEntity")).isFalse();
    assertThat(AwsErrors.hasCode(SdkClientException.create("x"), "NoSuchEntity")).isFalse();
  }

  // --- messages whole, shortened by structure -----------------------------------------------

  /** A provider that fails as the SDK's container provider does, with a toString dump. */
  private record FailingProvider(String name, String reason) implements AwsCredentialsProvider {
    @Override
    public AwsCredentials resolveCredentials() {
      throw SdkClientException.create(reason);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private static SdkClientException failureOf(AwsCredentialsProvider... providers) {
    try (var chain =
        AwsCredentialsProviderChain.builder().credentialsProviders(providers).build()) {
      chain.resolveCredentials();
    } catch (SdkClientException e) {
      return e;
    }
    throw new AssertionError("the chain found credentials");
  }

  @Test
  void keepsTheWholeAwsMessageOfAServiceError() {
    var reason =
        "User: arn:aws:sts::111111111111:assumed-role/rootctl-controller/botocore-session is not"
            + " authorized to perform: sts:AssumeRoot on resource: arn:aws:iam::555555555555:root"
            + " with an explicit deny in a service control policy: arn:aws:organizations::"
            + "111111111111:policy/o-exampleorg1/service_control_policy/p-deny-root-sessions"
            + " (the policy limits AssumeRoot to accounts tagged rootctl=managed; this account"
            + " has no such tag, so the request was denied before any session was created)";
    var error =
        AwsServiceException.builder()
            .awsErrorDetails(
                AwsErrorDetails.builder().errorCode("AccessDenied").errorMessage(reason).build())
            .statusCode(403)
            .requestId("req-long")
            .build();

    var mapped = AwsErrors.map(error, "sts:AssumeRoot", ACCOUNT);

    assertThat(reason).hasSizeGreaterThan(400);
    assertThat(mapped.getMessage())
        .isEqualTo(
            "sts:AssumeRoot in account 333344445555 failed: AccessDenied: "
                + reason
                + " (request req-long)");
  }

  @Test
  void namesEveryProviderOfARealSdkChainWithItsWholeReasonAndNoObjectDumps(@TempDir Path tmp)
      throws IOException {
    var empty = Files.createFile(tmp.resolve("credentials"));
    var profile =
        ProfileCredentialsProvider.builder()
            .profileFile(
                ProfileFile.builder().content(empty).type(ProfileFile.Type.CREDENTIALS).build())
            .profileName("default")
            .build();
    var podIdentityV6 =
        "The full URI (http://[fd00:ec2::23]/v1/credentials) contained within environment"
            + " variable AWS_CONTAINER_CREDENTIALS_FULL_URI has an invalid host. Host should"
            + " resolve to a loopback address or have the full URI be HTTPS.";
    var failure =
        failureOf(
            SystemPropertyCredentialsProvider.create(),
            profile,
            new FailingProvider("ContainerCredentialsProvider()", podIdentityV6));

    var mapped = AwsErrors.map(failure, "organizations:DescribeOrganization");

    assertThat(failure.getMessage()).as("the SDK's own message").contains("ProfileFile(sections=");
    assertThat(mapped).isInstanceOf(TerminalCloudException.class);
    assertThat(((TerminalCloudException) mapped).kind())
        .isEqualTo(TerminalCloudException.Kind.ACCESS_DENIED);
    assertThat(mapped.errorCode()).isEqualTo("NoCredentials");
    assertThat(mapped.getMessage().lines())
        .containsExactly(
            "organizations:DescribeOrganization failed: NoCredentials (request none): no AWS"
                + " credentials: every credential provider of the chain failed:",
            "  SystemPropertyCredentialsProvider: Unable to load credentials from system settings."
                + " Access key must be specified either via environment variable"
                + " (AWS_ACCESS_KEY_ID) or system property (aws.accessKeyId).",
            "  ProfileCredentialsProvider(profileName=default): Profile file contained no"
                + " credentials for profile 'default'",
            "  ContainerCredentialsProvider: " + podIdentityV6,
            "    hint: EKS Pod Identity on an IPv6 cluster: set"
                + " AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE=IPv6 in the pod (the Helm chart's env),"
                + " see docs/deploy.md, IPv6 clusters");
  }

  @Test
  void aSingleProfileFailureLosesItsDumpButNotItsReason() {
    var error =
        SdkClientException.create(
            "Profile file contained no credentials for profile 'prod': ProfileFile(sections=[],"
                + " profiles=[Profile(name=dev, properties=[region])])");

    var mapped = AwsErrors.map(error, "organizations:DescribeOrganization");

    assertThat(mapped.errorCode()).isEqualTo("NoCredentials");
    assertThat(mapped.getMessage())
        .isEqualTo(
            "organizations:DescribeOrganization failed: NoCredentials: Profile file contained no"
                + " credentials for profile 'prod' (request none)");
  }

  @Test
  void escapesControlCharactersFromTheWire() {
    var error =
        AwsServiceException.builder()
            .awsErrorDetails(
                AwsErrorDetails.builder()
                    .errorCode("AccessDenied")
                    .errorMessage("denied\u001b[2J\nrootctl: valid")
                    .build())
            .statusCode(403)
            .requestId("req-esc")
            .build();

    var message = AwsErrors.map(error, "iam:ListAccessKeys", ACCOUNT).getMessage();

    assertThat(message).doesNotContain("\u001b", "\n").contains("denied\\u001b[2J\\u000arootctl");
  }

  @Test
  void aHostileMessageIsCutOnlyFarBeyondAnythingAwsSendsAndSaysSo() {
    var huge = "x".repeat(AwsErrors.MAX_MESSAGE + 10);
    var mapped = AwsErrors.map(SdkClientException.create(huge), "iam:ListAccessKeys", ACCOUNT);

    assertThat(mapped.getMessage()).contains("x".repeat(AwsErrors.MAX_MESSAGE) + " [10 more");
  }
}
