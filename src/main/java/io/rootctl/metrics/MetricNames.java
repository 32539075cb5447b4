package io.rootctl.metrics;

import java.util.List;

/**
 * Every metric rootctl registers, as Micrometer dot names. The Prometheus exposition turns dots
 * into underscores and adds {@code _total} to counters and {@code _seconds} to timers and to gauges
 * whose base unit is seconds, e.g. {@code rootctl.reconcile} becomes {@code
 * rootctl_reconcile_total}.
 */
public final class MetricNames {
  private MetricNames() {}

  /** Timer (histogram) of whole reconcile runs; tag {@code result}. */
  public static final String RECONCILE_DURATION = "rootctl.reconcile.duration";

  /** Counter of reconcile runs; tag {@code result}. */
  public static final String RECONCILE = "rootctl.reconcile";

  /** Gauge: epoch seconds of the last successful run. */
  public static final String LAST_SUCCESS_TIMESTAMP = "rootctl.last.success.timestamp";

  /**
   * Gauge: member accounts by {@code state} (in_sync, drifted, needs_person, skipped, failed,
   * unreadable).
   */
  public static final String ACCOUNTS = "rootctl.accounts";

  /** Gauge per account: 1 drifted, 0 in sync; tags account_id, account_name, ou. */
  public static final String ACCOUNT_DRIFT = "rootctl.account.drift";

  /** Gauge per drifted account: seconds since it was first seen drifted; tag account_id. */
  public static final String ACCOUNT_DRIFT_SECONDS = "rootctl.account.drift.seconds";

  /**
   * Gauge per account and requirement the desired state sets but the root user does not meet and
   * rootctl cannot meet itself ({@code mfaDevices: required} or {@code hardware}): 1, present only
   * while unmet (kept, stale, while the account cannot be read). Tags account_id, requirement
   * ({@code mfaDevices}).
   */
  public static final String ACCOUNT_REQUIREMENT_UNMET = "rootctl.account.requirement.unmet";

  /**
   * Gauge per account the last run could not read: seconds since the first run in a row that could
   * not read it; its {@link #ACCOUNT_DRIFT} value, if any, is stale. Tag account_id.
   */
  public static final String ACCOUNT_UNREADABLE_SECONDS = "rootctl.account.unreadable.seconds";

  /**
   * Gauge: accounts whose root user holds a credential of {@code kind} ({@link PresentKind}: a
   * login profile and a console password are counted apart).
   */
  public static final String ROOT_CREDENTIALS_PRESENT = "rootctl.root.credentials.present";

  /** Gauge: 1 when the organization root feature ({@code feature}) is enabled. */
  public static final String ORG_FEATURE_ENABLED = "rootctl.org.feature.enabled";

  /**
   * Gauge per root feature the desired state wants enabled ({@code features: enabled}): 1; every
   * other feature 0. Tag feature.
   */
  public static final String ORG_FEATURE_WANTED = "rootctl.org.feature.wanted";

  /** Counter of writes; tags action, task_policy, result (every known action at 0 from start). */
  public static final String ACTIONS = "rootctl.actions";

  /**
   * Counter of AWS API attempts (SDK retries included); tags service, operation, outcome (ok,
   * throttled, error). An expected "not found" (GetLoginProfile's NoSuchEntity) is ok.
   */
  public static final String AWS_REQUESTS = "rootctl.aws.requests";

  /**
   * Counter of sts:AssumeRoot calls, each counted once with its final outcome after the SDK's
   * retries; tags task_policy, outcome.
   */
  public static final String ASSUME_ROOT = "rootctl.assume.root";

  /** Gauge: 1 when the last desired-state load was valid. */
  public static final String DESIRED_STATE_VALID = "rootctl.desired.state.valid";

  /** Gauge: 1 for the revision in force; tag revision. */
  public static final String DESIRED_STATE_INFO = "rootctl.desired.state.info";

  /** Counter of desired-state loads that failed. */
  public static final String DESIRED_STATE_LOAD_ERRORS = "rootctl.desired.state.load.errors";

  /** Gauge: 1 while a desired-state load runs past its time budget, 0 otherwise. */
  public static final String DESIRED_STATE_LOAD_STUCK = "rootctl.desired.state.load.stuck";

  /**
   * Gauge: writes the audit journal shows started without an outcome (and virtual MFA devices left
   * deactivated but not deleted) that crash recovery could not close at its last try.
   */
  public static final String AUDIT_UNFINISHED_WRITES = "rootctl.audit.unfinished.writes";

  /** Gauge per account with an active exception: epoch seconds when it lapses. */
  public static final String EXCEPTION_EXPIRY_TIMESTAMP = "rootctl.exception.expiry.timestamp";

  /** Gauge: 1, with the build's {@code version} and {@code revision} as tags. */
  public static final String BUILD_INFO = "rootctl.build.info";

  /**
   * Gauge: 1 for the mode the last run used ({@code mode} = observe or enforce), 0 for the other.
   */
  public static final String MODE = "rootctl.mode";

  /** Gauge: 1 when the last run was stopped by the blast-radius guard (maxActionsPerRun). */
  public static final String GUARD_BLOCKED = "rootctl.guard.blocked";

  /** Gauge: the configured reconcile interval in seconds ({@code --interval}). */
  public static final String RECONCILE_INTERVAL = "rootctl.reconcile.interval";

  /**
   * Gauge per account with an active exception: 1; tags account_id, account_name, owner, ticket
   * (empty when none). Join on account_id with {@link #EXCEPTION_EXPIRY_TIMESTAMP}.
   */
  public static final String EXCEPTION_INFO = "rootctl.exception.info";

  /**
   * Gauge: the client-side rate limit in force, in requests per second, per AWS API ({@code
   * service}, {@code operation}; IAM's is the management account's, {@code operation} all): the
   * configured rate ({@code --rate}) until a throttling answer cuts it, then recovering to it.
   */
  public static final String AWS_RATE_LIMIT = "rootctl.aws.rate.limit.requests.per.second";

  /**
   * Counter of throttling answers from AWS (each throttled SDK attempt); tags service, operation.
   */
  public static final String AWS_THROTTLES = "rootctl.aws.throttles";

  /**
   * Counter of root activities the event sources saw (a root user's API call, console sign-in or a
   * GuardDuty finding about root credentials); tags {@code event} (the CloudTrail event name or
   * finding type when it is one rootctl knows, otherwise {@code other}) and {@code expected}
   * ({@code true} for rootctl's own AssumeRoot sessions).
   */
  public static final String ROOT_ACTIVITY_EVENTS = "rootctl.root.activity.events";

  /**
   * Gauge per member account: epoch seconds of the latest unexpected root activity seen there (the
   * time the event reports); tag account_id.
   */
  public static final String ROOT_ACTIVITY_LAST_UNEXPECTED =
      "rootctl.root.activity.last.unexpected.timestamp";

  /** Gauge per event source: 1 while it can see what it watches (the queue), 0 not; tag source. */
  public static final String EVENT_SOURCE_UP = "rootctl.event.source.up";

  /**
   * Counter of queue messages by what became of them; tags {@code source} and {@code outcome}:
   * {@code received}, {@code deleted}, {@code rejected} (malformed or foreign, deleted), {@code
   * ignored} (an unknown or skipped account, an own write or a duplicate: deleted, no run).
   */
  public static final String EVENT_MESSAGES = "rootctl.event.messages";

  /** The Prometheus series names rootctl exposes (histogram: the _count series). */
  public static final List<String> PROMETHEUS_NAMES =
      List.of(
          "rootctl_reconcile_duration_seconds",
          "rootctl_reconcile_total",
          "rootctl_last_success_timestamp_seconds",
          "rootctl_accounts",
          "rootctl_account_drift",
          "rootctl_account_drift_seconds",
          "rootctl_account_unreadable_seconds",
          "rootctl_account_requirement_unmet",
          "rootctl_root_credentials_present",
          "rootctl_org_feature_enabled",
          "rootctl_actions_total",
          "rootctl_aws_requests_total",
          "rootctl_assume_root_total",
          "rootctl_desired_state_valid",
          "rootctl_desired_state_info",
          "rootctl_desired_state_load_errors_total",
          "rootctl_desired_state_load_stuck",
          "rootctl_exception_expiry_timestamp_seconds",
          "rootctl_exception_info",
          "rootctl_org_feature_wanted",
          "rootctl_build_info",
          "rootctl_mode",
          "rootctl_guard_blocked",
          "rootctl_reconcile_interval_seconds",
          "rootctl_aws_rate_limit_requests_per_second",
          "rootctl_aws_throttles_total",
          "rootctl_root_activity_events_total",
          "rootctl_root_activity_last_unexpected_timestamp_seconds",
          "rootctl_event_source_up",
          "rootctl_event_messages_total");
}
