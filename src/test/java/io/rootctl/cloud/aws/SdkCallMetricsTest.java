package io.rootctl.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootctl.cloud.CallListener;
import io.rootctl.model.TaskPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.metrics.CoreMetric;
import software.amazon.awssdk.http.HttpMetric;
import software.amazon.awssdk.metrics.MetricCollector;

/**
 * Each SDK attempt becomes one request call, classified the way the SDK classified it; AssumeRoot
 * is also reported once per call with its final outcome.
 */
class SdkCallMetricsTest {
  /** An attempt: its HTTP status (0: none) and the SDK's error type (empty: success). */
  record Attempt(int status, String errorType) {}

  record Case(
      String name,
      String reason,
      String service,
      String operation,
      Optional<TaskPolicy> policy,
      List<Attempt> attempts,
      List<String> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "ok",
            "a 200 with no error",
            "IAM",
            "ListAccessKeys",
            Optional.empty(),
            List.of(new Attempt(200, "")),
            List.of("iam ListAccessKeys OK")),
        new Case(
            "throttled then ok",
            "each attempt counts, retries included",
            "Organizations",
            "ListAccessKeys",
            Optional.empty(),
            List.of(new Attempt(400, "Throttling"), new Attempt(200, "")),
            List.of("organizations ListAccessKeys THROTTLED", "organizations ListAccessKeys OK")),
        new Case(
            "server error",
            "a 5xx is an error, not throttling",
            "IAM",
            "ListAccessKeys",
            Optional.empty(),
            List.of(new Attempt(500, "ServerError")),
            List.of("iam ListAccessKeys ERROR")),
        new Case(
            "429 without a type",
            "HTTP 429 is throttling",
            "IAM",
            "ListAccessKeys",
            Optional.empty(),
            List.of(new Attempt(429, "")),
            List.of("iam ListAccessKeys THROTTLED")),
        new Case(
            "io error",
            "no response at all",
            "IAM",
            "ListAccessKeys",
            Optional.empty(),
            List.of(new Attempt(0, "IO")),
            List.of("iam ListAccessKeys ERROR")),
        new Case(
            "never sent",
            "no attempt (interrupted before sending) is one error",
            "IAM",
            "ListAccessKeys",
            Optional.empty(),
            List.of(),
            List.of("iam ListAccessKeys ERROR")),
        new Case(
            "assume root",
            "AssumeRoot also counts per task policy",
            "STS",
            "ListAccessKeys",
            Optional.of(TaskPolicy.DELETE_ROOT_USER_CREDENTIALS),
            List.of(new Attempt(403, "Other")),
            List.of("sts ListAccessKeys ERROR", "IAMDeleteRootUserCredentials ERROR")),
        new Case(
            "login profile not found",
            "GetLoginProfile's NoSuchEntity (404) is the answer for a root without one: ok",
            "IAM",
            "GetLoginProfile",
            Optional.empty(),
            List.of(new Attempt(404, "Other")),
            List.of("iam GetLoginProfile OK")),
        new Case(
            "other not found",
            "a 404 elsewhere stays an error",
            "IAM",
            "DeleteAccessKey",
            Optional.empty(),
            List.of(new Attempt(404, "Other")),
            List.of("iam DeleteAccessKey ERROR")),
        new Case(
            "assume root retried to success",
            "AssumeRoot counts once per call, with the outcome after the SDK's retries",
            "STS",
            "AssumeRoot",
            Optional.of(TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS),
            List.of(
                new Attempt(400, "Throttling"),
                new Attempt(500, "ServerError"),
                new Attempt(200, "")),
            List.of(
                "sts AssumeRoot THROTTLED",
                "sts AssumeRoot ERROR",
                "sts AssumeRoot OK",
                "IAMAuditRootUserCredentials OK")),
        new Case(
            "assume root retries exhausted",
            "the final failure is the last attempt's",
            "STS",
            "AssumeRoot",
            Optional.of(TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS),
            List.of(new Attempt(500, "ServerError"), new Attempt(400, "Throttling")),
            List.of(
                "sts AssumeRoot ERROR",
                "sts AssumeRoot THROTTLED",
                "IAMAuditRootUserCredentials THROTTLED")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void reportsEveryAttempt(Case c) {
    var heard = new ArrayList<String>();
    var listener =
        new CallListener() {
          @Override
          public void request(String service, String operation, Outcome outcome) {
            heard.add(service + " " + operation + " " + outcome);
          }

          @Override
          public void assumeRoot(TaskPolicy policy, Outcome outcome) {
            heard.add(policy.policyName() + " " + outcome);
          }
        };
    var call = MetricCollector.create("ApiCall");
    call.reportMetric(CoreMetric.SERVICE_ID, c.service());
    call.reportMetric(CoreMetric.OPERATION_NAME, c.operation());
    for (var a : c.attempts()) {
      var attempt = call.createChild("ApiCallAttempt");
      if (a.status() > 0) {
        attempt.reportMetric(HttpMetric.HTTP_STATUS_CODE, a.status());
      }
      if (!a.errorType().isEmpty()) {
        attempt.reportMetric(CoreMetric.ERROR_TYPE, a.errorType());
      }
    }

    new SdkCallMetrics(listener, c.policy()).publish(call.collect());

    assertThat(heard).as(c.reason()).isEqualTo(c.expected());
  }
}
