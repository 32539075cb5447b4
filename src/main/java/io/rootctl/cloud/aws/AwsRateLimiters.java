package io.rootctl.cloud.aws;

import io.rootctl.cloud.CallListener;
import io.rootctl.cloud.RateLimits;
import io.rootctl.cloud.Sleeper;
import io.rootctl.model.TaskPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * One adaptive {@link RateLimiter} per AWS API, built from {@link RateLimits}: one per
 * Organizations operation (each with its own published rate and burst), one for sts:AssumeRoot, one
 * for the management account's own IAM calls, and a fresh one per root session for the IAM calls in
 * its member account ({@link #newMemberAccountIam()}). {@link #feedback} turns the throttling
 * answers the SDK reports into {@link RateLimiter#throttled()} on the limiter that admitted the
 * call. Thread-safe.
 */
final class AwsRateLimiters {
  private final RateLimits limits;
  private final LongSupplier nanoTime;
  private final Sleeper sleeper;
  private final RateLimiter sts;
  private final RateLimiter iam;
  private final Map<String, RateLimiter> organizations = new ConcurrentHashMap<>();

  AwsRateLimiters(RateLimits limits, LongSupplier nanoTime, Sleeper sleeper) {
    this.limits = limits;
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
    this.sts = limiter(limits.limit(RateLimits.STS));
    this.iam = limiter(limits.limit(RateLimits.IAM));
    for (var key : RateLimits.keys()) {
      if (key.startsWith(RateLimits.ORGANIZATIONS + ".")
          && !key.equals(RateLimits.ORGANIZATIONS_OTHER)) {
        var operation = key.substring(RateLimits.ORGANIZATIONS.length() + 1);
        organizations.put(operation, limiter(limits.limit(key)));
      }
    }
  }

  private RateLimiter limiter(RateLimits.Limit limit) {
    return new RateLimiter(limit.perSecond(), limit.burst(), nanoTime, sleeper);
  }

  RateLimiter sts() {
    return sts;
  }

  /** The limiter for the management account's own IAM calls. */
  RateLimiter managementIam() {
    return iam;
  }

  /** A new limiter for the IAM calls of one root session (IAM throttles per account). */
  RateLimiter newMemberAccountIam() {
    return limiter(limits.limit(RateLimits.IAM));
  }

  /**
   * The limiter of one Organizations operation; an operation without a published rate gets one of
   * its own at {@link RateLimits#ORGANIZATIONS_OTHER}'s.
   */
  RateLimiter organizations(String operation) {
    return organizations.computeIfAbsent(operation, op -> limiter(limits.organizations(op)));
  }

  /** One rate in force, for the metrics: service, operation and the limiter's current rate. */
  record RateInForce(String service, String operation, DoubleSupplier perSecond) {}

  /**
   * The rates in force: sts AssumeRoot, the management account's IAM (operation {@code all}), and
   * every Organizations API with a published rate.
   */
  List<RateInForce> rates() {
    var rates = new ArrayList<RateInForce>();
    rates.add(new RateInForce("sts", "AssumeRoot", sts::ratePerSecond));
    rates.add(new RateInForce("iam", "all", iam::ratePerSecond));
    organizations.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e ->
                rates.add(
                    new RateInForce("organizations", e.getKey(), e.getValue()::ratePerSecond)));
    return rates;
  }

  /**
   * A listener that tells {@code limiter} about every throttled attempt of {@code service}, then
   * passes every event on to {@code next}.
   */
  static CallListener feedback(CallListener next, LimiterFor limiter) {
    return new CallListener() {
      @Override
      public void request(String service, String operation, Outcome outcome) {
        if (outcome == Outcome.THROTTLED) {
          limiter.of(service, operation).throttled();
        }
        next.request(service, operation, outcome);
      }

      @Override
      public void assumeRoot(TaskPolicy policy, Outcome outcome) {
        next.assumeRoot(policy, outcome);
      }
    };
  }

  /** Which limiter admitted a call of {@code service} and {@code operation}. */
  @FunctionalInterface
  interface LimiterFor {
    RateLimiter of(String service, String operation);
  }

  /** The limiter of the clients this object built itself: STS, management IAM, Organizations. */
  RateLimiter of(String service, String operation) {
    return switch (service) {
      case "sts" -> sts;
      case "organizations" -> organizations(operation);
      default -> iam;
    };
  }
}
