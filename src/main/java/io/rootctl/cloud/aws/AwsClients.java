package io.rootctl.cloud.aws;

import io.rootctl.cloud.CallListener;
import io.rootctl.cloud.EventQueue;
import io.rootctl.cloud.OrganizationClient;
import io.rootctl.cloud.ResourcePolicyClient;
import io.rootctl.cloud.RootSessionClient;
import io.rootctl.cloud.Sleeper;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
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
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Builds and owns the SDK clients: one shared Apache HTTP client; an {@link StsClient} on the
 * configured <em>regional</em> endpoint (never {@code aws-global}: the global endpoint rejects <a
 * href="https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoot.html">AssumeRoot</a>);
 * an {@link IamClient} and an {@link OrganizationsClient} signed for the Region where each is
 * served in the region's partition ({@link AwsPartition}: us-east-1 in {@code aws}); the same
 * endpoint override on all three (and on every root-session IAM client); the SDK's standard retry
 * strategy (exponential backoff with jitter, {@code maxSdkAttempts}); and client-side adaptive
 * token buckets, one per API ({@link AwsRateLimiters}).
 *
 * <p>{@link #organizations()} and {@link #rootSessions()} are the ports the engine uses. Close this
 * once at shutdown: it closes the clients, the credentials provider and the HTTP client.
 */
public final class AwsClients implements AutoCloseable {

  private final AwsSettings settings;
  private final CallListener listener;
  private final SdkHttpClient http;
  private final AwsCredentialsProvider credentials;
  private final AwsRateLimiters limiters;
  private final StsClient sts;
  private final IamClient iam;
  private final OrganizationsClient organizationsClient;
  private final IamClient sessionIam;
  private final AwsOrganizationClient organizationPort;
  private final AwsRootSessionClient sessionPort;
  private @Nullable S3Client s3;

  private AwsClients(
      AwsSettings settings, LongSupplier nanoTime, Sleeper sleeper, CallListener listener) {
    this.settings = settings;
    this.listener = listener;
    this.http =
        ApacheHttpClient.builder()
            .maxConnections(settings.maxConnections())
            .connectionTimeout(Duration.ofSeconds(5))
            .socketTimeout(Duration.ofSeconds(30))
            .build();
    this.credentials = credentialsProvider(settings);
    this.limiters = new AwsRateLimiters(settings.rates(), nanoTime, sleeper);
    var feedback = AwsRateLimiters.feedback(listener, limiters::of);
    this.sts =
        configure(StsClient.builder(), new RateLimitingInterceptor(limiters.sts()), feedback)
            .region(Region.of(settings.region()))
            .credentialsProvider(credentials)
            .build();
    this.iam =
        configure(
                IamClient.builder(),
                new RateLimitingInterceptor(limiters.managementIam()),
                feedback)
            .region(settings.partition().iamRegion())
            .credentialsProvider(credentials)
            .build();
    this.organizationsClient =
        configure(
                OrganizationsClient.builder(),
                new RateLimitingInterceptor(limiters::organizations),
                feedback)
            .region(settings.partition().organizationsRegion())
            .credentialsProvider(credentials)
            .build();
    this.organizationPort =
        new AwsOrganizationClient(
            organizationsClient,
            iam,
            sts,
            AwsOrganizationClient.WALK_PARALLELISM,
            accountListing());
    this.sessionIam =
        configure(IamClient.builder(), RateLimitingInterceptor.perRequest(), CallListener.NONE)
            .region(settings.partition().iamRegion())
            // Each request brings its session's credentials; this provider answers none.
            .credentialsProvider(
                () -> {
                  throw new IllegalStateException("a root-session IAM request needs its session");
                })
            .build();
    this.sessionPort =
        new AwsRootSessionClient(
            sts,
            settings.partition().id(),
            sessionIam,
            this::sessionOverrides,
            policy -> new SdkCallMetrics(feedback, Optional.of(policy)));
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

  /**
   * An organization reader over these clients whose tree walk has {@code walkParallelism} listings
   * in flight at most (1: one at a time), for comparing walks.
   */
  OrganizationClient organizations(int walkParallelism) {
    return organizations(walkParallelism, accountListing());
  }

  /**
   * An organization reader whose tree walk has {@code walkParallelism} listings in flight at most
   * and lists each parent's accounts with the API {@code accountListing} picks.
   */
  OrganizationClient organizations(
      int walkParallelism, AwsOrganizationClient.AccountListingChoice accountListing) {
    return new AwsOrganizationClient(
        organizationsClient, iam, sts, walkParallelism, accountListing);
  }

  /**
   * For tests: an organization reader over {@code wrap} of these clients' Organizations client
   * (e.g. one that drops an account from ListAccounts pages).
   */
  OrganizationClient organizations(
      int walkParallelism,
      AwsOrganizationClient.AccountListingChoice accountListing,
      java.util.function.UnaryOperator<OrganizationsClient> wrap) {
    return new AwsOrganizationClient(
        wrap.apply(organizationsClient), iam, sts, walkParallelism, accountListing);
  }

  /** Per parent, ListAccountsForParent or ListChildren: whichever limiter admits a call sooner. */
  private AwsOrganizationClient.AccountListingChoice accountListing() {
    return AwsOrganizationClient.AccountListingChoice.soonerOf(
        limiters.organizations("ListAccountsForParent"), limiters.organizations("ListChildren"));
  }

  /** The AssumeRoot session opener. */
  public RootSessionClient rootSessions() {
    return sessionPort;
  }

  /**
   * The unlock commands' port: root sessions with an S3 or SQS client of the session's credentials
   * (built per session over the shared HTTP client, closed with the session).
   */
  public ResourcePolicyClient resourcePolicies() {
    return new AwsResourcePolicyClient(
        sessionPort,
        this::sessionS3Client,
        this::sessionSqsClient,
        settings.region(),
        settings.endpoint().isPresent());
  }

  /**
   * An S3 client for one root session: path-style under an endpoint override, and S3's cross-Region
   * access, so a bucket in another Region is reached after S3's redirect (<a
   * href="https://docs.aws.amazon.com/sdk-for-java/latest/developer-guide/s3-cross-region.html">Cross-Region
   * access for Amazon S3</a>).
   */
  private S3Client sessionS3Client(AwsCredentialsProvider sessionCredentials, String region) {
    var builder =
        S3Client.builder()
            .httpClient(http)
            .region(Region.of(region))
            .credentialsProvider(sessionCredentials)
            .crossRegionAccessEnabled(true)
            .overrideConfiguration(sessionOverrides());
    if (settings.endpoint().isPresent()) {
      builder.endpointOverride(settings.endpoint().get()).forcePathStyle(true);
    }
    return builder.build();
  }

  /** An SQS client for one root session, in the queue's Region. */
  private SqsClient sessionSqsClient(AwsCredentialsProvider sessionCredentials, String region) {
    var builder =
        SqsClient.builder()
            .httpClient(http)
            .region(Region.of(region))
            .credentialsProvider(sessionCredentials)
            .overrideConfiguration(sessionOverrides());
    settings.endpoint().ifPresent(builder::endpointOverride);
    return builder.build();
  }

  private ClientOverrideConfiguration sessionOverrides() {
    return ClientOverrideConfiguration.builder()
        .retryStrategy(
            AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(settings.maxSdkAttempts())
                .build())
        .apiCallTimeout(settings.callTimeout())
        .addMetricPublisher(new SdkCallMetrics(listener, Optional.empty()))
        .build();
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
                      .applyMutation(this::profile)
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
   * The events queue at {@code queueUrl} over a new SQS client that the queue owns (with an HTTP
   * client of its own, so that closing the queue ends a long poll in flight without touching the
   * other clients): the same credentials, retries and metrics as the other clients, a socket
   * timeout above the 20 s long poll, and no client-side rate limit (one poller).
   *
   * @param region the region to sign for (the queue's)
   * @param endpoint an endpoint override; empty leaves the endpoint to the SDK's own resolution
   *     ({@code AWS_ENDPOINT_URL_SQS}, {@code AWS_ENDPOINT_URL}, the profile's {@code services}
   *     section and {@code endpoint_url}, else AWS's endpoint for the region; see <a
   *     href="https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html">Service-specific
   *     endpoints</a>)
   */
  public SqsEventQueue eventQueue(String queueUrl, String region, Optional<URI> endpoint) {
    var queueHttp =
        ApacheHttpClient.builder()
            .maxConnections(4)
            .connectionTimeout(Duration.ofSeconds(5))
            .socketTimeout(EventQueue.MAX_WAIT.plusSeconds(15))
            .build();
    var override =
        ClientOverrideConfiguration.builder()
            .retryStrategy(
                AwsRetryStrategy.standardRetryStrategy().toBuilder()
                    .maxAttempts(settings.maxSdkAttempts())
                    .build())
            .apiCallAttemptTimeout(EventQueue.MAX_WAIT.plusSeconds(10))
            .addMetricPublisher(new SdkCallMetrics(listener, Optional.empty()));
    settings.profile().ifPresent(override::defaultProfileName);
    var builder =
        SqsClient.builder()
            .httpClient(queueHttp)
            .region(Region.of(region))
            .credentialsProvider(credentials)
            .overrideConfiguration(override.build());
    endpoint.ifPresent(builder::endpointOverride);
    return new SqsEventQueue(builder.build(), queueHttp, queueUrl);
  }

  /**
   * The override of every IAM request of one root session (through the shared session IAM client):
   * the session's credentials, a rate limiter of its own, and metrics that feed its throttles back
   * to that limiter (they replace the client's publishers for the request).
   */
  private Consumer<AwsRequestOverrideConfiguration.Builder> sessionOverrides(
      AwsCredentialsProvider sessionCredentials) {
    // IAM throttles per account, and each root session acts in its own member account: a limiter
    // per session keeps every account under the rate without serializing the whole organization.
    var perAccount = limiters.newMemberAccountIam();
    var metrics =
        new SdkCallMetrics(
            AwsRateLimiters.feedback(listener, (service, operation) -> perAccount),
            Optional.empty());
    return o ->
        o.credentialsProvider(sessionCredentials)
            .putExecutionAttribute(RateLimitingInterceptor.LIMITER, perAccount)
            .addMetricPublisher(metrics);
  }

  /**
   * The client-side rates in force now, one per limited API (see {@link AwsRateLimiters#rates()}),
   * for a gauge each: service, operation and a reading of the current rate in requests per second.
   */
  public void rates(RateSink sink) {
    for (var rate : limiters.rates()) {
      sink.rate(rate.service(), rate.operation(), rate.perSecond());
    }
  }

  /** Receives the rates in force ({@link #rates}). */
  @FunctionalInterface
  public interface RateSink {
    /**
     * @param service {@code sts}, {@code iam} or {@code organizations}
     * @param operation the AWS operation, or {@code all} for IAM
     * @param perSecond reads the rate in force, in requests per second
     */
    void rate(String service, String operation, java.util.function.DoubleSupplier perSecond);
  }

  private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(
      B builder, RateLimitingInterceptor limit, CallListener calls) {
    builder
        .httpClient(http)
        .overrideConfiguration(
            ClientOverrideConfiguration.builder()
                .retryStrategy(
                    AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(settings.maxSdkAttempts())
                        .build())
                .apiCallTimeout(settings.callTimeout())
                .addExecutionInterceptor(limit)
                .addMetricPublisher(new SdkCallMetrics(calls, Optional.empty()))
                .applyMutation(this::profile)
                .build());
    settings.endpoint().ifPresent(builder::endpointOverride);
    return builder;
  }

  /**
   * With {@code --profile}, every client reads that profile as it would read {@code AWS_PROFILE}:
   * its {@code endpoint_url} and {@code services} section (service-specific endpoints), unless
   * {@code --endpoint-url} overrides them. See <a
   * href="https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html">Service-specific
   * endpoints</a>.
   */
  private void profile(ClientOverrideConfiguration.Builder override) {
    settings.profile().ifPresent(override::defaultProfileName);
  }

  private static AwsCredentialsProvider credentialsProvider(AwsSettings settings) {
    if (settings.credentials().isPresent()) {
      var keys = settings.credentials().get();
      return StaticCredentialsProvider.create(
          AwsBasicCredentials.create(keys.accessKeyId(), keys.secretAccessKey()));
    }
    if (settings.profile().isPresent()) {
      return new NamedProfileCredentials(settings.profile().get());
    }
    return DefaultCredentialsProvider.builder().build();
  }

  @Override
  public void close() {
    sts.close();
    iam.close();
    sessionIam.close();
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
