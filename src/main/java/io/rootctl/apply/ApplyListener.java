package io.rootctl.apply;

import io.rootctl.plan.Plan;

/**
 * Told by the {@link Executor} when a run starts and how it ended, around the writes it records in
 * the {@link io.rootctl.audit.AuditLog}: what a log line about a write needs that the audit entry
 * does not carry (the account's name, the desired-state revision), and the run's summary. Called on
 * the thread that called {@link Executor#apply}, while the writes are recorded from the account
 * threads: implementations are thread-safe. Every method does nothing by default.
 */
public interface ApplyListener {

  /** Listens to nothing. */
  ApplyListener NONE = new ApplyListener() {};

  /** Before the first write of {@code options.runId()}: the plan that run applies. */
  default void starting(Plan plan, ApplyOptions options) {}

  /** After the last write of {@code result.runId()}, with its outcome. */
  default void finished(Plan plan, ApplyResult result) {}

  /**
   * The run ended by {@code cause} instead of a result, e.g. a {@link StalePlanException} before
   * any write, or an interruption; the exception is thrown on to the caller after this returns.
   */
  default void abandoned(Plan plan, ApplyOptions options, RuntimeException cause) {}
}
