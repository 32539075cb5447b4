/**
 * Executes a {@link io.rootctl.plan.Plan}: refuses a stale one ({@link
 * io.rootctl.apply.StalePlanCheck}), runs the organization actions, then per account one root
 * session per task policy its actions need ({@link io.rootctl.apply.SessionPlan}, pure), the
 * actions in order, and a fresh audit read to verify. Accounts run concurrently; one account's
 * failure is its {@link io.rootctl.apply.AccountOutcome} and never stops the others. Every write
 * goes to the {@link io.rootctl.audit.AuditLog}.
 */
@NullMarked
package io.rootctl.apply;

import org.jspecify.annotations.NullMarked;
