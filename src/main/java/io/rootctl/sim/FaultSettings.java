package io.rootctl.sim;

import java.time.Duration;
import java.util.OptionalDouble;

/**
 * Which faults the simulated organization injects.
 *
 * @param latency added to every call before it is answered
 * @param organizationsLimits whether Organizations APIs are throttled per AWS's <a
 *     href="https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html#throttling-limits">published
 *     token buckets</a>, per calling account (and per organization where AWS publishes one), and
 *     the APIs that table does not list at {@code organizationsUnlistedRate}
 * @param stsAssumeRootRate AssumeRoot calls per second allowed per calling account (burst: one
 *     second's worth, at least 1); empty for unlimited
 * @param iamRatePerAccount IAM calls per second allowed per target account (burst: one second's
 *     worth, at least 1); empty for unlimited
 * @param faultRate the share of calls (0..1) answered with a random 5xx
 * @param seed seeds the 5xx choice, so a run is deterministic for one order of calls
 * @param commitThenFailRate the share of writes (0..1) that take effect and are then answered with
 *     a 5xx, as when AWS commits a change and the answer is lost: the caller's retry meets the
 *     changed state (NoSuchEntity on a repeated delete)
 * @param throttleRate the share of calls (0..1) answered with their service's throttling error
 *     (Organizations {@code TooManyRequestsException}, IAM and STS {@code Throttling}, all HTTP
 *     400), whatever the buckets say: a throttling storm
 * @param organizationsUnlistedRate requests per second of the bucket that throttles, per API and
 *     per calling account, each Organizations API the <a
 *     href="https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html#throttling-limits">throttling
 *     table</a> does not list (ListPolicies, ListPoliciesForTarget, ListTargetsForPolicy,
 *     DescribePolicy, CreatePolicy, AttachPolicy, DetachPolicy, ...), only when {@code
 *     organizationsLimits} is on; 0: those APIs are not throttled. AWS publishes no figure for
 *     them: the default, {@value #ORGANIZATIONS_UNLISTED_RATE}/s, is the emulator's stated
 *     assumption, the lowest published rate (DescribeOrganization's), and rootctl's own default for
 *     them ({@code organizations.other})
 * @param organizationsUnlistedBurst that bucket's burst (at least 1); default {@value
 *     #ORGANIZATIONS_UNLISTED_BURST}, DescribeOrganization's
 */
public record FaultSettings(
    Duration latency,
    boolean organizationsLimits,
    OptionalDouble stsAssumeRootRate,
    OptionalDouble iamRatePerAccount,
    double faultRate,
    long seed,
    double commitThenFailRate,
    double throttleRate,
    double organizationsUnlistedRate,
    double organizationsUnlistedBurst) {

  /**
   * The assumed rate (requests per second) of each Organizations API AWS publishes no throttling
   * figure for: the lowest published one, DescribeOrganization's.
   */
  public static final double ORGANIZATIONS_UNLISTED_RATE = 1;

  /** The assumed burst of each Organizations API AWS publishes no throttling figure for. */
  public static final double ORGANIZATIONS_UNLISTED_BURST = 2;

  public FaultSettings {
    if (latency.isNegative()) {
      throw new IllegalArgumentException("latency must not be negative");
    }
    if (faultRate < 0 || faultRate > 1) {
      throw new IllegalArgumentException("faultRate must be within 0..1");
    }
    if (commitThenFailRate < 0 || commitThenFailRate > 1) {
      throw new IllegalArgumentException("commitThenFailRate must be within 0..1");
    }
    if (throttleRate < 0 || throttleRate > 1) {
      throw new IllegalArgumentException("throttleRate must be within 0..1");
    }
    if (!(organizationsUnlistedRate >= 0) || Double.isInfinite(organizationsUnlistedRate)) {
      throw new IllegalArgumentException(
          "organizationsUnlistedRate must be a finite number >= 0 (0: no limit)");
    }
    if (!(organizationsUnlistedBurst >= 1) || Double.isInfinite(organizationsUnlistedBurst)) {
      throw new IllegalArgumentException("organizationsUnlistedBurst must be a finite number >= 1");
    }
  }

  /** No faults at all: for fast tests. */
  public static FaultSettings none() {
    return new FaultSettings(
        Duration.ZERO,
        false,
        OptionalDouble.empty(),
        OptionalDouble.empty(),
        0,
        1,
        0,
        0,
        ORGANIZATIONS_UNLISTED_RATE,
        ORGANIZATIONS_UNLISTED_BURST);
  }

  /**
   * AWS's published limits, nothing else: the Organizations buckets (and, for the Organizations
   * APIs AWS publishes no figure for, the assumed {@value #ORGANIZATIONS_UNLISTED_RATE}/s burst
   * {@value #ORGANIZATIONS_UNLISTED_BURST}), and AssumeRoot at {@value #STS_REQUESTS_PER_SECOND}/s,
   * the STS quota per account and Region (<a
   * href="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-sts">IAM
   * and AWS STS quotas</a>).
   */
  public static FaultSettings awsDefaults() {
    return none()
        .withOrganizationsLimits(true)
        .withStsAssumeRootRate(OptionalDouble.of(STS_REQUESTS_PER_SECOND));
  }

  /** AWS's STS request quota: 600 requests per second per account per Region. */
  public static final double STS_REQUESTS_PER_SECOND = 600;

  /** The same settings with a share of calls (0..1) answered with a throttling error. */
  public FaultSettings withThrottleRate(double value) {
    return new FaultSettings(
        latency,
        organizationsLimits,
        stsAssumeRootRate,
        iamRatePerAccount,
        faultRate,
        seed,
        commitThenFailRate,
        value,
        organizationsUnlistedRate,
        organizationsUnlistedBurst);
  }

  public FaultSettings withLatency(Duration value) {
    return new FaultSettings(
        value,
        organizationsLimits,
        stsAssumeRootRate,
        iamRatePerAccount,
        faultRate,
        seed,
        commitThenFailRate,
        throttleRate,
        organizationsUnlistedRate,
        organizationsUnlistedBurst);
  }

  public FaultSettings withOrganizationsLimits(boolean value) {
    return new FaultSettings(
        latency,
        value,
        stsAssumeRootRate,
        iamRatePerAccount,
        faultRate,
        seed,
        commitThenFailRate,
        throttleRate,
        organizationsUnlistedRate,
        organizationsUnlistedBurst);
  }

  public FaultSettings withStsAssumeRootRate(OptionalDouble value) {
    return new FaultSettings(
        latency,
        organizationsLimits,
        value,
        iamRatePerAccount,
        faultRate,
        seed,
        commitThenFailRate,
        throttleRate,
        organizationsUnlistedRate,
        organizationsUnlistedBurst);
  }

  public FaultSettings withIamRatePerAccount(OptionalDouble value) {
    return new FaultSettings(
        latency,
        organizationsLimits,
        stsAssumeRootRate,
        value,
        faultRate,
        seed,
        commitThenFailRate,
        throttleRate,
        organizationsUnlistedRate,
        organizationsUnlistedBurst);
  }

  public FaultSettings withFaultRate(double value) {
    return new FaultSettings(
        latency,
        organizationsLimits,
        stsAssumeRootRate,
        iamRatePerAccount,
        value,
        seed,
        commitThenFailRate,
        throttleRate,
        organizationsUnlistedRate,
        organizationsUnlistedBurst);
  }

  public FaultSettings withCommitThenFailRate(double value) {
    return new FaultSettings(
        latency,
        organizationsLimits,
        stsAssumeRootRate,
        iamRatePerAccount,
        faultRate,
        seed,
        value,
        throttleRate,
        organizationsUnlistedRate,
        organizationsUnlistedBurst);
  }

  public FaultSettings withSeed(long value) {
    return new FaultSettings(
        latency,
        organizationsLimits,
        stsAssumeRootRate,
        iamRatePerAccount,
        faultRate,
        value,
        commitThenFailRate,
        throttleRate,
        organizationsUnlistedRate,
        organizationsUnlistedBurst);
  }

  /**
   * The same settings with the bucket of the Organizations APIs AWS's throttling table does not
   * list: {@code rate} requests per second (0: not throttled) and {@code burst} (at least 1), per
   * API and per calling account.
   */
  public FaultSettings withOrganizationsUnlistedLimit(double rate, double burst) {
    return new FaultSettings(
        latency,
        organizationsLimits,
        stsAssumeRootRate,
        iamRatePerAccount,
        faultRate,
        seed,
        commitThenFailRate,
        throttleRate,
        rate,
        burst);
  }
}
