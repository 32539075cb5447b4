package io.rootctl.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * The root sessions share one IAM client: each request names its member account's limiter, and a
 * request that names none is not sent.
 */
class RateLimitingInterceptorTest {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final List<Duration> waits = new ArrayList<>();

  private RateLimiter limiter() {
    return new RateLimiter(
        1,
        1,
        nanos::get,
        d -> {
          waits.add(d);
          nanos.addAndGet(d.toNanos());
        });
  }

  private static ExecutionAttributes request(RateLimiter limiter) {
    var attributes = new ExecutionAttributes();
    attributes.putAttribute(SdkExecutionAttribute.OPERATION_NAME, "GetLoginProfile");
    if (limiter != null) {
      attributes.putAttribute(RateLimitingInterceptor.LIMITER, limiter);
    }
    return attributes;
  }

  @Test
  void eachRequestTakesItsPermitFromTheLimiterItNames() {
    var interceptor = RateLimitingInterceptor.perRequest();
    var accountA = limiter();
    var accountB = limiter();
    interceptor.beforeTransmission(null, request(accountA));
    interceptor.beforeTransmission(null, request(accountB)); // B's own burst: no wait
    assertThat(waits).isEmpty();
    interceptor.beforeTransmission(null, request(accountA)); // A at 1/s: waits its second
    assertThat(waits).containsExactly(Duration.ofSeconds(1));
  }

  @Test
  void aRequestThatNamesNoLimiterIsNotSent() {
    var interceptor = RateLimitingInterceptor.perRequest();
    assertThatThrownBy(() -> interceptor.beforeTransmission(null, request(null)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("GetLoginProfile");
  }

  @Test
  void aNamedLimiterWinsOverTheClientsOwn() {
    var clients = limiter();
    var named = limiter();
    var interceptor = new RateLimitingInterceptor(clients);
    interceptor.beforeTransmission(null, request(named));
    interceptor.beforeTransmission(null, request(null)); // the client's own: its burst
    assertThat(waits).isEmpty();
    interceptor.beforeTransmission(null, request(named));
    assertThat(waits).containsExactly(Duration.ofSeconds(1));
  }
}
