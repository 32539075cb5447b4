package io.rootctl.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.rootctl.model.AccountId;
import io.rootctl.model.Mode;
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
  // Held for writing while MultiGauges re-register, for reading while the registry is scraped.
  private final java.util.concurrent.locks.ReentrantReadWriteLock registrations =
      new java.util.concurrent.locks.ReentrantReadWriteLock();
  private final MultiGauge accountDrift;
  private final MultiGauge accountDriftSeconds;
  private final MultiGauge accountUnreadableSeconds;
  private final MultiGauge accountRequirementUnmet;
  private final MultiGauge credentialsPresent;
  private final MultiGauge featureEnabled;
  private final MultiGauge exceptionExpiry;
  private final MultiGauge desiredStateInfo;
  private final Counter loadErrors;
  // Issue 12: what the alerts need to tell situations apart.
  private final AtomicLong guardBlocked = new AtomicLong();
  private final AtomicLong intervalSeconds = new AtomicLong();
  private final MultiGauge mode;
  private final MultiGauge featureWanted;
  private final MultiGauge exceptionInfo;
  // Issue 13: root activity and the event sources.
  private final java.util.concurrent.ConcurrentHashMap<String, AtomicLong> lastUnexpected =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final java.util.concurrent.ConcurrentHashMap<String, AtomicLong> sourceUp =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * The most accounts with a {@link MetricNames#ROOT_ACTIVITY_LAST_UNEXPECTED} series: a bound
   * whatever the events name (twice the 10,000-account organization rootctl is measured with).
   */
  static final int MAX_ACTIVITY_ACCOUNTS = 20_000;

  /** Registers every series on {@code registry}, with the build read from the jar's manifest. */
  public MicrometerRootctlMetrics(MeterRegistry registry) {
    this(registry, BuildInfo.fromManifest());
  }

  /**
   * Registers every series on {@code registry}; {@code build} goes to {@code rootctl_build_info}.
   */
  public MicrometerRootctlMetrics(MeterRegistry registry, BuildInfo build) {
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
    accountRequirementUnmet =
        MultiGauge.builder(MetricNames.ACCOUNT_REQUIREMENT_UNMET)
            .description(
                "1 while the account's root user does not meet a requirement that needs a person"
                    + " (mfaDevices: required or hardware)")
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
    Gauge.builder(MetricNames.BUILD_INFO, () -> 1)
        .description("1, with the build's version and source revision as labels")
        .tags("version", build.version(), "revision", build.revision())
        .register(registry);
    Gauge.builder(MetricNames.GUARD_BLOCKED, guardBlocked, AtomicLong::get)
        .description("1 when the last run was stopped by the blast-radius guard (maxActionsPerRun)")
        .register(registry);
    Gauge.builder(MetricNames.RECONCILE_INTERVAL, intervalSeconds, AtomicLong::get)
        .description("The configured reconcile interval")
        .baseUnit("seconds")
        .register(registry);
    mode =
        MultiGauge.builder(MetricNames.MODE)
            .description("1 for the mode the last run used (observe or enforce)")
            .register(registry);
    featureWanted =
        MultiGauge.builder(MetricNames.ORG_FEATURE_WANTED)
            .description("1 when the desired state wants the organization root feature enabled")
            .register(registry);
    exceptionInfo =
        MultiGauge.builder(MetricNames.EXCEPTION_INFO)
            .description("1 per account with an active policy exception: its name, owner, ticket")
            .register(registry);
    // Zero-valued series from the start, so dashboards and alerts see them before the first event.
    for (var r : ReconcileResult.values()) {
      reconcileCounter(r);
      reconcileTimer(r);
    }
    mode(Mode.OBSERVE, false);
    featuresWanted(java.util.Set.of());
    ACTIONS.forEach(
        (action, policy) -> {
          for (var result : ACTION_RESULTS) {
            actionCounter(action, policy, result);
          }
        });
    AWS_OPERATIONS.forEach(
        (service, operations) -> {
          for (var operation : operations) {
            for (var o : CallOutcome.values()) {
              awsRequestCounter(service, operation, o);
            }
          }
        });
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

  /** The reconcile-duration buckets: a handful of service-level objectives, not ~90 buckets. */
  static final List<Duration> DURATION_BUCKETS =
      List.of(
          Duration.ofSeconds(1),
          Duration.ofSeconds(5),
          Duration.ofSeconds(15),
          Duration.ofSeconds(30),
          Duration.ofMinutes(1),
          Duration.ofMinutes(2),
          Duration.ofMinutes(5),
          Duration.ofMinutes(10),
          Duration.ofMinutes(30));

  private Timer reconcileTimer(ReconcileResult result) {
    return Timer.builder(MetricNames.RECONCILE_DURATION)
        .description("Duration of reconcile runs")
        .tag("result", result.tag())
        .serviceLevelObjectives(DURATION_BUCKETS.toArray(Duration[]::new))
        .register(registry);
  }

  @Override
  public void reconcileFinished(ReconcileResult result, Duration duration, Instant finishedAt) {
    reconcileTimer(result).record(duration);
    reconcileCounter(result).increment();
    if (result == ReconcileResult.SUCCESS) {
      lastSuccessEpochSeconds.set(finishedAt.getEpochSecond());
    }
  }

  @Override
  public void drift(DriftSnapshot s) {
    registrations.writeLock().lock();
    try {
      registerDrift(s);
    } finally {
      registrations.writeLock().unlock();
    }
  }

  /**
   * Runs a scrape of the registry ({@code PrometheusMeterRegistry::scrape}) while no per-account
   * gauge is being re-registered. Micrometer's {@link MultiGauge#register(Iterable, boolean)}
   * removes and re-adds each row, and a scrape in between fails with "Duplicate labels for metric"
   * (<a href="https://github.com/micrometer-metrics/micrometer/issues/6851">micrometer#6851</a>);
   * scrapes may run together, never during a snapshot's registration.
   *
   * @param scrape the registry's scrape
   * @return what it returned (the Prometheus text exposition)
   */
  public String scrape(java.util.function.Supplier<String> scrape) {
    registrations.readLock().lock();
    try {
      return scrape.get();
    } finally {
      registrations.readLock().unlock();
    }
  }

  /** {@code gauge.register(rows, true)} while no scrape runs (see {@link #scrape}). */
  private void reregister(MultiGauge gauge, List<MultiGauge.Row<?>> rows) {
    registrations.writeLock().lock();
    try {
      gauge.register(rows, true);
    } finally {
      registrations.writeLock().unlock();
    }
  }

  private void registerDrift(DriftSnapshot s) {
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
    accountRequirementUnmet.register(
        s.requirementsUnmet().entrySet().stream()
            .flatMap(
                e ->
                    e.getValue().stream()
                        .map(
                            r ->
                                MultiGauge.Row.of(
                                    Tags.of("account_id", e.getKey().value(), "requirement", r),
                                    1)))
            .toList(),
        true);
    credentialsPresent.register(
        java.util.Arrays.stream(PresentKind.values())
            .map(
                k ->
                    MultiGauge.Row.of(
                        Tags.of("kind", k.tag()), s.credentialsPresent().getOrDefault(k, 0)))
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
        s.exceptions().entrySet().stream()
            .map(
                e ->
                    MultiGauge.Row.of(
                        Tags.of("account_id", e.getKey().value()),
                        e.getValue().lapsesAt().getEpochSecond()))
            .toList(),
        true);
    exceptionInfo.register(
        s.exceptions().entrySet().stream()
            .map(
                e ->
                    MultiGauge.Row.of(
                        Tags.of(
                            "account_id", e.getKey().value(),
                            "account_name", e.getValue().accountName(),
                            "owner", e.getValue().owner(),
                            "ticket", e.getValue().ticket().orElse("")),
                        1))
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

  /**
   * Every write rootctl makes (the AWS operation without its service), with the task policy of its
   * root session; empty for organization-level writes. Registered at 0 for each result.
   */
  static final java.util.Map<String, Optional<TaskPolicy>> ACTIONS =
      java.util.Map.of(
          "DeleteLoginProfile", Optional.of(TaskPolicy.DELETE_ROOT_USER_CREDENTIALS),
          "DeleteAccessKey", Optional.of(TaskPolicy.DELETE_ROOT_USER_CREDENTIALS),
          "DeleteSigningCertificate", Optional.of(TaskPolicy.DELETE_ROOT_USER_CREDENTIALS),
          "DeactivateMFADevice", Optional.of(TaskPolicy.DELETE_ROOT_USER_CREDENTIALS),
          "DeleteVirtualMFADevice", Optional.of(TaskPolicy.DELETE_ROOT_USER_CREDENTIALS),
          "CreateLoginProfile", Optional.of(TaskPolicy.CREATE_ROOT_USER_PASSWORD),
          "EnableAWSServiceAccess", Optional.empty(),
          "EnableOrganizationsRootCredentialsManagement", Optional.empty(),
          "EnableOrganizationsRootSessions", Optional.empty());

  /** The {@code result} tag values of {@code rootctl_actions_total} ({@link MeteredAuditLog}). */
  static final List<String> ACTION_RESULTS = List.of("success", "tolerated", "failure");

  /**
   * Every AWS operation rootctl calls, by service, as the SDK names them; registered at 0 for each
   * outcome.
   */
  static final java.util.Map<String, List<String>> AWS_OPERATIONS =
      java.util.Map.of(
          "organizations",
          List.of(
              "DescribeOrganization",
              "ListRoots",
              "ListOrganizationalUnitsForParent",
              "ListAccountsForParent",
              "ListChildren",
              "ListAccounts",
              "DescribeAccount",
              "ListAWSServiceAccessForOrganization",
              "EnableAWSServiceAccess"),
          "iam",
          List.of(
              "ListOrganizationsFeatures",
              "EnableOrganizationsRootCredentialsManagement",
              "EnableOrganizationsRootSessions",
              "DisableOrganizationsRootCredentialsManagement",
              "DisableOrganizationsRootSessions",
              "GetAccountSummary",
              "GetLoginProfile",
              "ListAccessKeys",
              "GetAccessKeyLastUsed",
              "ListSigningCertificates",
              "ListMFADevices",
              "DeleteLoginProfile",
              "DeleteAccessKey",
              "DeleteSigningCertificate",
              "DeactivateMFADevice",
              "DeleteVirtualMFADevice",
              "CreateLoginProfile"),
          "sts",
          List.of("AssumeRoot"));

  private Counter actionCounter(String action, Optional<TaskPolicy> policy, String result) {
    return Counter.builder(MetricNames.ACTIONS)
        .description("Writes made, by action, task policy and result")
        .tags(
            "action",
            action,
            "task_policy",
            policy.map(TaskPolicy::policyName).orElse("none"),
            "result",
            result)
        .register(registry);
  }

  private Counter awsRequestCounter(String service, String operation, CallOutcome outcome) {
    return Counter.builder(MetricNames.AWS_REQUESTS)
        .description("AWS API calls (each SDK attempt), by service, operation and outcome")
        .tags("service", service, "operation", operation, "outcome", outcome.tag())
        .register(registry);
  }

  @Override
  public void action(String action, Optional<TaskPolicy> policy, String result) {
    actionCounter(action, policy, result).increment();
  }

  @Override
  public void awsRequest(String service, String operation, CallOutcome outcome) {
    awsRequestCounter(service, operation, outcome).increment();
    if (outcome == CallOutcome.THROTTLED) {
      throttleCounter(service, operation).increment();
    }
  }

  private Counter throttleCounter(String service, String operation) {
    return Counter.builder(MetricNames.AWS_THROTTLES)
        .description(
            "Throttling answers from AWS (each throttled attempt), by service and operation")
        .tags("service", service, "operation", operation)
        .register(registry);
  }

  @Override
  public void awsRateLimit(
      String service, String operation, java.util.function.DoubleSupplier perSecond) {
    io.micrometer.core.instrument.Gauge.builder(
            MetricNames.AWS_RATE_LIMIT, perSecond, java.util.function.DoubleSupplier::getAsDouble)
        .description("The client-side rate limit in force, in requests per second, per AWS API")
        .tags("service", service, "operation", operation)
        .strongReference(true)
        .register(registry);
    throttleCounter(service, operation);
  }

  @Override
  public void assumeRoot(TaskPolicy policy, CallOutcome outcome) {
    assumeRootCounter(policy, outcome).increment();
  }

  @Override
  public void desiredStateLoaded(String revision) {
    desiredStateValid.set(1);
    reregister(desiredStateInfo, List.of(MultiGauge.Row.of(Tags.of("revision", revision), 1)));
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

  // ---- issue 12: mode, guard, interval, wanted features ----------------------------------

  @Override
  public void mode(Mode current) {
    mode(current, true);
  }

  private void mode(Mode current, boolean known) {
    reregister(
        mode,
        java.util.Arrays.stream(Mode.values())
            .<MultiGauge.Row<?>>map(
                m ->
                    MultiGauge.Row.of(Tags.of("mode", m.yamlName()), known && m == current ? 1 : 0))
            .toList());
  }

  @Override
  public void guardBlocked(boolean blocked) {
    guardBlocked.set(blocked ? 1 : 0);
  }

  @Override
  public void interval(Duration interval) {
    intervalSeconds.set(interval.toSeconds());
  }

  @Override
  public void featuresWanted(java.util.Set<OrgFeature> wanted) {
    reregister(
        featureWanted,
        java.util.Arrays.stream(OrgFeature.values())
            .<MultiGauge.Row<?>>map(
                f -> MultiGauge.Row.of(Tags.of("feature", f.awsName()), wanted.contains(f) ? 1 : 0))
            .toList());
  }

  // ---- issue 11: the write-ahead journal ----------------------------------------------

  @Override
  public void unfinishedWrites(int count) {
    unfinishedWrites.set(count);
  }

  @Override
  public void rootActivity(String event, boolean expected) {
    Counter.builder(MetricNames.ROOT_ACTIVITY_EVENTS)
        .description("Root activities seen by the event sources")
        .tags("event", event, "expected", Boolean.toString(expected))
        .register(registry)
        .increment();
  }

  @Override
  public void unexpectedRootActivity(AccountId account, Instant at) {
    var key = account.value();
    var value = lastUnexpected.get(key);
    if (value == null) {
      if (lastUnexpected.size() >= MAX_ACTIVITY_ACCOUNTS) {
        return;
      }
      value =
          lastUnexpected.computeIfAbsent(
              key,
              k -> {
                var v = new AtomicLong();
                Gauge.builder(MetricNames.ROOT_ACTIVITY_LAST_UNEXPECTED, v, AtomicLong::get)
                    .description("Epoch seconds of the latest unexpected root activity")
                    .baseUnit("seconds")
                    .tags("account_id", k)
                    .register(registry);
                return v;
              });
    }
    value.accumulateAndGet(at.getEpochSecond(), Math::max);
  }

  @Override
  public void eventSourceUp(String source, boolean up) {
    sourceUp
        .computeIfAbsent(
            source,
            s -> {
              var v = new AtomicLong();
              Gauge.builder(MetricNames.EVENT_SOURCE_UP, v, AtomicLong::get)
                  .description("1 while the event source can see what it watches")
                  .tags("source", s)
                  .register(registry);
              return v;
            })
        .set(up ? 1 : 0);
  }

  @Override
  public void eventMessages(String source, String outcome, int count) {
    Counter.builder(MetricNames.EVENT_MESSAGES)
        .description("Event queue messages by outcome")
        .tags("source", source, "outcome", outcome)
        .register(registry)
        .increment(count);
  }
}
