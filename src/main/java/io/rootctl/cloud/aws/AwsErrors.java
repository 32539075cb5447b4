package io.rootctl.cloud.aws;

import io.rootctl.cloud.CloudException;
import io.rootctl.cloud.RetryableCloudException;
import io.rootctl.cloud.TerminalCloudException;
import io.rootctl.cloud.TerminalCloudException.Kind;
import io.rootctl.model.AccountId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The one place SDK exceptions become rootctl's {@link CloudException}s: retryable (throttling,
 * 5xx, transient conflicts, timeouts, I/O) or terminal of a {@link Kind}. Error codes are matched
 * with and without a trailing {@code Exception}, because the IAM organizations-feature errors have
 * no explicit wire code and AWS's documentation (e.g. <a
 * href="https://docs.aws.amazon.com/IAM/latest/APIReference/API_EnableOrganizationsRootSessions.html">EnableOrganizationsRootSessions</a>,
 * without it) and SDKs (with it) disagree on the suffix. Every result carries the operation, the
 * account, the error code and the request id.
 *
 * <p>Messages are kept whole: an AWS service error keeps AWS's full message, and a credentials
 * failure of the SDK's provider chain becomes one line per provider with that provider's reason
 * ({@code CredentialChainFailure}), so that the reason a provider failed (for example EKS Pod
 * Identity on an IPv6 cluster without {@code AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE=IPv6}) reaches
 * the user. Control characters in what AWS or the SDK sent are escaped as Java-style unicode
 * escapes (ESC becomes backslash, {@code u001b}), and a message longer than {@value #MAX_MESSAGE}
 * characters, which AWS never sends, is cut with the count of what was left out.
 */
public final class AwsErrors {

  private static final Set<String> ACCESS_DENIED =
      Set.of(
          "AccessDenied",
          "UnauthorizedOperation",
          "UnauthorizedAccess",
          "InvalidClientTokenId",
          "SignatureDoesNotMatch",
          "IncompleteSignature",
          "MissingAuthenticationToken",
          "UnrecognizedClient",
          "AuthFailure");

  private static final Set<String> SESSION_EXPIRED = Set.of("ExpiredToken");

  private static final Set<String> NOT_ENABLED =
      Set.of(
          "ServiceAccessNotEnabled",
          "AccountNotManagementOrDelegatedAdministrator",
          "OrganizationNotFound",
          "OrganizationNotInAllFeaturesMode",
          "CallerIsNotManagementAccount",
          "AWSOrganizationsNotInUse",
          "RegionDisabled");

  private static final Set<String> INVALID_REQUEST =
      Set.of(
          "ValidationError",
          "Validation",
          "InvalidInput",
          "InvalidParameterValue",
          "InvalidParameterCombination",
          "MissingParameter",
          "MalformedQueryString",
          "InvalidAction",
          "InvalidQueryParameter",
          "EntityAlreadyExists",
          "DeleteConflict",
          "NoSuchEntity",
          "LimitExceeded",
          "PasswordPolicyViolation",
          "ConstraintViolation",
          "ParentNotFound",
          "ChildNotFound",
          "AccountNotFound",
          "TargetNotFound",
          "PolicyNotFound",
          "UnsupportedAPIEndpoint",
          "PackedPolicyTooLarge",
          "MalformedPolicyDocument",
          // S3 and SQS, for the unlock commands
          "NoSuchBucket",
          "MalformedPolicy",
          "QueueDoesNotExist",
          "NonExistentQueue",
          "InvalidAttributeValue");

  /**
   * Transient conflicts AWS asks callers to retry (e.g. EntityTemporarilyUnmodifiable and
   * ConcurrentModification of <a
   * href="https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeactivateMFADevice.html">DeactivateMFADevice</a>),
   * and server-side failures.
   */
  private static final Set<String> RETRYABLE =
      Set.of(
          "ServiceFailure",
          "ServiceUnavailable",
          "Service",
          "InternalFailure",
          "InternalError",
          "InternalServerError",
          "ConcurrentModification",
          "EntityTemporarilyUnmodifiable",
          "RequestTimeout",
          "IDPCommunicationError",
          "PriorRequestNotComplete");

  /** Longer messages are cut, saying how much was left out: a guard against hostile answers. */
  static final int MAX_MESSAGE = 16_384;

  private AwsErrors() {}

  /**
   * Translates {@code e}, thrown by {@code operation} ({@code service:Operation}) about {@code
   * account}, into a {@link CloudException}. Never throws.
   */
  public static CloudException map(SdkException e, String operation, Optional<AccountId> account) {
    var where = account.map(AccountId::value);
    if (e instanceof AwsServiceException service) {
      return mapService(service, operation, where);
    }
    if (e instanceof SdkClientException client) {
      return mapClient(client, operation, where);
    }
    return new TerminalCloudException(
        Kind.UNKNOWN, operation, where, "SdkError", "", describe(e), e);
  }

  /** {@link #map} for calls about no particular account. */
  public static CloudException map(SdkException e, String operation) {
    return map(e, operation, Optional.empty());
  }

  /** True when {@code e} is an AWS error with {@code code}, with or without "Exception". */
  public static boolean hasCode(SdkException e, String code) {
    return e instanceof AwsServiceException service
        && normalize(errorCode(service)).equals(normalize(code));
  }

  private static CloudException mapService(
      AwsServiceException e, String operation, Optional<String> account) {
    var code = errorCode(e);
    var requestId = e.requestId() == null ? "" : e.requestId();
    var detail = errorMessage(e);
    var base = normalize(code);
    var wireCode = code.isEmpty() ? "HTTP" + e.statusCode() : code;
    Optional<Kind> terminal =
        ACCESS_DENIED.contains(base)
            ? Optional.of(Kind.ACCESS_DENIED)
            : SESSION_EXPIRED.contains(base)
                ? Optional.of(Kind.SESSION_EXPIRED)
                : NOT_ENABLED.contains(base)
                    ? Optional.of(Kind.NOT_ENABLED)
                    : INVALID_REQUEST.contains(base)
                        ? Optional.of(Kind.INVALID_REQUEST)
                        : Optional.empty();
    if (terminal.isPresent()) {
      return new TerminalCloudException(
          terminal.get(), operation, account, wireCode, requestId, detail, e);
    }
    if (e.isThrottlingException() || e.statusCode() >= 500 || RETRYABLE.contains(base)) {
      return new RetryableCloudException(operation, account, wireCode, requestId, detail, e);
    }
    return new TerminalCloudException(
        Kind.UNKNOWN, operation, account, wireCode, requestId, detail, e);
  }

  private static CloudException mapClient(
      SdkClientException e, String operation, Optional<String> account) {
    if (e instanceof AbortedException || Thread.currentThread().isInterrupted()) {
      return new TerminalCloudException(
          Kind.UNKNOWN, operation, account, "Aborted", "", describe(e), e);
    }
    if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
      return new RetryableCloudException(operation, account, "ClientTimeout", "", describe(e), e);
    }
    if (causedByIo(e)) {
      return new RetryableCloudException(operation, account, "ClientIOError", "", describe(e), e);
    }
    var chain = credentialChainFailure(e);
    if (chain.isPresent()) {
      return new TerminalCloudException(
          Kind.ACCESS_DENIED, operation, account, "NoCredentials", "", chain.get(), e);
    }
    var profile = PROFILE_FAILURE.matcher(String.valueOf(e.getMessage()));
    if (profile.matches()) {
      var failure =
          new CredentialChainFailure.ProviderFailure(
              "ProfileCredentialsProvider(profileName=" + profile.group(1) + ")",
              CredentialChainFailure.withoutDumps(escape(profile.group(2))));
      var text = new StringBuilder("no AWS credentials from the profile: ");
      text.append(failure.provider()).append(": ").append(failure.reason());
      hint(failure).ifPresent(h -> text.append("\n    hint: ").append(h));
      return new TerminalCloudException(
          Kind.ACCESS_DENIED, operation, account, "NoCredentials", "", guard(text.toString()), e);
    }
    var message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    if (message.contains("unable to load credentials") || message.contains("profile file")) {
      return new TerminalCloudException(
          Kind.ACCESS_DENIED,
          operation,
          account,
          "NoCredentials",
          "",
          CredentialChainFailure.withoutDumps(describe(e)),
          e);
    }
    return new TerminalCloudException(
        Kind.UNKNOWN, operation, account, "ClientError", "", describe(e), e);
  }

  /**
   * The SDK's "no provider of the chain had credentials" failure in {@code e} or its causes, as one
   * line per provider with its reason, or empty when there is none.
   */
  private static Optional<String> credentialChainFailure(SdkClientException e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      var message = t.getMessage();
      if (message == null) {
        continue;
      }
      var start = message.indexOf(CredentialChainFailure.PREFIX);
      if (start < 0) {
        continue;
      }
      var failures = CredentialChainFailure.parse(escape(message.substring(start)));
      if (failures.isEmpty()) {
        return Optional.empty();
      }
      var text =
          new StringBuilder("no AWS credentials: every credential provider of the chain failed:");
      for (var failure : failures.get()) {
        text.append("\n  ").append(failure.provider()).append(": ").append(failure.reason());
        hint(failure).ifPresent(h -> text.append("\n    hint: ").append(h));
      }
      return Optional.of(guard(text.toString()));
    }
    return Optional.empty();
  }

  /** A failure of {@link NamedProfileCredentials}: the profile's name and the SDK's reason. */
  private static final java.util.regex.Pattern PROFILE_FAILURE =
      java.util.regex.Pattern.compile(
          "ProfileCredentialsProvider\\(profileName=([^)\\s]+)\\): (.*)",
          java.util.regex.Pattern.DOTALL);

  /**
   * The SDK's reasons when an SSO profile's cached IAM Identity Center token is missing, expired or
   * refused (SsoOidcTokenProvider, SsoAccessTokenProvider, the portal's GetRoleCredentials).
   */
  private static final List<String> SSO_TOKEN_PROBLEMS =
      List.of(
          "Token is expired",
          "Unable to load SSO token",
          "SSO session",
          "Service: Sso,",
          "Service: SsoOidc,",
          "Session token not found or invalid");

  /** The profile name in {@code ProfileCredentialsProvider(profileName=NAME)}, if any. */
  private static final java.util.regex.Pattern PROFILE_NAME =
      java.util.regex.Pattern.compile("ProfileCredentialsProvider\\(profileName=([^)\\s,]+)");

  /** What to do about a provider failure whose cause is known. */
  private static Optional<String> hint(CredentialChainFailure.ProviderFailure failure) {
    var reason = failure.reason();
    var profile = PROFILE_NAME.matcher(failure.provider());
    if (profile.lookingAt() && SSO_TOKEN_PROBLEMS.stream().anyMatch(reason::contains)) {
      return Optional.of(
          "the profile's IAM Identity Center (SSO) sign-in is missing or has expired: run aws"
              + " sso login --profile "
              + profile.group(1)
              + ", then try again");
    }
    if (failure.provider().startsWith("ContainerCredentialsProvider")
        && reason.contains("invalid host")
        && reason.contains("fd00:ec2::23")) {
      return Optional.of(
          "EKS Pod Identity on an IPv6 cluster: set AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE=IPv6"
              + " in the pod (the Helm chart's env), see docs/deploy.md, IPv6 clusters");
    }
    return Optional.empty();
  }

  private static boolean causedByIo(Throwable e) {
    for (var t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof IOException || t instanceof UncheckedIOException) {
        return true;
      }
      if (t == t.getCause()) {
        break;
      }
    }
    return false;
  }

  private static String errorCode(AwsServiceException e) {
    var details = e.awsErrorDetails();
    return details == null || details.errorCode() == null ? "" : details.errorCode();
  }

  private static String errorMessage(AwsServiceException e) {
    var details = e.awsErrorDetails();
    var message = details == null ? null : details.errorMessage();
    return message == null || message.isBlank() ? "HTTP " + e.statusCode() : guard(escape(message));
  }

  private static String describe(SdkException e) {
    return guard(escape(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
  }

  /** {@code text} with every control character written as a backslash, {@code u} and 4 hex. */
  static String escape(String text) {
    var out = new StringBuilder(text.length());
    text.codePoints()
        .forEach(
            c -> {
              if (Character.isISOControl(c)) {
                out.append(String.format(Locale.ROOT, "\\u%04x", c));
              } else {
                out.appendCodePoint(c);
              }
            });
    return out.toString();
  }

  /** {@code text}, or its first {@link #MAX_MESSAGE} characters and how many more there were. */
  private static String guard(String text) {
    if (text.length() <= MAX_MESSAGE) {
      return text;
    }
    return text.substring(0, MAX_MESSAGE)
        + " ["
        + (text.length() - MAX_MESSAGE)
        + " more characters not shown]";
  }

  private static String normalize(String code) {
    return code.endsWith("Exception") ? code.substring(0, code.length() - 9) : code;
  }
}
