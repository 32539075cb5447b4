package io.rootctl.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.rootctl.model.CredentialKind;
import io.rootctl.model.OrgFeature;
import io.rootctl.model.TaskPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link RootctlMetrics} on a Micrometer registry (the Prometheus registry in the controller).
 * Per-account gauges are {@link MultiGauge}s, so accounts that leave the organization or the plan
 * lose their series on the next snapshot. An account the last run could not read keeps its drift
 * series at the last known value, marked stale by its {@code rootctl_account_unreadable_seconds}
 * series. {@code rootctl_accounts} has every state, at 0, from the start.
 */
public final class MicrometerRootctlMetrics implements RootctlMetrics {
  private final MeterRegistry registry;
  private final AtomicLong lastSuccessEpochSeconds = new AtomicLong();
  private final AtomicLong desiredStateValid = new AtomicLong();
  private final AtomicLong desiredStateLoadStuck = new AtomicLong();
  private final AtomicLong unfinishedWrites = new AtomicLong();
  private final MultiGauge accounts;
  private final MultiGauge accountDrift;
  private final MultiGauge accountDriftSeconds;
  private final MultiGauge accountUnreadableSeconds;
  private final MultiGauge credentialsPresent;
  private final MultiGauge featureEnabled;
  private final MultiGauge exceptionExpiry;
  private final MultiGauge desiredStateInfo;
  private final Counter loadErrors;

  public MicrometerRootctlMetrics(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder(MetricNames.LAST_SUCCESS_TIMESTAMP, lastSuccessEpochSeconds, AtomicLong::get)
        .description("Epoch seconds of the last successful reconcile")
        .baseUnit("seconds")
        .register(registry);
    Gauge.builder(MetricNames.DESIRED_STATE_VALID, desiredStateValid, AtomicLong::get)
        .description("1 when the last desired-state load was valid, 0 when it was rejected")
        .register(registry);
    Gauge.builder(MetricNames.DESIRED_STATE_LOAD_STUCK, desiredStateLoadStuck, AtomicLong::get)
        .description("1 while a desired-state load runs past its time budget")
        .register(registry);
    Gauge.builder(MetricNames.AUDIT_UNFINISHED_WRITES, unfinishedWrites, AtomicLong::get)
        .description("Journalled writes without an outcome that crash recovery could not close")
        .register(registry);
    accounts =
        MultiGauge.builder(MetricNames.ACCOUNTS)
            .description("Member accounts by sync state")
            .register(registry);
    accountDrift =
        MultiGauge.builder(MetricNames.ACCOUNT_DRIFT)
            .description("1 when the account's root user differs from the desired state")
            .register(registry);
    accountDriftSeconds =
        MultiGauge.builder(MetricNames.ACCOUNT_DRIFT_SECONDS)
            .description("Seconds since the account was first seen drifted")
            .baseUnit("seconds")
            .register(registry);
    accountUnreadableSeconds =
        MultiGauge.builder(MetricNames.ACCOUNT_UNREADABLE_SECONDS)
            .description(
                "Seconds since the account's root user could first not be read; its drift is stale")
            .baseUnit("seconds")
            .register(registry);
    credentialsPresent =
        MultiGauge.builder(MetricNames.ROOT_CREDENTIALS_PRESENT)
            .description("Member accounts whose root user holds a credential of this kind")
            .register(registry);
    featureEnabled =
        MultiGauge.builder(MetricNames.ORG_FEATURE_ENABLED)
            .description("1 when the organization root feature is enabled")
            .register(registry);
    exceptionExpiry =
        MultiGauge.builder(MetricNames.EXCEPTION_EXPIRY_TIMESTAMP)
            .description("Epoch seconds when the account's policy exception lapses")
            .baseUnit("seconds")
            .register(registry);
    desiredStateInfo =
        MultiGauge.builder(MetricNames.DESIRED_STATE_INFO)
            .description("1 for the desired-state revision in force")
            .register(registry);
    loadErrors =
        Counter.builder(MetricNames.DESIRED_STATE_LOAD_ERRORS)
            .description("Desired-state loads that failed")
            .register(registry);
    // Zero-valued series from the start, so dashboards and alerts see them before the first event.
    for (var r : ReconcileResult.values()) {
      reconcileCounter(r);
    }
    accounts.register(accountStates(java.util.Map.of()), true);
    for (var p :
        List.of(
            TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS,
            TaskPolicy.DELETE_ROOT_USER_CREDENTIALS,
            TaskPolicy.CREATE_ROOT_USER_PASSWORD)) {
      for (var o : CallOutcome.values()) {
        assumeRootCounter(p, o);
      }
    }
  }

  private Counter reconcileCounter(ReconcileResult result) {
    return Counter.builder(MetricNames.RECONCILE)
        .description("Reconcile runs by result")
        .tag("result", result.tag())
        .register(registry);
  }

  private Counter assumeRootCounter(TaskPolicy policy, CallOutcome outcome) {
    return Counter.builder(MetricNames.ASSUME_ROOT)
        .description("sts:AssumeRoot calls by task policy and outcome")
        .tags("task_policy", policy.policyName(), "outcome", outcome.tag())
        .register(registry);
  }

  @Override
  public void reconcileFinished(ReconcileResult result, Duration duration, Instant finishedAt) {
    Timer.builder(MetricNames.RECONCILE_DURATION)
        .description("Duration of reconcile runs")
        .tag("result", result.tag())
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(10))
        .maximumExpectedValue(Duration.ofHours(2))
        .register(registry)
        .record(duration);
    reconcileCounter(result).increment();
    if (result == ReconcileResult.SUCCESS) {
      lastSuccessEpochSeconds.set(finishedAt.getEpochSecond());
    }
  }

  @Override
  public void drift(DriftSnapshot s) {
    accounts.register(accountStates(s.states()), true);
    accountDrift.register(
        s.accounts().stream()
            .map(
                a ->
                    MultiGauge.Row.of(
                        Tags.of(
                            "account_id", a.account().value(),
                            "account_name", a.name(),
                            "ou", a.ou()),
                        a.drifted() ? 1 : 0))
            .toList(),
        true);
    accountDriftSeconds.register(
        s.accounts().stream()
            .filter(DriftSnapshot.AccountDrift::drifted)
            .map(
                a ->
                    MultiGauge.Row.of(
                        Tags.of("account_id", a.account().value()), a.driftAge().toSeconds()))
            .toList(),
        true);
    accountUnreadableSeconds.register(
        s.unreadable().entrySet().stream()
            .map(
                e ->
                    MultiGauge.Row.of(
                        Tags.of("account_id", e.getKey().value()), e.getValue().toSeconds()))
            .toList(),
        true);
    credentialsPresent.register(
        java.util.Arrays.stream(CredentialKind.values())
            .map(
                k ->
                    MultiGauge.Row.of(
                        Tags.of("kind", k.yamlName()), s.credentialsPresent().getOrDefault(k, 0)))
            .toList(),
        true);
    featureEnabled.register(
        java.util.Arrays.stream(OrgFeature.values())
            .map(
                f ->
                    MultiGauge.Row.of(
                        Tags.of("feature", f.awsName()),
                        Boolean.TRUE.equals(s.features().get(f)) ? 1 : 0))
            .toList(),
        true);
    exceptionExpiry.register(
        s.exceptionExpiries().entrySet().stream()
            .map(
                e ->
                    MultiGauge.Row.of(
                        Tags.of("account_id", e.getKey().value()), e.getValue().getEpochSecond()))
            .toList(),
        true);
  }

  /** One row per state, every state present (0 when absent from {@code states}). */
  private static List<MultiGauge.Row<?>> accountStates(
      java.util.Map<AccountSyncState, Integer> states) {
    return java.util.Arrays.stream(AccountSyncState.values())
        .<MultiGauge.Row<?>>map(
            st -> MultiGauge.Row.of(Tags.of("state", st.tag()), states.getOrDefault(st, 0)))
        .toList();
  }

  @Override
  public void action(String action, Optional<TaskPolicy> policy, String result) {
    Counter.builder(MetricNames.ACTIONS)
        .description("Writes made, by action, task policy and result")
        .tags(
            "action",
            action,
            "task_policy",
            policy.map(TaskPolicy::policyName).orElse("none"),
            "result",
            result)
        .register(registry)
        .increment();
  }

  @Override
  public void awsRequest(String service, String operation, CallOutcome outcome) {
    Counter.builder(MetricNames.AWS_REQUESTS)
        .description("AWS API calls (each SDK attempt), by service, operation and outcome")
        .tags("service", service, "operation", operation, "outcome", outcome.tag())
        .register(registry)
        .increment();
  }

  @Override
  public void assumeRoot(TaskPolicy policy, CallOutcome outcome) {
    assumeRootCounter(policy, outcome).increment();
  }

  @Override
  public void desiredStateLoaded(String revision) {
    desiredStateValid.set(1);
    desiredStateInfo.register(List.of(MultiGauge.Row.of(Tags.of("revision", revision), 1)), true);
  }

  @Override
  public void desiredStateRejected() {
    desiredStateValid.set(0);
    loadErrors.increment();
  }

  @Override
  public void desiredStateLoadStuck(boolean stuck) {
    desiredStateLoadStuck.set(stuck ? 1 : 0);
  }

  @Override
  public void unfinishedWrites(int count) {
    unfinishedWrites.set(count);
  }
}
