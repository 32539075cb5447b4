package io.rootctl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.rootctl.sim.Fixture;
import io.rootctl.sim.SimulatedOrganization;
import io.rootctl.sim.http.EmulatorServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AWS conventions users bring, from the built jar in a process whose environment holds only
 * what the test puts there: a profile's {@code endpoint_url} and {@code region}, the
 * service-specific {@code AWS_ENDPOINT_URL_*} variables, {@code AWS_DEFAULT_REGION}, and the AWS
 * CLI v1 against {@code rootctl sim} with only the exports it prints.
 */
class ConventionsProcessIT {
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

  @Test
  void aProfilesEndpointUrlRegionAndKeysWorkWithProfileAsWithAwsProfile() throws Exception {
    var admin = organization.managementCredentials();
    var config = tmp.resolve("config");
    Files.writeString(
        config,
        "[profile emulator]\n"
            + "region = eu-west-1\n"
            + "endpoint_url = "
            + server.endpoint()
            + "\n"
            + "aws_access_key_id = "
            + admin.accessKeyId()
            + "\n"
            + "aws_secret_access_key = "
            + admin.secretAccessKey()
            + "\n");

    var flag = rootctl(config, Map.of(), "plan", "-v", "--profile", "emulator");
    assertThat(flag.exitCode()).as(flag.stderr()).isZero();
    assertThat(flag.stdout()).contains(PlanCommandTest.SUMMARY);
    assertThat(flag.stderr()).contains("region eu-west-1 (from profile emulator)");

    var env = rootctl(config, Map.of("AWS_PROFILE", "emulator"), "plan", "-v");
    assertThat(env.exitCode()).as(env.stderr()).isZero();
    assertThat(env.stdout()).contains(PlanCommandTest.SUMMARY);
  }

  @Test
  void serviceSpecificEndpointsAndAwsDefaultRegionAreHonoured() throws Exception {
    var admin = organization.managementCredentials();
    var endpoint = server.endpoint().toString();
    var env = new HashMap<String, String>();
    env.put("AWS_ACCESS_KEY_ID", admin.accessKeyId());
    env.put("AWS_SECRET_ACCESS_KEY", admin.secretAccessKey());
    env.put("AWS_DEFAULT_REGION", "eu-central-1");
    env.put("AWS_ENDPOINT_URL_STS", endpoint);
    env.put("AWS_ENDPOINT_URL_IAM", endpoint);
    env.put("AWS_ENDPOINT_URL_ORGANIZATIONS", endpoint);

    var run = rootctl(emptyConfig(), env, "plan", "-v");

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stdout()).contains(PlanCommandTest.SUMMARY);
    assertThat(run.stderr()).contains("region eu-central-1 (from AWS_DEFAULT_REGION)");
  }

  @Test
  void theAwsCliV1WorksAgainstRootctlSimWithOnlyThePrintedExports() throws Exception {
    var aws = which("aws");
    if ("true".equals(System.getenv("CI"))) {
      assertThat(aws).as("the AWS CLI v1 on PATH (CI must run this test)").isNotNull();
    }
    assumeTrue(aws != null, "the AWS CLI is not installed");
    var java = ProcessHandle.current().info().command().orElse("java");
    var sim =
        new ProcessBuilder(java, "-jar", jar().toString(), "sim", "--port", "0")
            .redirectErrorStream(true)
            .start();
    try (var out =
        new BufferedReader(new InputStreamReader(sim.getInputStream(), StandardCharsets.UTF_8))) {
      var exports = new HashMap<String, String>();
      for (String line; (line = out.readLine()) != null; ) {
        if (line.startsWith("export ")) {
          var pair = line.substring("export ".length()).split("=", 2);
          exports.put(pair[0], pair[1]);
        }
        if (line.startsWith("serving until interrupted")) {
          break;
        }
      }
      assertThat(exports).containsKeys("AWS_DEFAULT_REGION", "AWS_REGION", "AWS_ENDPOINT_URL");
      var env = new HashMap<>(exports);
      env.put("PATH", System.getenv("PATH"));
      env.put("HOME", tmp.toString());
      env.put("AWS_CONFIG_FILE", emptyConfig().toString());
      env.put("AWS_SHARED_CREDENTIALS_FILE", emptyConfig().toString());
      var cli =
          new ProcessBuilder(aws, "organizations", "describe-organization", "--output", "json");
      cli.environment().clear();
      cli.environment().putAll(env);
      cli.redirectErrorStream(true);
      var process = cli.start();
      process.getOutputStream().close();
      var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();

      assertThat(process.exitValue()).as(output).isZero();
      assertThat(output).contains("\"Organization\"").contains("\"FeatureSet\"");
    } finally {
      sim.destroyForcibly();
    }
  }

  private Path emptyConfig() throws IOException {
    var empty = tmp.resolve("empty-aws-file");
    if (!Files.exists(empty)) {
      Files.createFile(empty);
    }
    return empty;
  }

  private static Path jar() {
    var jar = Path.of("target/rootctl.jar");
    assertThat(jar).as("mvn package builds the jar before failsafe runs").exists();
    return jar;
  }

  private static String which(String name) {
    for (var dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      var candidate = Path.of(dir, name);
      if (!dir.isEmpty() && Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    return null;
  }

  private Run rootctl(Path config, Map<String, String> environment, String... args)
      throws Exception {
    var java = ProcessHandle.current().info().command().orElse("java");
    var command =
        new ArrayList<>(
            List.of(
                java,
                "-Daws.configFile=" + config,
                "-Daws.sharedCredentialsFile=" + emptyConfig(),
                "-Daws.disableEc2Metadata=true",
                "-jar",
                jar().toString()));
    command.addAll(List.of(args));
    command.addAll(List.of("--desired-state", "desired-state"));
    var builder = new ProcessBuilder(command);
    builder.environment().clear();
    builder.environment().put("PATH", "/usr/bin:/bin");
    builder.environment().putAll(environment);
    var name = "run-" + System.nanoTime();
    builder.redirectOutput(tmp.resolve(name + ".out").toFile());
    builder.redirectError(tmp.resolve(name + ".err").toFile());
    builder.redirectInput(ProcessBuilder.Redirect.from(emptyConfig().toFile()));
    var process = builder.start();
    try {
      assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("finished").isTrue();
      return new Run(
          process.exitValue(),
          Files.readString(tmp.resolve(name + ".out")),
          Files.readString(tmp.resolve(name + ".err")));
    } finally {
      process.destroyForcibly();
    }
  }
}
