package io.rootctl.cloud;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** A failure that a later attempt may not see: throttling, a 5xx, a timeout, a connection reset. */
public final class RetryableCloudException extends CloudException {
  public RetryableCloudException(
      String operation,
      Optional<String> account,
      String errorCode,
      String requestId,
      String detail,
      @Nullable Throwable cause) {
    super(operation, account, errorCode, requestId, detail, cause);
  }
}
