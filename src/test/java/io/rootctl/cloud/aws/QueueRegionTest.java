package io.rootctl.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rootctl.cloud.TerminalCloudException;
import io.rootctl.model.AccountId;
import org.junit.jupiter.api.Test;

/** The queue's Region comes from its URL; a URL of another account or no queue URL is refused. */
class QueueRegionTest {
  private static final AccountId ACCOUNT = AccountId.of("444444444444");

  private static String region(String url, boolean endpointOverride) {
    return AwsResourcePolicyClient.queueRegion(ACCOUNT, url, "us-east-1", endpointOverride);
  }

  @Test
  void theRegionIsTheOneInTheUrl() {
    assertThat(region("https://sqs.eu-west-1.amazonaws.com/444444444444/orders", false))
        .isEqualTo("eu-west-1");
    assertThat(region("https://sqs.cn-north-1.amazonaws.com.cn/444444444444/orders", false))
        .isEqualTo("cn-north-1");
    assertThat(region("https://ap-south-1.queue.amazonaws.com/444444444444/orders", false))
        .isEqualTo("ap-south-1");
    assertThat(region("http://127.0.0.1:4510/444444444444/orders", true)).isEqualTo("us-east-1");
  }

  @Test
  void refusesWhatIsNotAQueueUrlOfTheAccount() {
    assertThatThrownBy(() -> region("https://sqs.eu-west-1.amazonaws.com/555555555555/q", false))
        .isInstanceOf(TerminalCloudException.class)
        .hasMessageContaining("InvalidQueueUrl")
        .hasMessageContaining("belongs to account 555555555555");
    assertThatThrownBy(() -> region("arn:aws:sqs:eu-west-1:444444444444:orders", false))
        .hasMessageContaining("not a queue URL");
    assertThatThrownBy(() -> region("https://example.com/444444444444/orders", false))
        .hasMessageContaining("names no Region");
    assertThatThrownBy(() -> region("https://sqs.eu-west-1.amazonaws.com/444444444444", false))
        .hasMessageContaining("not a queue URL");
    assertThatThrownBy(() -> region("https://sqs.eu-west-1.amazonaws.com/a b/q", false))
        .hasMessageContaining("not a queue URL");
  }
}
