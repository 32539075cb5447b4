package io.rootctl.app;

import io.rootctl.cloud.aws.AwsClients;
import io.rootctl.cloud.aws.AwsSettings;
import io.rootctl.cloud.aws.SqsEventQueue;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the controller's SQS client goes: the region from the queue URL, and the endpoint from the
 * SDK's own resolution, so that {@code AWS_ENDPOINT_URL_SQS} (or the {@code aws.endpointUrlSqs}
 * system property), {@code AWS_ENDPOINT_URL} and a profile's per-service {@code endpoint_url} work
 * as the AWS SDKs document (<a
 * href="https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html">Service-specific
 * endpoints</a>). {@code --endpoint-url} (one endpoint for STS, IAM and Organizations) applies to
 * SQS too, unless a service-specific SQS endpoint is set in the environment: that one is more
 * specific, so the queue can live on another endpoint than IAM and STS.
 */
final class EventQueues {
  private EventQueues() {}

  /** The service-specific environment variable for SQS. */
  static final String ENV = "AWS_ENDPOINT_URL_SQS";

  /** The same as a JVM system property. */
  static final String PROPERTY = "aws.endpointUrlSqs";

  /**
   * {@code https://sqs.REGION.amazonaws.com/...} and the legacy {@code
   * https://REGION.queue.amazonaws.com/...}: see <a
   * href="https://docs.aws.amazon.com/general/latest/gr/sqs-service.html">Amazon SQS endpoints</a>.
   */
  private static final Pattern AWS_HOST =
      Pattern.compile(
          "(?:sqs\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?|([a-z0-9-]+)\\.queue\\.amazonaws\\.com)");

  static SqsEventQueue open(AwsClients aws, AwsSettings settings, String queueUrl) {
    return aws.eventQueue(
        queueUrl,
        region(queueUrl, settings.region()),
        endpoint(settings.endpoint(), System.getenv(), System.getProperties()::getProperty));
  }

  /** The queue's region from its AWS URL; {@code fallback} (--region) for any other URL. */
  static String region(String queueUrl, String fallback) {
    var host = URI.create(queueUrl).getHost();
    if (host != null) {
      var m = AWS_HOST.matcher(host);
      if (m.matches()) {
        return m.group(1) != null ? m.group(1) : m.group(2);
      }
    }
    return fallback;
  }

  /**
   * The endpoint override for the SQS client: none when a service-specific SQS endpoint is set (the
   * SDK then finds it), else {@code --endpoint-url}, else none (the SDK's resolution).
   */
  static Optional<URI> endpoint(
      Optional<URI> generic,
      Map<String, String> env,
      java.util.function.Function<String, String> properties) {
    var specific = env.get(ENV);
    var property = properties.apply(PROPERTY);
    if ((specific != null && !specific.isBlank()) || (property != null && !property.isBlank())) {
      return Optional.empty();
    }
    return generic;
  }
}
