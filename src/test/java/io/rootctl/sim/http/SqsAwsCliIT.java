package io.rootctl.sim.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rootctl.sim.AdjustableClock;
import io.rootctl.sim.Fixture;
import io.rootctl.sim.SimulatedOrganization;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The emulator's SQS through the AWS CLI v1 ({@code aws sqs}, botocore's JSON protocol) with {@code
 * AWS_ENDPOINT_URL_SQS}: create, send, receive, delete, and a query-compatible error code. The CLI
 * is found on PATH or under the pyenv shims; missing: with {@code CI=true} the test fails,
 * elsewhere it is skipped with a message.
 */
class SqsAwsCliIT {
  record Result(int exitCode, String out, String err) {}

  SimulatedOrganization org;
  EmulatorServer server;
  Path aws;
  @TempDir Path home;

  @BeforeEach
  void start() {
    aws = awsCli();
    org = SimulatedOrganization.of(Fixture.demo(), new AdjustableClock(Clock.systemUTC()));
    server = new EmulatorServer(org, 0).start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  Result run(String... args) throws Exception {
    var command = new ArrayList<String>(List.of(aws.toString(), "sqs"));
    command.addAll(List.of(args));
    // --endpoint-url on every call: the CLI v1 on these machines (1.45, botocore 1.43) ignores
    // AWS_ENDPOINT_URL(_SQS) and the profile's services section, and would otherwise call AWS.
    command.addAll(List.of("--output", "json", "--endpoint-url", server.endpoint().toString()));
    var builder = new ProcessBuilder(command);
    var env = builder.environment();
    env.keySet().removeIf(k -> k.startsWith("AWS_"));
    var admin = org.managementCredentials();
    env.put("AWS_ACCESS_KEY_ID", admin.accessKeyId());
    env.put("AWS_SECRET_ACCESS_KEY", admin.secretAccessKey());
    env.put("AWS_DEFAULT_REGION", "us-east-1");
    env.put("AWS_CONFIG_FILE", home.resolve("config").toString());
    env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString());
    env.put("AWS_MAX_ATTEMPTS", "1");
    var errFile = home.resolve("stderr.txt");
    builder.redirectError(errFile.toFile());
    var process = builder.start();
    var out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("aws did not finish within 120 s: " + command);
    }
    return new Result(process.exitValue(), out, Files.readString(errFile));
  }

  @Test
  void createSendReceiveDeleteAndAnError() throws Exception {
    var json = new ObjectMapper();
    var created = run("create-queue", "--queue-name", "cli");
    assertThat(created.exitCode()).as(created.err()).isZero();
    var url = json.readTree(created.out()).path("QueueUrl").asText();
    assertThat(url).isEqualTo(server.endpoint() + "/111111111111/cli");

    var sent = run("send-message", "--queue-url", url, "--message-body", "{\"a\":1}");
    assertThat(sent.exitCode()).as(sent.err()).isZero();
    assertThat(json.readTree(sent.out()).path("MD5OfMessageBody").asText())
        .isEqualTo(md5("{\"a\":1}"));

    var received =
        run(
            "receive-message",
            "--queue-url",
            url,
            "--wait-time-seconds",
            "1",
            "--message-system-attribute-names",
            "ApproximateReceiveCount");
    assertThat(received.exitCode()).as(received.err()).isZero();
    var message = json.readTree(received.out()).path("Messages").get(0);
    assertThat(message.path("Body").asText()).isEqualTo("{\"a\":1}");
    assertThat(message.path("Attributes").path("ApproximateReceiveCount").asText()).isEqualTo("1");

    var deleted =
        run(
            "delete-message",
            "--queue-url",
            url,
            "--receipt-handle",
            message.path("ReceiptHandle").asText());
    assertThat(deleted.exitCode()).as(deleted.err()).isZero();

    var missing = run("get-queue-url", "--queue-name", "missing");
    assertThat(missing.exitCode()).isNotZero();
    assertThat(missing.err()).contains("AWS.SimpleQueueService.NonExistentQueue");
  }

  static String md5(String body) throws Exception {
    return java.util.HexFormat.of()
        .formatHex(
            java.security.MessageDigest.getInstance("MD5")
                .digest(body.getBytes(StandardCharsets.UTF_8)));
  }

  static Path awsCli() {
    Optional<Path> found = Optional.empty();
    var dirs =
        new ArrayList<String>(
            List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
    dirs.add(System.getProperty("user.home") + "/.pyenv/shims");
    for (var dir : dirs) {
      var candidate = dir.isEmpty() ? null : Path.of(dir, "aws");
      if (candidate != null && Files.isExecutable(candidate)) {
        found = Optional.of(candidate);
        break;
      }
    }
    if (found.isEmpty()) {
      var message = "the AWS CLI (aws) is not on PATH or in ~/.pyenv/shims: pip install awscli";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(message + " (CI=true: a missing CLI is a failure, not a skip)");
      }
      Assumptions.abort(message);
    }
    return found.orElseThrow();
  }
}
