package io.rootctl.sim.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rootctl.cloud.aws.AwsClients;
import io.rootctl.cloud.aws.AwsSettings;
import io.rootctl.lock.LockObject;
import io.rootctl.lock.LockUnavailableException;
import io.rootctl.lock.LockUrl;
import io.rootctl.lock.s3.S3LockObject;
import io.rootctl.sim.AdjustableClock;
import io.rootctl.sim.Fixture;
import io.rootctl.sim.S3Backend;
import io.rootctl.sim.SimException;
import io.rootctl.sim.SimulatedOrganization;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The emulator's S3 through the real AWS SDK v2 S3 client over HTTP (path-style, as rootctl's
 * client under an endpoint override): conditional writes answer as S3 does, and the writer lock's
 * object adapter reads them right.
 */
class S3EmulatorIT {
  private SimulatedOrganization org;
  private EmulatorServer server;
  private AwsClients aws;
  private S3LockObject lock;

  @BeforeEach
  void start() {
    org = SimulatedOrganization.of(Fixture.demo(), new AdjustableClock(Clock.systemUTC()));
    server = new EmulatorServer(org, 0).start();
    var admin = org.managementCredentials();
    aws =
        AwsClients.create(
            AwsSettings.defaults()
                .withEndpoint(server.endpoint())
                .withCredentials(
                    new AwsSettings.StaticCredentials(admin.accessKeyId(), admin.secretAccessKey()))
                .withMaxSdkAttempts(1));
    aws.s3().createBucket(CreateBucketRequest.builder().bucket("locks").build());
    lock = new S3LockObject(aws.s3(), LockUrl.parse("s3://locks/rootctl/writer.lock"));
  }

  @AfterEach
  void stop() {
    aws.close();
    server.close();
  }

  @Test
  void createOnlyIfAbsentReplaceAndDeleteOnlyIfTheEtagStillMatches() {
    assertThat(lock.read()).isEmpty();
    var first = lock.create("{\"v\":1}");
    assertThat(first).startsWith("\"").endsWith("\"");
    assertThatThrownBy(() -> lock.create("{\"v\":2}"))
        .isInstanceOf(LockObject.Conflict.class)
        .hasMessageContaining("PreconditionFailed")
        .hasMessageContaining("request ");
    assertThat(lock.read()).contains(new LockObject.Stored("{\"v\":1}", first));

    assertThatThrownBy(() -> lock.replace("{\"v\":3}", "\"not-the-etag\""))
        .isInstanceOf(LockObject.Conflict.class)
        .hasMessageContaining("PreconditionFailed");
    var second = lock.replace("{\"v\":4}", first);
    assertThat(second).isNotEqualTo(first);
    assertThat(lock.read().orElseThrow().body()).isEqualTo("{\"v\":4}");

    assertThatThrownBy(() -> lock.delete(first)).isInstanceOf(LockObject.Conflict.class);
    lock.delete(second);
    assertThat(lock.read()).isEmpty();
    assertThatThrownBy(() -> lock.replace("{}", second))
        .isInstanceOf(LockObject.Conflict.class)
        .hasMessageContaining("NoSuchKey");
    assertThat(org.journal().count("s3:PutObject", "PreconditionFailed")).isEqualTo(2);
  }

  @Test
  void aConditionalRequestConflictIsAConflictToo() {
    org.failNext(
        "s3:PutObject",
        1,
        new SimException(
            "ConditionalRequestConflict",
            409,
            "A conflicting conditional operation is currently in progress against this resource."
                + " Please try again."));
    assertThatThrownBy(() -> lock.create("{}"))
        .isInstanceOf(LockObject.Conflict.class)
        .hasMessageContaining("ConditionalRequestConflict");
  }

  @Test
  void aMissingBucketOrAnUnknownKeyMakesTheLockUnavailableNamingCodeAndRequest() {
    var missing = new S3LockObject(aws.s3(), LockUrl.parse("s3://no-such-bucket/k"));
    assertThatThrownBy(missing::read)
        .isInstanceOf(LockUnavailableException.class)
        .hasMessageContaining("s3:GetObject")
        .hasMessageContaining("NoSuchBucket")
        .hasMessageContaining("request ");
    assertThatThrownBy(() -> missing.create("{}"))
        .isInstanceOf(LockUnavailableException.class)
        .hasMessageContaining("NoSuchBucket");
    try (var stranger =
        AwsClients.create(
            AwsSettings.defaults()
                .withEndpoint(server.endpoint())
                .withCredentials(
                    new AwsSettings.StaticCredentials("AKIAUNKNOWN000000000", "secret"))
                .withMaxSdkAttempts(1))) {
      var denied = new S3LockObject(stranger.s3(), LockUrl.parse("s3://locks/k"));
      assertThatThrownBy(denied::read)
          .isInstanceOf(LockUnavailableException.class)
          .hasMessageContaining("InvalidAccessKeyId")
          .hasMessageNotContaining("secret");
    }
  }

  @Test
  void getHeadAndErrorsOnTheWireAreS3s() throws Exception {
    var s3 = aws.s3();
    s3.putObject(
        PutObjectRequest.builder().bucket("locks").key("a/b.json").build(),
        RequestBody.fromString("hello"));
    var head = s3.headObject(HeadObjectRequest.builder().bucket("locks").key("a/b.json").build());
    assertThat(head.eTag()).isEqualTo("\"5d41402abc4b2a76b9719d911017c592\""); // MD5 of "hello"
    assertThat(head.lastModified()).isNotNull();
    assertThatThrownBy(
            () -> s3.headObject(HeadObjectRequest.builder().bucket("locks").key("nope").build()))
        .isInstanceOfSatisfying(
            S3Exception.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(404);
              assertThat(e.requestId()).isNotBlank();
            });
    assertThatThrownBy(
            () ->
                s3.getObjectAsBytes(
                    software.amazon.awssdk.services.s3.model.GetObjectRequest.builder()
                        .bucket("locks")
                        .key("nope")
                        .build()))
        .isInstanceOfSatisfying(
            NoSuchKeyException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchKey");
              assertThat(e.awsErrorDetails().errorMessage())
                  .isEqualTo("The specified key does not exist.");
              assertThat(e.requestId()).isNotBlank();
            });
    // The error document itself, unsigned fields aside: S3's <Error> with Code, Message,
    // RequestId and HostId.
    var raw =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(server.endpoint() + "/locks/nope"))
                    .header(
                        "Authorization",
                        "AWS4-HMAC-SHA256 Credential="
                            + org.managementCredentials().accessKeyId()
                            + "/20261201/us-east-1/s3/aws4_request, SignedHeaders=host,"
                            + " Signature=0")
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(raw.statusCode()).isEqualTo(404);
    assertThat(raw.headers().firstValue("x-amz-request-id")).isPresent();
    assertThat(raw.body())
        .startsWith("<?xml")
        .contains("<Error><Code>NoSuchKey</Code>")
        .contains("<Message>The specified key does not exist.</Message>")
        .contains("<RequestId>")
        .contains("<HostId>");
    assertThat(new S3Backend(org).object("locks", "a/b.json")).isPresent();
  }
}
