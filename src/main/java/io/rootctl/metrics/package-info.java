/**
 * rootctl's metrics: the {@link io.rootctl.metrics.RootctlMetrics} port that the engine and the
 * controller report through, its Micrometer implementation, and the metric names (defined once in
 * {@link io.rootctl.metrics.MetricNames}). Labels are bounded: tag values come from enums, and
 * per-account series exist at most once per account.
 */
@NullMarked
package io.rootctl.metrics;

import org.jspecify.annotations.NullMarked;
