package io.rootctl.cloud.aws;

import java.util.function.Function;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Takes a permit from the {@link RateLimiter} of the call's operation before every attempt the SDK
 * transmits, retries included, so SDK retries cannot burst past the limit either.
 */
final class RateLimitingInterceptor implements ExecutionInterceptor {
  /**
   * The limiter a request names itself (in its override configuration), for a client shared by
   * requests under different limits: the root sessions' IAM client, one limiter per member account.
   */
  static final ExecutionAttribute<RateLimiter> LIMITER =
      new ExecutionAttribute<>("rootctl.RateLimiter");

  private final Function<String, RateLimiter> byOperation;

  /** One limiter for every operation of the client. */
  RateLimitingInterceptor(RateLimiter limiter) {
    this(operation -> limiter);
  }

  /** A limiter per operation, e.g. one per Organizations API. */
  RateLimitingInterceptor(Function<String, RateLimiter> byOperation) {
    this.byOperation = byOperation;
  }

  /**
   * The limiter each request names in {@link #LIMITER}; a request without one fails before it is
   * sent (no call goes out unlimited).
   */
  static RateLimitingInterceptor perRequest() {
    return new RateLimitingInterceptor(
        operation -> {
          throw new IllegalStateException(
              "a request of this client must name its rate limiter (" + operation + ")");
        });
  }

  @Override
  public void beforeTransmission(
      Context.BeforeTransmission context, ExecutionAttributes executionAttributes) {
    var operation = executionAttributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    var named = executionAttributes.getAttribute(LIMITER);
    try {
      (named != null ? named : byOperation.apply(operation == null ? "unknown" : operation))
          .acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw AbortedException.builder()
          .message("interrupted while waiting for the client-side rate limit")
          .cause(e)
          .build();
    }
  }
}
