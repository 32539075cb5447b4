package io.rootctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootctl.sim.Fixture;
import io.rootctl.sim.SimulatedOrganization;
import io.rootctl.sim.http.EmulatorServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rootctl plan} from the built jar with no AWS credentials anywhere, in a process whose
 * environment holds nothing but what the test puts there: the real SDK's default credential chain
 * fails, and the error names every provider with its whole reason, one line each.
 */
class NoCredentialsProcessIT {
  @TempDir Path tmp;

  private EmulatorServer server;
  private SimulatedOrganization organization;

  @BeforeEach
  void start() {
    organization = SimulatedOrganization.of(Fixture.demo(), Clock.systemUTC());
    server = new EmulatorServer(organization, 0);
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private record Run(int exitCode, String stdout, String stderr) {}

  /**
   * Runs {@code rootctl plan} with exactly {@code environment}; the shared config and credentials
   * files are an empty file, and IMDS is off (so nothing reaches for the network).
   */
  private Run plan(Map<String, String> environment) throws Exception {
    return plan(environment, List.of());
  }

  private Run plan(Map<String, String> environment, List<String> extra) throws Exception {
    var jar = Path.of("target/rootctl.jar");
    assertThat(jar).as("mvn package builds the jar before failsafe runs").exists();
    var empty = tmp.resolve("empty-aws-file");
    if (!Files.exists(empty)) {
      Files.createFile(empty);
    }
    var java = ProcessHandle.current().info().command().orElse("java");
    var command =
        new ArrayList<>(
            List.of(
                java,
                "-Daws.configFile=" + empty,
                "-Daws.sharedCredentialsFile=" + empty,
                "-Daws.disableEc2Metadata=true",
                "-jar",
                jar.toString(),
                "plan",
                "--desired-state",
                "desired-state",
                "--endpoint-url",
                server.endpoint().toString()));
    command.addAll(extra);
    var builder = new ProcessBuilder(command);
    builder.environment().clear();
    builder.environment().putAll(environment);
    builder.redirectOutput(tmp.resolve("stdout").toFile());
    builder.redirectError(tmp.resolve("stderr").toFile());
    var process = builder.start();
    try {
      assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("finished").isTrue();
      return new Run(process.exitValue(), read("stdout"), read("stderr"));
    } finally {
      process.destroyForcibly();
    }
  }

  private String read(String name) throws IOException {
    return Files.readString(tmp.resolve(name), StandardCharsets.UTF_8);
  }

  @Test
  void namesEveryProviderOfTheDefaultChainWithItsWholeReason() throws Exception {
    var run = plan(Map.of("PATH", "/usr/bin:/bin"));

    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(ExitCodes.ERROR);
    // Which Organizations call comes first is not the point (the walk reads trusted access first).
    assertThat(run.stderr())
        .containsPattern(
            "Error: cannot read the organization: organizations:[A-Za-z]+ failed:"
                + " NoCredentials \\(request none\\): no AWS credentials: every credential provider"
                + " of the chain failed:\n")
        .doesNotContain("AWS: region")
        .contains(
            "\n  SystemPropertyCredentialsProvider: Unable to load credentials from system"
                + " settings. Access key must be specified either via environment variable"
                + " (AWS_ACCESS_KEY_ID) or system property (aws.accessKeyId).\n")
        .contains(
            "\n  EnvironmentVariableCredentialsProvider: Unable to load credentials from system"
                + " settings. Access key must be specified either via environment variable"
                + " (AWS_ACCESS_KEY_ID) or system property (aws.accessKeyId).\n")
        .contains(
            "\n  WebIdentityTokenCredentialsProvider: Either the environment variable"
                + " AWS_WEB_IDENTITY_TOKEN_FILE or the javaproperty aws.webIdentityTokenFile must"
                + " be set.\n")
        .contains(
            "\n  ProfileCredentialsProvider(profileName=default): Profile file contained no"
                + " credentials for profile 'default'\n")
        .contains(
            "\n  ContainerCredentialsProvider: Cannot fetch credentials from container - neither"
                + " AWS_CONTAINER_CREDENTIALS_FULL_URI or AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"
                + " environment variables are set.\n")
        .contains(
            "\n  InstanceProfileCredentialsProvider: IMDS credentials have been disabled by"
                + " environment variable or system property.")
        .doesNotContain("ProfileFile(", "...");
  }

  @Test
  void eksPodIdentityOnAnIpv6ClusterSaysWhatIsMissing() throws Exception {
    var token = Files.writeString(tmp.resolve("eks-pod-identity-token"), "token");
    var run =
        plan(
            Map.of(
                "PATH", "/usr/bin:/bin",
                "AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://[fd00:ec2::23]/v1/credentials",
                "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", token.toString()));

    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(ExitCodes.ERROR);
    assertThat(run.stderr())
        .contains(
            "\n  ContainerCredentialsProvider: The full URI (http://[fd00:ec2::23]/v1/credentials)"
                + " contained within environment variable AWS_CONTAINER_CREDENTIALS_FULL_URI has"
                + " an invalid host. Host should resolve to a loopback address or have the full"
                + " URI be HTTPS.\n"
                + "    hint: EKS Pod Identity on an IPv6 cluster: set"
                + " AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE=IPv6");
  }

  @Test
  void stdoutCarriesOnlyTheResultEvenWhenLoggingIsSetUp() throws Exception {
    var admin = organization.managementCredentials();
    for (var format : List.of("text", "json")) {
      var run =
          plan(
              Map.of(
                  "AWS_ACCESS_KEY_ID", admin.accessKeyId(),
                  "AWS_SECRET_ACCESS_KEY", admin.secretAccessKey(),
                  "AWS_REGION", "us-east-1"),
              List.of("--json", "--log-format", format));

      assertThat(run.stdout())
          .as("logback's own start-up messages never reach stdout (%s)", format)
          .doesNotContain("|-INFO", "|-WARN", "logback");
      var parsed = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.stdout());
      assertThat(parsed.path("formatVersion").asInt()).as(run.stdout()).isPositive();
    }
  }
}
