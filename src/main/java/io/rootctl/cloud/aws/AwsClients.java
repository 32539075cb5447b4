package io.rootctl.cloud.aws;

import io.rootctl.cloud.CallListener;
import io.rootctl.cloud.OrganizationClient;
import io.rootctl.cloud.RootSessionClient;
import io.rootctl.cloud.Sleeper;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Builds and owns the SDK clients: one shared Apache HTTP client; an {@link StsClient} on the
 * configured <em>regional</em> endpoint (never {@code aws-global}: the global endpoint rejects <a
 * href="https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoot.html">AssumeRoot</a>);
 * an {@link IamClient} and an {@link OrganizationsClient} signed for us-east-1, where both services
 * live; the same endpoint override on all three (and on every root-session IAM client); the SDK's
 * standard retry strategy (exponential backoff with jitter, {@code maxSdkAttempts}); and
 * client-side token buckets for STS, IAM and Organizations.
 *
 * <p>{@link #organizations()} and {@link #rootSessions()} are the ports the engine uses. Close this
 * once at shutdown: it closes the clients, the credentials provider and the HTTP client.
 */
public final class AwsClients implements AutoCloseable {

  /**
   * Where IAM and Organizations are served and signed in the aws partition: see <a
   * href="https://docs.aws.amazon.com/general/latest/gr/iam-service.html">IAM endpoints</a> and <a
   * href="https://docs.aws.amazon.com/general/latest/gr/ao.html">Organizations endpoints</a>.
   */
  static final Region GLOBAL_SERVICES_REGION = Region.US_EAST_1;

  private final AwsSettings settings;
  private final CallListener listener;
  private final SdkHttpClient http;
  private final AwsCredentialsProvider credentials;
  private final RateLimiter iamLimiter;
  private final LongSupplier nanoTime;
  private final Sleeper sleeper;
  private final StsClient sts;
  private final IamClient iam;
  private final OrganizationsClient organizationsClient;
  private final AwsOrganizationClient organizationPort;
  private final AwsRootSessionClient sessionPort;
  private @Nullable S3Client s3;

  private AwsClients(
      AwsSettings settings, LongSupplier nanoTime, Sleeper sleeper, CallListener listener) {
    this.settings = settings;
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
    this.listener = listener;
    this.http =
        ApacheHttpClient.builder()
            .maxConnections(settings.maxConnections())
            .connectionTimeout(Duration.ofSeconds(5))
            .socketTimeout(Duration.ofSeconds(30))
            .build();
    this.credentials = credentialsProvider(settings);
    var stsLimiter =
        new RateLimiter(
            settings.stsRatePerSecond(), burst(settings.stsRatePerSecond()), nanoTime, sleeper);
    this.iamLimiter =
        new RateLimiter(
            settings.iamRatePerSecond(), burst(settings.iamRatePerSecond()), nanoTime, sleeper);
    var orgLimiter =
        new RateLimiter(
            settings.organizationsRatePerSecond(),
            burst(settings.organizationsRatePerSecond()),
            nanoTime,
            sleeper);
    this.sts =
        configure(StsClient.builder(), stsLimiter)
            .region(Region.of(settings.region()))
            .credentialsProvider(credentials)
            .build();
    this.iam =
        configure(IamClient.builder(), iamLimiter)
            .region(GLOBAL_SERVICES_REGION)
            .credentialsProvider(credentials)
            .build();
    this.organizationsClient =
        configure(OrganizationsClient.builder(), orgLimiter)
            .region(GLOBAL_SERVICES_REGION)
            .credentialsProvider(credentials)
            .build();
    this.organizationPort = new AwsOrganizationClient(organizationsClient, iam, sts);
    this.sessionPort =
        new AwsRootSessionClient(
            sts,
            this::sessionIamClient,
            policy -> new SdkCallMetrics(listener, Optional.of(policy)));
  }

  /** Production clients: the system's monotonic clock, and waiting by parking the thread. */
  public static AwsClients create(AwsSettings settings) {
    return new AwsClients(settings, System::nanoTime, Sleeper.threadSleep(), CallListener.NONE);
  }

  /** Production clients that report every request attempt to {@code listener} (metrics). */
  public static AwsClients create(AwsSettings settings, CallListener listener) {
    return new AwsClients(settings, System::nanoTime, Sleeper.threadSleep(), listener);
  }

  /** Clients whose rate limiters read {@code nanoTime} and wait through {@code sleeper}. */
  public static AwsClients create(AwsSettings settings, LongSupplier nanoTime, Sleeper sleeper) {
    return new AwsClients(settings, nanoTime, sleeper, CallListener.NONE);
  }

  /** The organization reader and feature switches, over Organizations and IAM. */
  public OrganizationClient organizations() {
    return organizationPort;
  }

  /** The AssumeRoot session opener. */
  public RootSessionClient rootSessions() {
    return sessionPort;
  }

  /**
   * An S3 client for the writer lock's object (built on first use, closed with the others): the
   * configured Region, the same credentials, HTTP client, retries and metrics as the other clients,
   * and, under an endpoint override (the emulator), path-style addressing ({@code
   * http://127.0.0.1:4510/BUCKET/KEY}), since a bucket name cannot prefix an IP address. Request
   * checksums are sent only when an operation requires one, and the payload is not sent in {@code
   * aws-chunked} encoding: the lock object is a few hundred bytes of JSON.
   *
   * @see <a
   *     href="https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html">Virtual
   *     hosting of buckets</a>
   */
  public synchronized S3Client s3() {
    var client = s3;
    if (client == null) {
      var builder =
          S3Client.builder()
              .httpClient(http)
              .region(Region.of(settings.region()))
              .credentialsProvider(credentials)
              .requestChecksumCalculation(
                  software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
              .responseChecksumValidation(
                  software.amazon.awssdk.core.checksums.ResponseChecksumValidation.WHEN_REQUIRED)
              .serviceConfiguration(
                  software.amazon.awssdk.services.s3.S3Configuration.builder()
                      .chunkedEncodingEnabled(false)
                      .build())
              .overrideConfiguration(
                  ClientOverrideConfiguration.builder()
                      .retryStrategy(
                          AwsRetryStrategy.standardRetryStrategy().toBuilder()
                              .maxAttempts(settings.maxSdkAttempts())
                              .build())
                      .apiCallTimeout(settings.callTimeout())
                      .addMetricPublisher(new SdkCallMetrics(listener, Optional.empty()))
                      .build());
      if (settings.endpoint().isPresent()) {
        builder.endpointOverride(settings.endpoint().get()).forcePathStyle(true);
      }
      client = builder.build();
      s3 = client;
    }
    return client;
  }

  /**
   * An IAM client for one root session. It shares the HTTP client (which it does not own, so
   * closing it leaves the pool open) and has a rate limiter of its own.
   */
  private IamClient sessionIamClient(AwsCredentialsProvider sessionCredentials) {
    // IAM throttles per account, and each root session acts in its own member account: a limiter
    // per session keeps every account under the rate without serializing the whole organization.
    var perAccount =
        new RateLimiter(
            settings.iamRatePerSecond(), burst(settings.iamRatePerSecond()), nanoTime, sleeper);
    return configure(IamClient.builder(), perAccount)
        .region(GLOBAL_SERVICES_REGION)
        .credentialsProvider(sessionCredentials)
        .build();
  }

  private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(
      B builder, RateLimiter limiter) {
    builder
        .httpClient(http)
        .overrideConfiguration(
            ClientOverrideConfiguration.builder()
                .retryStrategy(
                    AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(settings.maxSdkAttempts())
                        .build())
                .apiCallTimeout(settings.callTimeout())
                .addExecutionInterceptor(new RateLimitingInterceptor(limiter))
                .addMetricPublisher(new SdkCallMetrics(listener, Optional.empty()))
                .build());
    settings.endpoint().ifPresent(builder::endpointOverride);
    return builder;
  }

  private static AwsCredentialsProvider credentialsProvider(AwsSettings settings) {
    if (settings.credentials().isPresent()) {
      var keys = settings.credentials().get();
      return StaticCredentialsProvider.create(
          AwsBasicCredentials.create(keys.accessKeyId(), keys.secretAccessKey()));
    }
    if (settings.profile().isPresent()) {
      return ProfileCredentialsProvider.builder().profileName(settings.profile().get()).build();
    }
    return DefaultCredentialsProvider.builder().build();
  }

  private static int burst(double ratePerSecond) {
    return (int) Math.max(1, Math.ceil(ratePerSecond * 1.5));
  }

  @Override
  public void close() {
    sts.close();
    iam.close();
    organizationsClient.close();
    synchronized (this) {
      if (s3 != null) {
        s3.close();
      }
    }
    if (credentials instanceof SdkAutoCloseable closeable) {
      closeable.close();
    }
    http.close();
  }

  @Override
  public String toString() {
    return "AwsClients[region="
        + settings.region()
        + ", endpoint="
        + settings.endpoint().map(Object::toString).orElse("aws")
        + "]";
  }
}
