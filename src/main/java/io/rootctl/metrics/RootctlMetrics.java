package io.rootctl.metrics;

import io.rootctl.model.AccountId;
import io.rootctl.model.Mode;
import io.rootctl.model.OrgFeature;
import io.rootctl.model.TaskPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * The port everything reports metrics through. Implementations are thread-safe and never throw.
 * {@link #NOOP} discards everything (CLI runs, tests that don't look).
 */
public interface RootctlMetrics {

  /** A reconcile run ended with {@code result} after {@code duration}. */
  void reconcileFinished(ReconcileResult result, Duration duration, Instant finishedAt);

  /** Replaces the drift gauges with what the last run saw. */
  void drift(DriftSnapshot snapshot);

  /**
   * One write: {@code action} is the AWS operation name, e.g. {@code DeleteAccessKey}; {@code
   * policy} is the root session's task policy, empty for organization-level writes.
   */
  void action(String action, Optional<TaskPolicy> policy, String result);

  /** One AWS API call (each SDK attempt), e.g. ("iam", "ListAccessKeys", OK). */
  void awsRequest(String service, String operation, CallOutcome outcome);

  /** One sts:AssumeRoot call. */
  void assumeRoot(TaskPolicy policy, CallOutcome outcome);

  /** A desired-state load succeeded: {@code revision} is now in force. */
  void desiredStateLoaded(String revision);

  /** A desired-state load failed; the last good revision (if any) stays in force. */
  void desiredStateRejected();

  /**
   * A desired-state load ran past its time budget ({@code true}), or the load that did has ended
   * ({@code false}). Does nothing unless overridden, for fakes that do not look.
   */
  default void desiredStateLoadStuck(boolean stuck) {}

  /** The mode the run that just finished used. Does nothing unless overridden. */
  default void mode(Mode mode) {}

  /**
   * Whether the run that just finished was stopped by the blast-radius guard ({@code
   * guards.maxActionsPerRun}). Does nothing unless overridden.
   */
  default void guardBlocked(boolean blocked) {}

  /**
   * The configured reconcile interval (whole seconds are exported). Does nothing unless overridden.
   */
  default void interval(Duration interval) {}

  /**
   * The organization root features the desired state in force wants enabled ({@code features:
   * enabled}). Does nothing unless overridden.
   */
  default void featuresWanted(Set<OrgFeature> wanted) {}

  /**
   * How many interrupted writes crash recovery left unrecovered at its last try (0 once it closed
   * them all). Does nothing unless overridden, for fakes that do not look.
   */
  default void unfinishedWrites(int count) {}

  /**
   * A client-side rate limit to report: {@code perSecond} reads the rate in force (requests per
   * second) of {@code operation} on {@code service}. Called once per limit, at start.
   */
  default void awsRateLimit(
      String service, String operation, java.util.function.DoubleSupplier perSecond) {}

  RootctlMetrics NOOP =
      new RootctlMetrics() {
        @Override
        public void reconcileFinished(ReconcileResult r, Duration d, Instant at) {}

        @Override
        public void drift(DriftSnapshot snapshot) {}

        @Override
        public void action(String action, Optional<TaskPolicy> policy, String result) {}

        @Override
        public void awsRequest(String service, String operation, CallOutcome outcome) {}

        @Override
        public void assumeRoot(TaskPolicy policy, CallOutcome outcome) {}

        @Override
        public void desiredStateLoaded(String revision) {}

        @Override
        public void desiredStateRejected() {}
      };

  /**
   * A root activity an event source saw: counts {@link MetricNames#ROOT_ACTIVITY_EVENTS}.
   *
   * @param event a bounded event name (the caller maps unknown names to {@code other})
   */
  default void rootActivity(String event, boolean expected) {}

  /**
   * An unexpected root activity in {@code account} at {@code at}: sets its {@link
   * MetricNames#ROOT_ACTIVITY_LAST_UNEXPECTED} gauge (never back in time).
   */
  default void unexpectedRootActivity(AccountId account, Instant at) {}

  /** Whether the event source {@code source} can see what it watches. */
  default void eventSourceUp(String source, boolean up) {}

  /** {@code count} queue messages of {@code source} ended as {@code outcome}. */
  default void eventMessages(String source, String outcome, int count) {}
}
