package io.rootctl.cloud.aws;

import io.rootctl.cloud.RateLimits;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How rootctl talks to AWS.
 *
 * @param region the STS region for {@code sts:AssumeRoot}; must be a real region, because the
 *     global endpoint rejects <a
 *     href="https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoot.html">AssumeRoot</a>.
 *     Its partition ({@link #partition()}) chooses where IAM and Organizations are served and
 *     signed, and the partition of the task policy ARNs.
 * @param profile a named profile from the shared config files; otherwise the default chain
 * @param endpoint one endpoint for STS, IAM and Organizations (the emulator, {@code
 *     --endpoint-url}); otherwise AWS's own
 * @param credentials fixed access keys (for the emulator); take precedence over the profile
 * @param rates client-side limits, one per AWS API ({@link RateLimits}: each Organizations API at
 *     its published rate, AssumeRoot, IAM per account); each adapts to throttling ({@link
 *     RateLimiter})
 * @param maxSdkAttempts attempts per call in the SDK's standard retry strategy (backoff + jitter)
 * @param maxConnections the shared HTTP connection pool size
 * @param callTimeout the SDK's limit on one call, retries included
 */
public record AwsSettings(
    String region,
    Optional<String> profile,
    Optional<URI> endpoint,
    Optional<StaticCredentials> credentials,
    RateLimits rates,
    int maxSdkAttempts,
    int maxConnections,
    Duration callTimeout) {

  public static final String DEFAULT_REGION = "us-east-1";

  public AwsSettings {
    Objects.requireNonNull(region);
    if (region.isBlank() || region.equals("aws-global") || region.startsWith("aws-")) {
      throw new IllegalArgumentException(
          "region '"
              + region
              + "' is not a regional endpoint; AssumeRoot needs one, e.g. us-east-1");
    }
    AwsPartition.of(region); // aws, aws-us-gov or aws-cn, or refused here
    Objects.requireNonNull(rates);
    if (maxSdkAttempts < 1 || maxConnections < 1) {
      throw new IllegalArgumentException("maxSdkAttempts and maxConnections must be at least 1");
    }
  }

  /**
   * us-east-1, the default credential chain, AWS's endpoints and {@link RateLimits#defaults()}
   * (AWS's published Organizations rates, AssumeRoot at 300/s, IAM at 20/s per account).
   */
  public static AwsSettings defaults() {
    return new AwsSettings(
        DEFAULT_REGION,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        RateLimits.defaults(),
        5,
        64,
        Duration.ofMinutes(2));
  }

  /** The partition of {@link #region()}, from the SDK's partition metadata. */
  public AwsPartition partition() {
    return AwsPartition.of(region);
  }

  public AwsSettings withRegion(String newRegion) {
    return new AwsSettings(
        newRegion,
        profile,
        endpoint,
        credentials,
        rates,
        maxSdkAttempts,
        maxConnections,
        callTimeout);
  }

  public AwsSettings withProfile(String newProfile) {
    return new AwsSettings(
        region,
        Optional.of(newProfile),
        endpoint,
        credentials,
        rates,
        maxSdkAttempts,
        maxConnections,
        callTimeout);
  }

  public AwsSettings withEndpoint(URI newEndpoint) {
    return new AwsSettings(
        region,
        profile,
        Optional.of(newEndpoint),
        credentials,
        rates,
        maxSdkAttempts,
        maxConnections,
        callTimeout);
  }

  public AwsSettings withCredentials(StaticCredentials newCredentials) {
    return new AwsSettings(
        region,
        profile,
        endpoint,
        Optional.of(newCredentials),
        rates,
        maxSdkAttempts,
        maxConnections,
        callTimeout);
  }

  /**
   * The same settings with AssumeRoot at {@code sts}, IAM at {@code iam} per account and every
   * Organizations API at {@code organizations} calls per second (bursts in proportion).
   */
  public AwsSettings withRates(double sts, double iam, double organizations) {
    return withRates(
        rates
            .with(RateLimits.STS, sts)
            .with(RateLimits.IAM, iam)
            .with(RateLimits.ORGANIZATIONS, organizations));
  }

  /** The same settings with other client-side rate limits. */
  public AwsSettings withRates(RateLimits newRates) {
    return new AwsSettings(
        region,
        profile,
        endpoint,
        credentials,
        newRates,
        maxSdkAttempts,
        maxConnections,
        callTimeout);
  }

  public AwsSettings withMaxSdkAttempts(int attempts) {
    return new AwsSettings(
        region, profile, endpoint, credentials, rates, attempts, maxConnections, callTimeout);
  }

  /** A fixed access key pair, e.g. the emulator's caller. {@code toString()} hides the secret. */
  public record StaticCredentials(String accessKeyId, String secretAccessKey) {
    @Override
    public String toString() {
      return "StaticCredentials[" + accessKeyId + ", secret hidden]";
    }
  }
}
