package io.rootctl.cloud.aws;

import io.rootctl.cloud.CallListener;
import io.rootctl.model.TaskPolicy;
import java.util.Locale;
import java.util.Optional;
import software.amazon.awssdk.core.metrics.CoreMetric;
import software.amazon.awssdk.metrics.MetricCollection;
import software.amazon.awssdk.metrics.MetricPublisher;

/**
 * Reports every SDK attempt to a {@link CallListener}. A {@link MetricPublisher} rather than an
 * {@code ExecutionInterceptor}: the SDK publishes one collection per call with a child per attempt,
 * and classifies each failed attempt itself ({@code ERROR_TYPE}: Throttling, ServerError, IO, ...),
 * so throttling is recognised exactly as the SDK's retry strategy recognises it, without reading
 * error bodies. For {@code sts:AssumeRoot} the request carries its own publisher (request-level
 * publishers replace the client's), which also knows the task policy: AssumeRoot is reported once
 * per call, with the outcome of its last attempt (what is left after the SDK's retries), so an
 * alert on it sees final failures, not retried ones.
 *
 * <p>An expected "not found" is not an error: {@code GetLoginProfile} answers 404 {@code
 * NoSuchEntity} for a root user without a login profile (<a
 * href="https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetLoginProfile.html">GetLoginProfile</a>),
 * which is an answer, counted {@code ok}.
 */
final class SdkCallMetrics implements MetricPublisher {
  private static final String ATTEMPT = "ApiCallAttempt";
  private static final String THROTTLING = "Throttling";

  /** Operations whose 404 (NoSuchEntity) is an expected answer, not a failure. */
  static final java.util.Set<String> NOT_FOUND_IS_AN_ANSWER = java.util.Set.of("GetLoginProfile");

  private final CallListener listener;
  private final Optional<TaskPolicy> assumeRoot;

  SdkCallMetrics(CallListener listener, Optional<TaskPolicy> assumeRoot) {
    this.listener = listener;
    this.assumeRoot = assumeRoot;
  }

  @Override
  public void publish(MetricCollection call) {
    var service =
        first(call, CoreMetric.SERVICE_ID).map(s -> s.toLowerCase(Locale.ROOT)).orElse("unknown");
    var operation = first(call, CoreMetric.OPERATION_NAME).orElse("unknown");
    var attempts = call.children().stream().filter(c -> c.name().equals(ATTEMPT)).toList();
    var last = CallListener.Outcome.ERROR;
    if (attempts.isEmpty()) {
      // Failed before anything was sent (e.g. interrupted while waiting for the rate limit).
      listener.request(service, operation, last);
    }
    for (var attempt : attempts) {
      last = outcome(operation, attempt);
      listener.request(service, operation, last);
    }
    var finalOutcome = last;
    assumeRoot.ifPresent(policy -> listener.assumeRoot(policy, finalOutcome));
  }

  static CallListener.Outcome outcome(String operation, MetricCollection attempt) {
    var status = attempt.metricValues(software.amazon.awssdk.http.HttpMetric.HTTP_STATUS_CODE);
    if (!status.isEmpty()
        && status.getFirst() == 404
        && NOT_FOUND_IS_AN_ANSWER.contains(operation)) {
      return CallListener.Outcome.OK;
    }
    var error = first(attempt, CoreMetric.ERROR_TYPE);
    if (error.isPresent()) {
      return error.get().equals(THROTTLING)
          ? CallListener.Outcome.THROTTLED
          : CallListener.Outcome.ERROR;
    }
    if (!status.isEmpty() && status.getFirst() == 429) {
      return CallListener.Outcome.THROTTLED;
    }
    return !status.isEmpty() && status.getFirst() >= 300
        ? CallListener.Outcome.ERROR
        : CallListener.Outcome.OK;
  }

  private static <T> Optional<T> first(
      MetricCollection c, software.amazon.awssdk.metrics.SdkMetric<T> metric) {
    var values = c.metricValues(metric);
    return values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.getFirst());
  }

  @Override
  public void close() {}
}
