package io.rootctl.cloud;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A failed AWS call, in rootctl's terms. Carries the operation (e.g. {@code iam:DeleteAccessKey}),
 * the account it was about (when there is one), the AWS error code and the request id. The message
 * is {@code OPERATION [in account ID] failed: CODE: DETAIL (request ID)}, or, for a detail of
 * several lines (one per credential provider), {@code OPERATION failed: CODE (request ID): } and
 * the lines. Messages never carry secrets.
 */
public abstract sealed class CloudException extends RuntimeException
    permits RetryableCloudException, TerminalCloudException {

  private final String operation;
  private final Optional<String> account;
  private final String errorCode;
  private final String requestId;

  protected CloudException(
      String operation,
      Optional<String> account,
      String errorCode,
      String requestId,
      String detail,
      @Nullable Throwable cause) {
    super(format(operation, account, errorCode, requestId, detail), cause);
    this.operation = Objects.requireNonNull(operation);
    this.account = Objects.requireNonNull(account);
    this.errorCode = Objects.requireNonNull(errorCode);
    this.requestId = Objects.requireNonNull(requestId);
  }

  private static String format(
      String operation, Optional<String> account, String code, String requestId, String detail) {
    var sb = new StringBuilder(operation);
    account.ifPresent(a -> sb.append(" in account ").append(a));
    sb.append(" failed: ").append(code);
    var request = " (request " + (requestId.isBlank() ? "none" : requestId) + ")";
    if (detail.contains("\n")) {
      // One line per part (e.g. per credential provider): the request id stays on the first.
      return sb.append(request).append(": ").append(detail).toString();
    }
    if (!detail.isBlank()) {
      sb.append(": ").append(detail);
    }
    return sb.append(request).toString();
  }

  /** The AWS operation, {@code service:Operation}, e.g. {@code sts:AssumeRoot}. */
  public String operation() {
    return operation;
  }

  /** The 12-digit account the call was about, if any. */
  public Optional<String> account() {
    return account;
  }

  /** The AWS error code as sent on the wire, e.g. {@code AccessDenied}; or a client-side code. */
  public String errorCode() {
    return errorCode;
  }

  /** The AWS request id, or an empty string when the call never reached AWS. */
  public String requestId() {
    return requestId;
  }

  /**
   * The message built from the operation, account, error code, detail and request id; never null.
   * Overridden only to say so to NullAway, which takes {@link Throwable#getMessage()} as nullable.
   */
  @Override
  public String getMessage() {
    return Objects.requireNonNull(super.getMessage());
  }
}
