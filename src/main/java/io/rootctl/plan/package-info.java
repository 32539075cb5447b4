/**
 * A plan is a value: what rootctl would change, computed purely from the desired and the live
 * state. {@link io.rootctl.plan.Plan} holds the organization changes, then per-account ordered
 * {@link io.rootctl.plan.AccountAction}s with the fingerprint of the live state each was computed
 * from, the skipped accounts with reasons, and a summary. Nothing here does I/O or reads the clock.
 */
@NullMarked
package io.rootctl.plan;

import org.jspecify.annotations.NullMarked;
