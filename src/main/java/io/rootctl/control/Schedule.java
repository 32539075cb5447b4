package io.rootctl.control;

import io.rootctl.cloud.Backoff;
import java.time.Duration;
import java.time.Instant;
import java.util.function.DoubleSupplier;

/**
 * When the next run happens, from how the last one ended (STYLE B3): success waits the interval
 * (plus up to {@code jitterFraction} of it, so many controllers don't beat in step); a retryable
 * failure backs off exponentially with jitter, capped at the interval; a terminal failure waits the
 * interval (a new revision triggers a run sooner). Pure.
 */
public record Schedule(Duration interval, double jitterFraction, Backoff retry) {

  public Schedule {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive: " + interval);
    }
    if (jitterFraction < 0 || jitterFraction > 1) {
      throw new IllegalArgumentException("jitterFraction must be in [0, 1]: " + jitterFraction);
    }
  }

  /** The default: 10% interval jitter, retries from 5 s doubling up to the interval. */
  public static Schedule of(Duration interval) {
    var base = Duration.ofSeconds(5).compareTo(interval) < 0 ? Duration.ofSeconds(5) : interval;
    return new Schedule(interval, 0.1, new Backoff(base, interval));
  }

  public Instant next(RunResult last, Instant now, DoubleSupplier jitter) {
    return switch (last) {
      case RunResult.Succeeded s -> now.plus(jittered(jitter));
      case RunResult.TerminalFailure t -> now.plus(jittered(jitter));
      case RunResult.RetryableFailure r -> now.plus(retry.delay(r.attempt(), jitter));
    };
  }

  private Duration jittered(DoubleSupplier jitter) {
    double j = Math.min(Math.max(jitter.getAsDouble(), 0.0), 1.0);
    return interval.plusMillis(Math.round(interval.toMillis() * jitterFraction * j));
  }
}
