package io.rootctl.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.rootctl.audit.AuditEntry;
import io.rootctl.audit.AuditError;
import io.rootctl.audit.AuditResult;
import io.rootctl.model.AccountId;
import io.rootctl.model.TaskPolicy;
import io.rootctl.testing.RecordingAuditLog;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MeteredAuditLogTest {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final RecordingAuditLog recorded = new RecordingAuditLog();
  private final MeteredAuditLog log =
      new MeteredAuditLog(recorded, new MicrometerRootctlMetrics(registry));

  private static AuditEntry entry(Optional<TaskPolicy> policy, String action, AuditResult result) {
    var failed = result == AuditResult.FAILED || result == AuditResult.TOLERATED;
    return new AuditEntry(
        "run-1",
        policy.map(p -> AccountId.of("555555555555")),
        policy,
        action,
        "AKIAEXAMPLE",
        result,
        failed
            ? Optional.of(
                new AuditError("iam:DeleteVirtualMFADevice", "AccessDenied", "req-1", "denied"))
            : Optional.empty());
  }

  @Test
  void countsEveryRecordedWriteByOperationTaskPolicyAndResult() {
    var delete = Optional.of(TaskPolicy.DELETE_ROOT_USER_CREDENTIALS);
    log.record(entry(delete, "iam:DeleteAccessKey", AuditResult.OK));
    log.record(entry(delete, "iam:DeleteAccessKey", AuditResult.ALREADY_DONE));
    log.record(entry(delete, "iam:DeleteVirtualMFADevice", AuditResult.TOLERATED));
    log.record(entry(delete, "iam:DeleteAccessKey", AuditResult.FAILED));
    log.record(entry(Optional.empty(), "organizations:EnableAWSServiceAccess", AuditResult.OK));

    assertThat(recorded.entries()).as("the audit trail first").hasSize(5);
    assertThat(registry.scrape())
        .contains(
            "rootctl_actions_total{action=\"DeleteAccessKey\",result=\"success\",task_policy=\"IAMDeleteRootUserCredentials\"} 2")
        .contains(
            "rootctl_actions_total{action=\"DeleteVirtualMFADevice\",result=\"tolerated\",task_policy=\"IAMDeleteRootUserCredentials\"} 1")
        .contains(
            "rootctl_actions_total{action=\"DeleteAccessKey\",result=\"failure\",task_policy=\"IAMDeleteRootUserCredentials\"} 1")
        .contains(
            "rootctl_actions_total{action=\"EnableAWSServiceAccess\",result=\"success\",task_policy=\"none\"} 1");
  }
}
