/**
 * The controller: follows the desired-state directory (a git-sync checkout or a plain folder),
 * keeps the last good desired state, and runs the engine's reconcile whenever an event source asks
 * (the built-in directory watcher on each new revision, the built-in interval timer on the schedule
 * and after failures, and any registered source, which may also name accounts to read fresh),
 * coalescing triggers that arrive mid-run into one follow-up run. Scheduling and backoff are pure
 * functions; the threads are thin glue. No decision about what to change lives here.
 */
@NullMarked
package io.rootctl.control;

import org.jspecify.annotations.NullMarked;
