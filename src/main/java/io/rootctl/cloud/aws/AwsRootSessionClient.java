package io.rootctl.cloud.aws;

import io.rootctl.cloud.RootSession;
import io.rootctl.cloud.RootSessionClient;
import io.rootctl.model.AccountId;
import io.rootctl.model.TaskPolicy;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.metrics.MetricPublisher;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRootRequest;

/**
 * {@link RootSessionClient} over {@code sts:AssumeRoot}. The {@link StsClient} it is given is built
 * for a real region (the global endpoint rejects <a
 * href="https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoot.html">AssumeRoot</a>);
 * each session's IAM calls go through one shared {@link IamClient}, each request carrying the
 * session's credentials and the override the injected factory makes for them (the member account's
 * rate limiter and metrics).
 */
final class AwsRootSessionClient implements RootSessionClient {
  private static final String OPERATION = "sts:AssumeRoot";

  private final StsClient sts;
  private final String partition;
  private final IamClient iam;
  private final Function<AwsCredentialsProvider, Consumer<AwsRequestOverrideConfiguration.Builder>>
      sessionOverrides;
  private final Function<TaskPolicy, MetricPublisher> metrics;

  /**
   * @param partition the partition of the task policy ARNs ({@code aws}, {@code aws-us-gov}, {@code
   *     aws-cn})
   * @param iam the IAM client every session's requests go through; it has no credentials of its own
   *     that a session request uses
   * @param sessionOverrides for a session's credentials, the override each of its IAM requests
   *     gets: the credentials, and the member account's rate limiter and metrics
   * @param metrics the publisher for one AssumeRoot call with a task policy (it replaces the
   *     client's publishers for that request, so it reports the request too)
   */
  AwsRootSessionClient(
      StsClient sts,
      String partition,
      IamClient iam,
      Function<AwsCredentialsProvider, Consumer<AwsRequestOverrideConfiguration.Builder>>
          sessionOverrides,
      Function<TaskPolicy, MetricPublisher> metrics) {
    this.sts = sts;
    this.partition = partition;
    this.iam = iam;
    this.sessionOverrides = sessionOverrides;
    this.metrics = metrics;
  }

  @Override
  public RootSession open(AccountId account, TaskPolicy policy, Duration duration) {
    var assumed = assume(account, policy, duration);
    return new AwsRootSession(
        account,
        policy,
        assumed.expiration(),
        iam,
        sessionOverrides.apply(assumed.credentials()),
        assumed.accessKeyId());
  }

  /** A root session's credentials and when they expire. */
  record Assumed(
      AwsCredentialsProvider credentials,
      java.time.Instant expiration,
      Optional<String> accessKeyId) {}

  /**
   * Calls AssumeRoot: the session's credentials, for a client of another service (S3, SQS).
   *
   * @throws io.rootctl.cloud.CloudException as {@link #open} does
   */
  Assumed assume(AccountId account, TaskPolicy policy, Duration duration) {
    var request =
        AssumeRootRequest.builder()
            .targetPrincipal(account.value())
            .taskPolicyArn(arn -> arn.arn(policy.arn(partition)))
            .durationSeconds(durationSeconds(duration))
            .overrideConfiguration(o -> o.addMetricPublisher(metrics.apply(policy)))
            .build();
    try {
      var credentials = sts.assumeRoot(request).credentials();
      var provider =
          StaticCredentialsProvider.create(
              AwsSessionCredentials.builder()
                  .accessKeyId(credentials.accessKeyId())
                  .secretAccessKey(credentials.secretAccessKey())
                  .sessionToken(credentials.sessionToken())
                  .build());
      return new Assumed(
          provider, credentials.expiration(), Optional.ofNullable(credentials.accessKeyId()));
    } catch (SdkException e) {
      throw AwsErrors.map(e, OPERATION, Optional.of(account));
    }
  }

  /** AssumeRoot takes 0..900 seconds; ask for no more than the work needs (rounded up). */
  static int durationSeconds(Duration duration) {
    var seconds = duration.toSeconds() + (duration.toNanosPart() > 0 ? 1 : 0);
    return (int) Math.clamp(seconds, 1, MAX_DURATION.toSeconds());
  }

  @Override
  public String toString() {
    return "AwsRootSessionClient";
  }
}
