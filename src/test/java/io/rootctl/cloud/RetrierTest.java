package io.rootctl.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetrierTest {
  private final List<Duration> slept = new ArrayList<>();
  private final Retrier retrier =
      new Retrier(
          new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1)), slept::add, () -> 1.0);

  private static RetryableCloudException throttled() {
    return new RetryableCloudException(
        "iam:ListAccessKeys",
        Optional.of("222222222222"),
        "Throttling",
        "req-1",
        "Rate exceeded",
        null);
  }

  @Test
  void retriesRetryableFailuresWithBackoffUntilSuccess() {
    var calls = new AtomicInteger();
    var result =
        retrier.call(
            3,
            () -> {
              if (calls.incrementAndGet() < 3) {
                throw throttled();
              }
              return "ok";
            });
    assertThat(result).isEqualTo("ok");
    assertThat(slept).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
  }

  @Test
  void rethrowsTheLastRetryableFailureAfterMaxAttempts() {
    var calls = new AtomicInteger();
    assertThatThrownBy(
            () ->
                retrier.run(
                    2,
                    () -> {
                      calls.incrementAndGet();
                      throw throttled();
                    }))
        .isInstanceOf(RetryableCloudException.class);
    assertThat(calls).hasValue(2);
    assertThat(slept).hasSize(1);
  }

  @Test
  void neverRetriesTerminalFailures() {
    var calls = new AtomicInteger();
    assertThatThrownBy(
            () ->
                retrier.run(
                    5,
                    () -> {
                      calls.incrementAndGet();
                      throw new TerminalCloudException(
                          TerminalCloudException.Kind.ACCESS_DENIED,
                          "iam:DeleteAccessKey",
                          Optional.empty(),
                          "AccessDenied",
                          "req-2",
                          "",
                          null);
                    }))
        .isInstanceOf(TerminalCloudException.class);
    assertThat(calls).hasValue(1);
    assertThat(slept).isEmpty();
  }

  @Test
  void givesUpAndKeepsTheInterruptFlagWhenInterruptedWhileWaiting() {
    var interrupted =
        new Retrier(
            Backoff.DEFAULT,
            d -> {
              throw new InterruptedException();
            },
            () -> 1.0);
    try {
      assertThatThrownBy(
              () ->
                  interrupted.run(
                      5,
                      () -> {
                        throw throttled();
                      }))
          .isInstanceOf(RetryableCloudException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }
}
