/**
 * The controller: follows the desired-state directory (a git-sync checkout or a plain folder),
 * keeps the last good desired state, and runs the engine's reconcile on an interval, on each new
 * revision and after failures, coalescing triggers that arrive mid-run into one follow-up run.
 * Scheduling and backoff are pure functions; the threads are thin glue. No decision about what to
 * change lives here.
 */
@NullMarked
package io.rootctl.control;

import org.jspecify.annotations.NullMarked;
