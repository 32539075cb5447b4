package io.rootctl.cloud.aws;

import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Takes a permit from a {@link RateLimiter} before every attempt the SDK transmits, retries
 * included, so SDK retries cannot burst past the limit either.
 */
final class RateLimitingInterceptor implements ExecutionInterceptor {
  private final RateLimiter limiter;

  RateLimitingInterceptor(RateLimiter limiter) {
    this.limiter = limiter;
  }

  @Override
  public void beforeTransmission(
      Context.BeforeTransmission context, ExecutionAttributes executionAttributes) {
    try {
      limiter.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw AbortedException.builder()
          .message("interrupted while waiting for the client-side rate limit")
          .cause(e)
          .build();
    }
  }
}
