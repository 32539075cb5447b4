package io.rootctl.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventQueuesTest {
  static final Optional<URI> GENERIC = Optional.of(URI.create("http://127.0.0.1:4566"));

  @Test
  void aServiceSpecificSqsEndpointWinsOverTheGenericEndpointUrl() {
    assertThat(
            EventQueues.endpoint(
                GENERIC, Map.of("AWS_ENDPOINT_URL_SQS", "http://127.0.0.1:9324"), k -> null))
        .as("no override: the SDK finds AWS_ENDPOINT_URL_SQS itself")
        .isEmpty();
    assertThat(
            EventQueues.endpoint(
                GENERIC, Map.of(), k -> k.equals("aws.endpointUrlSqs") ? "http://q:1" : null))
        .isEmpty();
  }

  @Test
  void withoutOneTheGenericEndpointUrlCoversSqsAndWithoutThatTheSdkResolves() {
    assertThat(EventQueues.endpoint(GENERIC, Map.of(), k -> null)).isEqualTo(GENERIC);
    assertThat(EventQueues.endpoint(GENERIC, Map.of("AWS_ENDPOINT_URL_SQS", " "), k -> null))
        .isEqualTo(GENERIC);
    assertThat(EventQueues.endpoint(Optional.empty(), Map.of(), k -> null)).isEmpty();
  }

  @Test
  void theRegionComesFromAnAwsQueueUrlOtherwiseFromRegion() {
    assertThat(
            EventQueues.region(
                "https://sqs.eu-west-1.amazonaws.com/111122223333/rootctl-events", "us-east-1"))
        .isEqualTo("eu-west-1");
    assertThat(EventQueues.region("https://ap-south-1.queue.amazonaws.com/1/q", "us-east-1"))
        .isEqualTo("ap-south-1");
    assertThat(EventQueues.region("http://127.0.0.1:4510/000000000000/events", "us-west-2"))
        .isEqualTo("us-west-2");
  }
}
