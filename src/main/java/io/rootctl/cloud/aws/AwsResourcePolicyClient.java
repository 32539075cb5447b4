package io.rootctl.cloud.aws;

import io.rootctl.cloud.ResourcePolicyClient;
import io.rootctl.cloud.ResourcePolicyKind;
import io.rootctl.cloud.ResourcePolicySession;
import io.rootctl.cloud.RootSessionClient;
import io.rootctl.cloud.TerminalCloudException;
import io.rootctl.model.AccountId;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * {@link ResourcePolicyClient} over {@code sts:AssumeRoot} and the S3 and SQS clients of the
 * session's credentials.
 *
 * <ul>
 *   <li>S3 (API 2006-03-01): GetBucketPolicy ({@code NoSuchBucketPolicy}: none),
 *       DeleteBucketPolicy, PutBucketPolicy. The client follows S3's redirect to the bucket's
 *       Region (the SDK's cross-Region access, from the {@code x-amz-bucket-region} header), since
 *       {@code S3UnlockBucketPolicy} does not permit GetBucketLocation. See <a
 *       href="https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketPolicy.html">GetBucketPolicy</a>.
 *   <li>SQS (API 2012-11-05): GetQueueAttributes and SetQueueAttributes of the {@code Policy}
 *       attribute; an empty value removes the policy. The client is built for the Region in the
 *       queue URL ({@code https://sqs.REGION.amazonaws.com/ACCOUNT/NAME}, or the legacy {@code
 *       https://REGION.queue.amazonaws.com/...}); under an endpoint override, the configured one.
 *       See <a
 *       href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html">SetQueueAttributes</a>.
 * </ul>
 */
final class AwsResourcePolicyClient implements ResourcePolicyClient {
  private static final Pattern SQS_HOST =
      Pattern.compile(
          "sqs\\.([a-z0-9-]+)\\.amazonaws\\.com(\\.cn)?|([a-z0-9-]+)\\.queue\\.amazonaws\\.com");

  private final AwsRootSessionClient sessions;
  private final BiFunction<AwsCredentialsProvider, String, S3Client> s3Clients;
  private final BiFunction<AwsCredentialsProvider, String, SqsClient> sqsClients;
  private final String defaultRegion;
  private final boolean endpointOverride;

  /**
   * @param s3Clients an S3 client for a session's credentials and a Region
   * @param sqsClients an SQS client for a session's credentials and a Region
   * @param defaultRegion the configured Region
   * @param endpointOverride whether every client goes to one endpoint (the emulator): the queue
   *     URL's host then names no Region
   */
  AwsResourcePolicyClient(
      AwsRootSessionClient sessions,
      BiFunction<AwsCredentialsProvider, String, S3Client> s3Clients,
      BiFunction<AwsCredentialsProvider, String, SqsClient> sqsClients,
      String defaultRegion,
      boolean endpointOverride) {
    this.sessions = sessions;
    this.s3Clients = s3Clients;
    this.sqsClients = sqsClients;
    this.defaultRegion = defaultRegion;
    this.endpointOverride = endpointOverride;
  }

  @Override
  public ResourcePolicySession open(AccountId account, ResourcePolicyKind kind, String resource) {
    var region =
        kind == ResourcePolicyKind.SQS_QUEUE
            ? queueRegion(account, resource, defaultRegion, endpointOverride)
            : defaultRegion;
    var assumed = sessions.assume(account, kind.taskPolicy(), RootSessionClient.MAX_DURATION);
    return switch (kind) {
      case S3_BUCKET ->
          new S3Session(account, resource, s3Clients.apply(assumed.credentials(), region));
      case SQS_QUEUE ->
          new SqsSession(account, resource, sqsClients.apply(assumed.credentials(), region));
    };
  }

  /**
   * The Region of a queue URL; its path must be {@code /ACCOUNT/NAME} of {@code account}.
   *
   * @param endpointOverride every call goes to one endpoint: a host without a Region is then {@code
   *     defaultRegion}'s
   * @throws TerminalCloudException INVALID_REQUEST ({@code InvalidQueueUrl}) for anything else
   * @see <a
   *     href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-queue-message-identifiers.html">Queue
   *     and message identifiers</a>
   */
  static String queueRegion(
      AccountId account, String url, String defaultRegion, boolean endpointOverride) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw invalid(account, url, "not a queue URL");
    }
    var path = uri.getPath() == null ? "" : uri.getPath();
    var parts = path.split("/");
    if (uri.getHost() == null || parts.length != 3 || !parts[1].matches("[0-9]{12}")) {
      throw invalid(
          account, url, "not a queue URL (https://sqs.REGION.amazonaws.com/ACCOUNT_ID/QUEUE_NAME)");
    }
    if (!parts[1].equals(account.value())) {
      throw invalid(account, url, "the queue belongs to account " + parts[1] + ", not " + account);
    }
    var host = SQS_HOST.matcher(uri.getHost());
    if (host.matches()) {
      return host.group(1) != null ? host.group(1) : host.group(3);
    }
    if (endpointOverride) {
      return defaultRegion;
    }
    throw invalid(account, url, "the queue URL's host names no Region: " + uri.getHost());
  }

  private static TerminalCloudException invalid(AccountId account, String url, String why) {
    return new TerminalCloudException(
        TerminalCloudException.Kind.INVALID_REQUEST,
        "sqs:GetQueueAttributes",
        Optional.of(account.value()),
        "InvalidQueueUrl",
        "",
        why + ": " + io.rootctl.model.Printable.escape(url),
        null);
  }

  private static final class S3Session implements ResourcePolicySession {
    private final AccountId account;
    private final String bucket;
    private final S3Client s3;

    S3Session(AccountId account, String bucket, S3Client s3) {
      this.account = account;
      this.bucket = bucket;
      this.s3 = s3;
    }

    @Override
    public AccountId account() {
      return account;
    }

    @Override
    public ResourcePolicyKind kind() {
      return ResourcePolicyKind.S3_BUCKET;
    }

    @Override
    public String resource() {
      return bucket;
    }

    @Override
    public Optional<String> read() {
      try {
        return Optional.ofNullable(s3.getBucketPolicy(b -> b.bucket(bucket)).policy());
      } catch (SdkException e) {
        if (AwsErrors.hasCode(e, "NoSuchBucketPolicy")) {
          return Optional.empty();
        }
        throw AwsErrors.map(e, "s3:GetBucketPolicy", Optional.of(account));
      }
    }

    @Override
    public void delete() {
      try {
        s3.deleteBucketPolicy(b -> b.bucket(bucket));
      } catch (SdkException e) {
        throw AwsErrors.map(e, "s3:DeleteBucketPolicy", Optional.of(account));
      }
    }

    @Override
    public void put(String policy) {
      try {
        s3.putBucketPolicy(b -> b.bucket(bucket).policy(policy));
      } catch (SdkException e) {
        throw AwsErrors.map(e, "s3:PutBucketPolicy", Optional.of(account));
      }
    }

    @Override
    public void close() {
      s3.close();
    }

    @Override
    public String toString() {
      return "S3Session[" + account + ", " + bucket + "]";
    }
  }

  private static final class SqsSession implements ResourcePolicySession {
    private final AccountId account;
    private final String queueUrl;
    private final SqsClient sqs;

    SqsSession(AccountId account, String queueUrl, SqsClient sqs) {
      this.account = account;
      this.queueUrl = queueUrl;
      this.sqs = sqs;
    }

    @Override
    public AccountId account() {
      return account;
    }

    @Override
    public ResourcePolicyKind kind() {
      return ResourcePolicyKind.SQS_QUEUE;
    }

    @Override
    public String resource() {
      return queueUrl;
    }

    @Override
    public Optional<String> read() {
      try {
        var attributes =
            sqs.getQueueAttributes(
                    b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.POLICY))
                .attributes();
        return Optional.ofNullable(attributes.get(QueueAttributeName.POLICY))
            .filter(p -> !p.isEmpty());
      } catch (SdkException e) {
        throw AwsErrors.map(e, "sqs:GetQueueAttributes", Optional.of(account));
      }
    }

    @Override
    public void delete() {
      set("");
    }

    @Override
    public void put(String policy) {
      set(policy);
    }

    private void set(String policy) {
      try {
        sqs.setQueueAttributes(
            b -> b.queueUrl(queueUrl).attributes(Map.of(QueueAttributeName.POLICY, policy)));
      } catch (SdkException e) {
        throw AwsErrors.map(e, "sqs:SetQueueAttributes", Optional.of(account));
      }
    }

    @Override
    public void close() {
      sqs.close();
    }

    @Override
    public String toString() {
      return "SqsSession[" + account + ", " + queueUrl + "]";
    }
  }
}
