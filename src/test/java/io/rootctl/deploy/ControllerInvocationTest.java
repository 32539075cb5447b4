package io.rootctl.deploy;

import static io.rootctl.deploy.Chart.REQUIRED;
import static io.rootctl.deploy.Chart.with;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rootctl.cli.GlobalOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine.Option;

/**
 * The process the pod starts is the image ENTRYPOINT (Dockerfile) followed by the container args
 * the chart renders. Pins that full command line, exactly, for each values case.
 */
class ControllerInvocationTest {
  static final List<String> ENTRYPOINT = List.of("java", "-jar", "/app/rootctl.jar");

  /** {@code args} is the expected argument list, space-separated (no argument has a space). */
  record Case(String name, String reason, Map<String, Object> sets, List<Path> files, String args) {
    List<String> argList() {
      return List.of(args.split(" "));
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "defaults",
            "observe first: the chart never enforces unless asked",
            REQUIRED,
            List.of(),
            "controller --desired-state /git/repo/desired-state --interval 5m --resync 1h"
                + " --mode observe --listen 0.0.0.0:8080 --region us-east-1 --no-color --log-format json"),
        new Case(
            "eks-irsa example",
            "enforce in eu-west-1; credentials come from IRSA, no profile",
            Map.of(),
            List.of(Chart.EXAMPLES.resolve("eks-irsa-values.yaml")),
            "controller --desired-state /git/repo/desired-state --interval 5m --resync 1h"
                + " --mode enforce --listen 0.0.0.0:8080 --region eu-west-1 --no-color --log-format json"),
        new Case(
            "observe-only example",
            "slower interval and one -v",
            Map.of(),
            List.of(Chart.EXAMPLES.resolve("observe-only-values.yaml")),
            "controller --desired-state /git/repo/desired-state --interval 10m --resync 2h"
                + " --mode observe --listen 0.0.0.0:8080 --region us-east-1 --no-color --log-format json -v"),
        new Case(
            "emulator, profile, verbose, extra args",
            "every optional flag in its place; slashes around gitSync.path are ignored",
            with(
                REQUIRED,
                "gitSync.path",
                "/policies/aws/",
                "controller.port",
                9000,
                "aws.endpointUrl",
                "http://rootctl-sim.rootctl-system:4566",
                "aws.profile",
                "org-admin",
                "controller.verbosity",
                2,
                "controller.extraArgs[0]",
                "--max-actions",
                "controller.extraArgs[1]",
                "10"),
            List.of(),
            "controller --desired-state /git/repo/policies/aws --interval 5m --resync 1h"
                + " --mode observe --listen 0.0.0.0:9000 --region us-east-1 --profile org-admin"
                + " --endpoint-url http://rootctl-sim.rootctl-system:4566 --no-color --log-format json -v -v"
                + " --max-actions 10"),
        new Case(
            "rate limits",
            "controller.rates becomes one --rate, keys in order",
            with(
                REQUIRED,
                "controller.rates.sts",
                600,
                "controller.rates.iam",
                10,
                "controller.rates.organizations\\.ListAccounts",
                4),
            List.of(),
            "controller --desired-state /git/repo/desired-state --interval 5m --resync 1h"
                + " --mode observe --listen 0.0.0.0:8080 --region us-east-1"
                + " --rate iam=10,organizations.ListAccounts=4,sts=600 --no-color --log-format json"),
        new Case(
            "repository root as desired state",
            "gitSync.path empty means the checkout itself",
            with(REQUIRED, "gitSync.path", ""),
            List.of(),
            "controller --desired-state /git/repo --interval 5m --resync 1h"
                + " --mode observe --listen 0.0.0.0:8080 --region us-east-1 --no-color --log-format json"),
        new Case(
            "ConfigMap instead of git-sync",
            "a plain directory, no git",
            Map.of(
                "gitSync.enabled", false,
                "desiredState.existingConfigMap", "rootctl-policy",
                "controller.mode", "enforce",
                "controller.interval", "1m30s"),
            List.of(),
            "controller --desired-state /etc/rootctl/desired-state --interval 1m30s --resync 1h"
                + " --mode enforce --listen 0.0.0.0:8080 --region us-east-1 --no-color --log-format json"),
        new Case(
            "text logs and the audit log on the chart's claim",
            "--log-format text; --audit-log before the extra arguments",
            with(
                REQUIRED,
                "controller.logFormat",
                "text",
                "controller.auditLog.enabled",
                true,
                "controller.auditLog.persistence.enabled",
                true,
                "controller.extraArgs[0]",
                "--max-actions=5"),
            List.of(),
            "controller --desired-state /git/repo/desired-state --interval 5m --resync 1h"
                + " --mode observe --listen 0.0.0.0:8080 --region us-east-1 --no-color"
                + " --log-format text --audit-log /var/lib/rootctl/audit/rootctl-audit.jsonl"
                + " --max-actions=5"),
        new Case(
            "ci: every extension point",
            "the audit log on a volume of the user's, extra arguments last",
            Map.of(),
            List.of(Chart.CI.resolve("extensibility-values.yaml")),
            "controller --desired-state /git/repo/desired-state --interval 5m --resync 1h"
                + " --mode enforce --listen 0.0.0.0:8080 --region us-east-1 --no-color"
                + " --log-format json --audit-log /var/log/rootctl/audit.jsonl --max-actions 25"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void podRunsTheControllerFromTheJarWithExactlyTheseArguments(Case c) throws IOException {
    var chart = Chart.render(c.sets(), c.files().toArray(Path[]::new));
    var controller = chart.container("controller");

    assertThat(controller)
        .as("the image ENTRYPOINT must not be overridden")
        .doesNotContainKey("command");
    var commandLine = new ArrayList<>(dockerfileEntrypoint());
    commandLine.addAll(chart.controllerArgs());
    var expected = new ArrayList<>(ENTRYPOINT);
    expected.addAll(c.argList());
    assertThat(commandLine).as(c.reason()).containsExactlyElementsOf(expected);
  }

  @Test
  void dockerfileBuildsTheShadedJarAndRunsItAsNonRootOnAJre21() throws IOException {
    var lines = Files.readAllLines(Path.of("Dockerfile"));
    var froms = lines.stream().filter(l -> l.startsWith("FROM ")).toList();

    assertThat(dockerfileEntrypoint()).isEqualTo(ENTRYPOINT);
    assertThat(froms).hasSize(2);
    assertThat(froms.get(0)).startsWith("FROM maven:3.9-eclipse-temurin-21 AS build");
    assertThat(froms.get(1)).isEqualTo("FROM eclipse-temurin:21-jre");
    assertThat(lines).anyMatch(l -> l.matches("RUN mvn -B .*-DskipTests package"));
    assertThat(lines.subList(0, lines.indexOf(froms.get(1))))
        .as("the build stage has .mvn/jvm.config, without which Error Prone cannot run in javac")
        .contains("COPY .mvn ./.mvn");
    var runtime = lines.subList(lines.indexOf(froms.get(1)), lines.size());
    assertThat(runtime.stream().filter(l -> l.startsWith("COPY ")))
        .as("the runtime image gets the jar and nothing else")
        .singleElement()
        .satisfies(
            copy ->
                assertThat(copy)
                    .contains("--from=build")
                    .endsWith("/src/target/rootctl.jar /app/rootctl.jar"));
    assertThat(runtime).contains("USER 65532:65532");
    assertThat(Files.readString(Path.of("pom.xml")))
        .as("the shade plugin writes target/rootctl.jar, which the Dockerfile copies")
        .contains("<finalName>rootctl</finalName>");
  }

  /**
   * The JVM's heap share is the chart's: the pod's environment is the image's ENV overlaid by the
   * container's env, and nothing on the ENTRYPOINT may override JAVA_TOOL_OPTIONS. Runs this JDK's
   * {@code java} with exactly that environment and the ENTRYPOINT's JVM flags, and reads the
   * effective MaxRAMPercentage.
   */
  @ParameterizedTest(name = "javaToolOptions={0}")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"", "-XX:MaxRAMPercentage=40"})
  void theChartsJvmMemoryPercentageIsTheOneInEffect(String javaToolOptions) throws Exception {
    var sets =
        javaToolOptions.isEmpty()
            ? REQUIRED
            : with(REQUIRED, "controller.javaToolOptions", javaToolOptions);
    var expected = javaToolOptions.isEmpty() ? "50" : "40";
    var env = new java.util.LinkedHashMap<>(dockerfileEnv());
    for (Object e : Chart.list(Chart.render(sets).container("controller").get("env"))) {
      var variable = Chart.map(e);
      if (variable.get("value") instanceof String value) {
        env.put((String) variable.get("name"), value);
      }
    }
    var command = new ArrayList<String>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    var entrypoint = dockerfileEntrypoint();
    command.addAll(entrypoint.subList(1, entrypoint.indexOf("-jar")));
    command.addAll(List.of("-XX:+PrintFlagsFinal", "-version"));
    var process = new ProcessBuilder(command).redirectErrorStream(true);
    process.environment().remove("JAVA_TOOL_OPTIONS");
    process.environment().remove("JDK_JAVA_OPTIONS");
    process.environment().remove("_JAVA_OPTIONS");
    process.environment().putAll(env);
    var started = process.start();
    var output =
        new String(
            started.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);

    assertThat(started.waitFor()).as(output).isZero();
    assertThat(output)
        .as("JAVA_TOOL_OPTIONS=%s", env.get("JAVA_TOOL_OPTIONS"))
        .containsPattern("double MaxRAMPercentage += " + expected + "\\.0+ ");
  }

  @Test
  void theImageSetsTheDefaultHeapShareWhereTheChartReplacesIt() throws IOException {
    assertThat(dockerfileEntrypoint())
        .as("a JVM flag on the ENTRYPOINT would beat the chart's JAVA_TOOL_OPTIONS")
        .noneMatch(arg -> arg.startsWith("-X"));
    assertThat(dockerfileEnv()).containsEntry("JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=50");
    assertThat(Chart.render(REQUIRED).container("controller").get("env"))
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
        .contains(Map.of("name", "JAVA_TOOL_OPTIONS", "value", "-XX:MaxRAMPercentage=50"));
  }

  /**
   * The start-up archive the image's training run writes is the one the launcher loads, through
   * JDK_JAVA_OPTIONS (which the chart does not replace) and with -Xshare:auto (a missing or
   * mismatched archive never stops the start).
   */
  @Test
  void theImagesStartUpArchiveIsLoadedWithoutBeatingTheChartsOptions() throws IOException {
    var dockerfile = Files.readString(Path.of("Dockerfile"));
    assertThat(dockerfile)
        .contains("-XX:ArchiveClassesAtExit=/app/rootctl.jsa -jar /app/rootctl.jar");
    assertThat(dockerfileEnv())
        .containsEntry("JDK_JAVA_OPTIONS", "-XX:SharedArchiveFile=/app/rootctl.jsa -Xshare:auto");
    assertThat(Chart.render(REQUIRED).container("controller").get("env"))
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
        .noneMatch(e -> "JDK_JAVA_OPTIONS".equals(Chart.map(e).get("name")));
  }

  /** ENV lines of the Dockerfile's runtime stage ({@code ENV KEY="value"}). */
  static Map<String, String> dockerfileEnv() throws IOException {
    var lines = Files.readAllLines(Path.of("Dockerfile"));
    int runtime = 0;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("FROM ")) {
        runtime = i;
      }
    }
    var env = new java.util.LinkedHashMap<String, String>();
    var pattern = java.util.regex.Pattern.compile("ENV ([A-Z_]+)=\"([^\"]*)\"");
    for (String line : lines.subList(runtime, lines.size())) {
      var m = pattern.matcher(line);
      if (m.matches()) {
        env.put(m.group(1), m.group(2));
      } else {
        assertThat(line).as("ENV lines are KEY=\"value\"").doesNotStartWith("ENV ");
      }
    }
    return env;
  }

  @Test
  void globalFlagsTheChartRendersAreRootctlGlobalOptions() {
    var declared =
        Arrays.stream(GlobalOptions.class.getDeclaredFields())
            .filter(f -> f.isAnnotationPresent(Option.class))
            .flatMap(f -> Arrays.stream(f.getAnnotation(Option.class).names()))
            .toList();

    assertThat(declared)
        .contains("--region", "--profile", "--endpoint-url", "--no-color", "-v", "--log-format");
  }

  static List<String> dockerfileEntrypoint() throws IOException {
    var entrypoints =
        Files.readAllLines(Path.of("Dockerfile")).stream()
            .filter(l -> l.startsWith("ENTRYPOINT "))
            .toList();
    assertThat(entrypoints).as("one exec-form ENTRYPOINT").hasSize(1);
    return new ObjectMapper()
        .readValue(
            entrypoints.getFirst().substring("ENTRYPOINT ".length()), new TypeReference<>() {});
  }
}
