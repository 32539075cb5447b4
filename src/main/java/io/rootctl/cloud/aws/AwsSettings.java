package io.rootctl.cloud.aws;

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
 * @param stsRatePerSecond client-side limit on AssumeRoot calls
 * @param iamRatePerSecond client-side limit on IAM calls per account: the management account's own
 *     calls, and each root session's (which act in their member account's IAM quota)
 * @param organizationsRatePerSecond client-side limit on Organizations calls (AWS allows 5/s for
 *     the List*ForParent calls and 1/s for ListRoots and DescribeOrganization, per account)
 * @param maxSdkAttempts attempts per call in the SDK's standard retry strategy (backoff + jitter)
 * @param maxConnections the shared HTTP connection pool size
 * @param callTimeout the SDK's limit on one call, retries included
 */
public record AwsSettings(
    String region,
    Optional<String> profile,
    Optional<URI> endpoint,
    Optional<StaticCredentials> credentials,
    double stsRatePerSecond,
    double iamRatePerSecond,
    double organizationsRatePerSecond,
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
    if (!(stsRatePerSecond > 0 && iamRatePerSecond > 0 && organizationsRatePerSecond > 0)) {
      throw new IllegalArgumentException("rate limits must be positive");
    }
    if (maxSdkAttempts < 1 || maxConnections < 1) {
      throw new IllegalArgumentException("maxSdkAttempts and maxConnections must be at least 1");
    }
  }

  /** us-east-1, the default credential chain, AWS's endpoints and conservative rate limits. */
  public static AwsSettings defaults() {
    return new AwsSettings(
        DEFAULT_REGION,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        20,
        20,
        4,
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
        stsRatePerSecond,
        iamRatePerSecond,
        organizationsRatePerSecond,
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
        stsRatePerSecond,
        iamRatePerSecond,
        organizationsRatePerSecond,
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
        stsRatePerSecond,
        iamRatePerSecond,
        organizationsRatePerSecond,
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
        stsRatePerSecond,
        iamRatePerSecond,
        organizationsRatePerSecond,
        maxSdkAttempts,
        maxConnections,
        callTimeout);
  }

  /** The same settings with other client-side rate limits (calls per second). */
  public AwsSettings withRates(double sts, double iam, double organizations) {
    return new AwsSettings(
        region,
        profile,
        endpoint,
        credentials,
        sts,
        iam,
        organizations,
        maxSdkAttempts,
        maxConnections,
        callTimeout);
  }

  public AwsSettings withMaxSdkAttempts(int attempts) {
    return new AwsSettings(
        region,
        profile,
        endpoint,
        credentials,
        stsRatePerSecond,
        iamRatePerSecond,
        organizationsRatePerSecond,
        attempts,
        maxConnections,
        callTimeout);
  }

  /** A fixed access key pair, e.g. the emulator's caller. {@code toString()} hides the secret. */
  public record StaticCredentials(String accessKeyId, String secretAccessKey) {
    @Override
    public String toString() {
      return "StaticCredentials[" + accessKeyId + ", secret hidden]";
    }
  }
}
