package io.rootctl.sim.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.rootctl.model.AccountId;
import io.rootctl.model.TaskPolicy;
import io.rootctl.sim.AdjustableClock;
import io.rootctl.sim.Fixture;
import io.rootctl.sim.S3Backend;
import io.rootctl.sim.SimulatedOrganization;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The emulator's S3 bucket policies through the real AWS SDK v2 S3 client: ListBuckets, Get, Put
 * and DeleteBucketPolicy with S3's error codes; a bucket policy that denies everyone locks out the
 * account's administrators but not its root user's bucket-policy calls (<a
 * href="https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucketPolicy.html">DeleteBucketPolicy</a>);
 * an {@code S3UnlockBucketPolicy} session may make those calls and nothing else (<a
 * href="https://docs.aws.amazon.com/aws-managed-policy/latest/reference/S3UnlockBucketPolicy.html">S3UnlockBucketPolicy</a>).
 */
class S3BucketPolicyIT {
  private static final String ACCOUNT = "444444444444";
  private static final String OTHER = "555555555555";
  private static final String BUCKET = "locked-data";

  private SimulatedOrganization org;
  private EmulatorServer server;
  private StsClient sts;

  @BeforeEach
  void start() {
    org = SimulatedOrganization.of(Fixture.demo(), new AdjustableClock(Clock.systemUTC()));
    var s3 = new S3Backend(org);
    s3.createBucketIn(AccountId.of(ACCOUNT), BUCKET, Optional.empty());
    server = new EmulatorServer(org, 0).start();
    sts = SdkClients.sts(server.endpoint(), SdkClients.of(org.managementCredentials()));
  }

  @AfterEach
  void stop() {
    sts.close();
    server.close();
  }

  private S3Client rootSession(String account, TaskPolicy policy) {
    var creds =
        sts.assumeRoot(r -> r.targetPrincipal(account).taskPolicyArn(p -> p.arn(policy.arn())))
            .credentials();
    return SdkClients.s3(
        server.endpoint(),
        AwsSessionCredentials.create(
            creds.accessKeyId(), creds.secretAccessKey(), creds.sessionToken()));
  }

  private S3Client admin(String account) {
    return SdkClients.s3(
        server.endpoint(), SdkClients.of(org.addAdminCredentials(AccountId.of(account))));
  }

  private static S3Exception thrown(Runnable call) {
    var e = catchThrowableOfType(S3Exception.class, call::run);
    assertThat(e).as("expected an S3 error").isNotNull();
    return e;
  }

  @Test
  void theOwnersAdministratorIsLockedOutAndItsRootUserIsNot() {
    try (var admin = admin(ACCOUNT);
        var root = rootSession(ACCOUNT, TaskPolicy.S3_UNLOCK_BUCKET_POLICY)) {
      admin.putObject(b -> b.bucket(BUCKET).key("a.txt"), RequestBody.fromString("a"));
      admin.putBucketPolicy(b -> b.bucket(BUCKET).policy(S3Backend.denyAllPolicy(BUCKET)));

      var denied = thrown(() -> admin.getBucketPolicy(b -> b.bucket(BUCKET)));
      assertThat(denied.statusCode()).isEqualTo(403);
      assertThat(denied.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
      assertThat(denied.getMessage()).contains("explicit deny in a resource-based policy");
      assertThat(thrown(() -> admin.getObject(b -> b.bucket(BUCKET).key("a.txt"))).statusCode())
          .isEqualTo(403);
      assertThat(thrown(() -> admin.deleteBucketPolicy(b -> b.bucket(BUCKET))).statusCode())
          .isEqualTo(403);

      assertThat(root.listBuckets().buckets()).extracting(b -> b.name()).containsExactly(BUCKET);
      assertThat(root.getBucketPolicy(b -> b.bucket(BUCKET)).policy())
          .isEqualTo(S3Backend.denyAllPolicy(BUCKET));
      root.deleteBucketPolicy(b -> b.bucket(BUCKET));

      var none = thrown(() -> root.getBucketPolicy(b -> b.bucket(BUCKET)));
      assertThat(none.statusCode()).isEqualTo(404);
      assertThat(none.awsErrorDetails().errorCode()).isEqualTo("NoSuchBucketPolicy");
      assertThat(admin.getObject(b -> b.bucket(BUCKET).key("a.txt")).response().eTag())
          .isNotEmpty();
    }
  }

  @Test
  void anUnlockSessionMakesOnlyTheBucketPolicyCalls() {
    try (var root = rootSession(ACCOUNT, TaskPolicy.S3_UNLOCK_BUCKET_POLICY)) {
      var getObject = thrown(() -> root.getObject(b -> b.bucket(BUCKET).key("a.txt")));
      assertThat(getObject.statusCode()).isEqualTo(403);
      assertThat(getObject.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
      assertThat(getObject.getMessage()).contains("s3:GetObject").contains("session policy");
      assertThat(
              thrown(
                      () ->
                          root.putObject(
                              b -> b.bucket(BUCKET).key("b.txt"), RequestBody.fromString("b")))
                  .statusCode())
          .isEqualTo(403);

      var malformed = thrown(() -> root.putBucketPolicy(b -> b.bucket(BUCKET).policy("[1]")));
      assertThat(malformed.statusCode()).isEqualTo(400);
      assertThat(malformed.awsErrorDetails().errorCode()).isEqualTo("MalformedPolicy");
      var noBucket = thrown(() -> root.getBucketPolicy(b -> b.bucket("no-such-bucket")));
      assertThat(noBucket.awsErrorDetails().errorCode()).isEqualTo("NoSuchBucket");
    }
    try (var audit = rootSession(ACCOUNT, TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS)) {
      assertThat(thrown(() -> audit.getBucketPolicy(b -> b.bucket(BUCKET))).statusCode())
          .isEqualTo(403);
      assertThat(thrown(audit::listBuckets).statusCode()).isEqualTo(403);
    }
  }

  @Test
  void anotherAccountsRootUserCannotTouchTheBucket() {
    try (var other = rootSession(OTHER, TaskPolicy.S3_UNLOCK_BUCKET_POLICY)) {
      var denied = thrown(() -> other.deleteBucketPolicy(b -> b.bucket(BUCKET)));
      assertThat(denied.statusCode()).isEqualTo(403);
      assertThat(denied.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
      assertThat(other.listBuckets().buckets()).isEmpty();
    }
  }
}
