package io.rootctl.sim;

import java.util.Optional;

/**
 * An AWS error, as the simulated organization answers it: the wire error code (e.g. {@code
 * NoSuchEntity}, {@code TooManyRequestsException}), the HTTP status and a message. The wire layer
 * only translates it into the service's error envelope. Messages never carry secrets.
 */
public final class SimException extends RuntimeException {
  private final String errorCode;
  private final int httpStatus;
  private final Optional<String> reason;

  public SimException(String errorCode, int httpStatus, String message) {
    this(errorCode, httpStatus, message, Optional.empty());
  }

  /**
   * @param reason the {@code Reason} member some Organizations errors carry (InvalidInputException,
   *     ConstraintViolationException), e.g. {@code INVALID_NEXT_TOKEN}
   */
  public SimException(String errorCode, int httpStatus, String message, Optional<String> reason) {
    super(message, null, false, false);
    this.errorCode = errorCode;
    this.httpStatus = httpStatus;
    this.reason = reason;
  }

  /** The Organizations {@code Reason} member, when the error has one. */
  public Optional<String> reason() {
    return reason;
  }

  /** The wire error code, e.g. {@code AccessDenied}. */
  public String errorCode() {
    return errorCode;
  }

  /** The HTTP status AWS answers this error with. */
  public int httpStatus() {
    return httpStatus;
  }

  /** True for server faults (5xx): the query protocol's {@code Receiver} type. */
  public boolean serverFault() {
    return httpStatus >= 500;
  }

  /** True for the throttling codes the AWS SDKs retry. */
  public boolean throttling() {
    return errorCode.equals("Throttling") || errorCode.equals("TooManyRequestsException");
  }

  static SimException accessDenied(String message) {
    return new SimException("AccessDenied", 403, message);
  }

  static SimException noSuchEntity(String message) {
    return new SimException("NoSuchEntity", 404, message);
  }

  static SimException validation(String message) {
    return new SimException("ValidationError", 400, message);
  }

  static SimException invalidInput(String reason, String message) {
    return new SimException("InvalidInputException", 400, message, Optional.of(reason));
  }

  static SimException organizationsAccessDenied() {
    return new SimException(
        "AccessDeniedException", 400, "You don't have permissions to access this resource.");
  }

  @Override
  public String toString() {
    return "SimException[" + errorCode + " " + httpStatus + ": " + getMessage() + "]";
  }
}
