package io.rootctl.sim.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.rootctl.model.AccountId;
import io.rootctl.model.TaskPolicy;
import io.rootctl.sim.AdjustableClock;
import io.rootctl.sim.Fixture;
import io.rootctl.sim.SimulatedOrganization;
import io.rootctl.sim.SqsBackend;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SqsException;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The emulator's SQS queue policies through the real AWS SDK v2 SQS client: a queue policy that
 * denies everyone locks out the account's administrators but not its root user's
 * GetQueueUrl/GetQueueAttributes/SetQueueAttributes, and an {@code SQSUnlockQueuePolicy} session
 * may make only those calls (and ListQueues), on queues of its own account (<a
 * href="https://docs.aws.amazon.com/aws-managed-policy/latest/reference/SQSUnlockQueuePolicy.html">SQSUnlockQueuePolicy</a>).
 */
class SqsQueuePolicyIT {
  private static final String ACCOUNT = "444444444444";
  private static final String OTHER = "555555555555";

  private SimulatedOrganization org;
  private EmulatorServer server;
  private StsClient sts;
  private SqsBackend backend;
  private SqsBackend.QueueId queue;
  private String url;

  @BeforeEach
  void start() {
    org = SimulatedOrganization.of(Fixture.demo(), new AdjustableClock(Clock.systemUTC()));
    backend = new SqsBackend(org);
    queue = backend.ensureQueue(AccountId.of(ACCOUNT), "orders", Map.of());
    backend.lockOut(queue);
    server = new EmulatorServer(org, 0).start();
    url = queue.url(server.endpoint().toString());
    sts = SdkClients.sts(server.endpoint(), SdkClients.of(org.managementCredentials()));
  }

  @AfterEach
  void stop() {
    sts.close();
    server.close();
  }

  private SqsClient client(AwsCredentials credentials) {
    return SqsClient.builder()
        .endpointOverride(server.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(credentials))
        .httpClientBuilder(ApacheHttpClient.builder())
        .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD))
        .build();
  }

  private SqsClient rootSession(String account, TaskPolicy policy) {
    var creds =
        sts.assumeRoot(r -> r.targetPrincipal(account).taskPolicyArn(p -> p.arn(policy.arn())))
            .credentials();
    return client(
        AwsSessionCredentials.create(
            creds.accessKeyId(), creds.secretAccessKey(), creds.sessionToken()));
  }

  private static SqsException thrown(Runnable call) {
    var e = catchThrowableOfType(SqsException.class, call::run);
    assertThat(e).as("expected an SQS error").isNotNull();
    return e;
  }

  private String policy(SqsClient client) {
    return client
        .getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.POLICY))
        .attributes()
        .getOrDefault(QueueAttributeName.POLICY, "");
  }

  @Test
  void theOwnersAdministratorIsLockedOutAndItsRootUserIsNot() {
    try (var admin = client(SdkClients.of(org.addAdminCredentials(AccountId.of(ACCOUNT))));
        var root = rootSession(ACCOUNT, TaskPolicy.SQS_UNLOCK_QUEUE_POLICY)) {
      var denied = thrown(() -> policy(admin));
      assertThat(denied.statusCode()).isEqualTo(403);
      assertThat(denied.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
      assertThat(denied.getMessage()).contains("explicit deny in a resource-based policy");
      assertThat(
              thrown(() -> admin.sendMessage(b -> b.queueUrl(url).messageBody("x"))).statusCode())
          .isEqualTo(403);

      assertThat(root.getQueueUrl(b -> b.queueName("orders")).queueUrl()).endsWith("/orders");
      assertThat(root.listQueues().queueUrls()).hasSize(1);
      assertThat(policy(root)).isEqualTo(SqsBackend.denyAllPolicy(queue));
      root.setQueueAttributes(
          b -> b.queueUrl(url).attributes(Map.of(QueueAttributeName.POLICY, "")));

      assertThat(policy(root)).isEmpty();
      assertThat(backend.policy(queue)).isEmpty();
      admin.sendMessage(b -> b.queueUrl(url).messageBody("x"));
    }
  }

  @Test
  void anUnlockSessionMakesOnlyThePolicyCallsOnItsOwnAccountsQueues() {
    try (var root = rootSession(ACCOUNT, TaskPolicy.SQS_UNLOCK_QUEUE_POLICY)) {
      var send = thrown(() -> root.sendMessage(b -> b.queueUrl(url).messageBody("x")));
      assertThat(send.statusCode()).isEqualTo(403);
      assertThat(send.getMessage()).contains("sqs:SendMessage").contains("session policy");
      assertThat(thrown(() -> root.purgeQueue(b -> b.queueUrl(url))).statusCode()).isEqualTo(403);
    }
    try (var other = rootSession(OTHER, TaskPolicy.SQS_UNLOCK_QUEUE_POLICY)) {
      var crossAccount = thrown(() -> policy(other));
      assertThat(crossAccount.statusCode()).isEqualTo(403);
      assertThat(crossAccount.getMessage()).contains("explicit deny in a session policy");
    }
    try (var audit = rootSession(ACCOUNT, TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS)) {
      assertThat(thrown(() -> policy(audit)).statusCode()).isEqualTo(403);
    }
  }
}
