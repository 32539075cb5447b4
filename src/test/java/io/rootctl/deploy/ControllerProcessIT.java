package io.rootctl.deploy;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rootctl.sim.AdjustableClock;
import io.rootctl.sim.Fixture;
import io.rootctl.sim.SimulatedOrganization;
import io.rootctl.sim.http.EmulatorServer;
import io.rootctl.testing.GitSyncCheckout;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6: there is no Docker engine here, so this runs what the container would: the image's
 * ENTRYPOINT (with the built {@code target/rootctl.jar} for {@code /app/rootctl.jar}) and exactly
 * the arguments the chart renders, pointed at the emulator ({@code aws.endpointUrl}) and a temp
 * desired-state folder, listening on loopback. It must become ready, then exit 0 on SIGTERM.
 */
class ControllerProcessIT {
  /** How long to await a state: only a bound for a hung test, never a performance budget. */
  private static final Duration PATIENCE = Duration.ofMinutes(3);

  private static final Pattern SERVING = Pattern.compile("serving on /?([0-9.]+):([0-9]+)");

  @TempDir Path tmp;

  @Test
  void theChartsEntrypointAndArgumentsStartTheControllerWhichStopsCleanlyOnSigterm()
      throws Exception {
    var jar = Path.of("target/rootctl.jar");
    assertThat(jar).as("mvn package builds the jar before failsafe runs").exists();
    var organization =
        SimulatedOrganization.of(Fixture.demo(), new AdjustableClock(Clock.systemUTC()));
    try (var emulator = new EmulatorServer(organization, 0).start()) {
      var chart =
          Chart.render(
              Chart.with(Chart.REQUIRED, "aws.endpointUrl", emulator.endpoint().toString()));
      var command = new ArrayList<String>();
      for (var part : ControllerInvocationTest.dockerfileEntrypoint()) {
        command.add(
            switch (part) {
              case "java" -> ProcessHandle.current().info().command().orElse("java");
              case "/app/rootctl.jar" -> jar.toAbsolutePath().toString();
              default -> part;
            });
      }
      var desired = tmp.resolve("desired-state");
      GitSyncCheckout.copy(Path.of("desired-state"), desired);
      var args = new ArrayList<>(chart.controllerArgs());
      // Only where the pod's paths and port differ from a test's: loopback and a free port.
      args.set(args.indexOf("--desired-state") + 1, desired.toString());
      args.set(args.indexOf("--listen") + 1, "127.0.0.1:0");
      assertThat(args).containsSequence("--endpoint-url", emulator.endpoint().toString());
      assertThat(args)
          .as("the chart's default log format")
          .containsSequence("--log-format", "json");
      command.addAll(args);

      var admin = organization.managementCredentials();
      var builder = new ProcessBuilder(command).redirectOutput(tmp.resolve("stdout.txt").toFile());
      builder.environment().put("AWS_ACCESS_KEY_ID", admin.accessKeyId());
      builder.environment().put("AWS_SECRET_ACCESS_KEY", admin.secretAccessKey());
      builder.environment().remove("AWS_PROFILE");
      var errFile = tmp.resolve("stderr.txt");
      builder.redirectError(errFile.toFile());
      var process = builder.start();
      try {
        var bound =
            await()
                .atMost(PATIENCE)
                .failFast(
                    "the controller exited before serving (stderr above)",
                    () -> {
                      if (process.isAlive()) {
                        return false;
                      }
                      System.err.println(Files.readString(errFile));
                      return true;
                    })
                .until(
                    () -> {
                      var m = SERVING.matcher(Files.readString(errFile));
                      return m.find() ? Integer.parseInt(m.group(2)) : -1;
                    },
                    p -> p > 0);
        var http = HttpClient.newHttpClient();
        await()
            .atMost(PATIENCE)
            .ignoreExceptions()
            .until(
                () ->
                    http.send(
                                HttpRequest.newBuilder(
                                        URI.create("http://127.0.0.1:" + bound + "/readyz"))
                                    .build(),
                                HttpResponse.BodyHandlers.ofString())
                            .statusCode()
                        == 200);
        // Issue 9: paths match exactly, and the JDK server limits that Main sets (not the test's
        // JVM) cut off a client that sends half a request.
        assertThat(
                http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bound + "/statusX"))
                            .build(),
                        HttpResponse.BodyHandlers.ofString())
                    .statusCode())
            .isEqualTo(404);
        try (var socket = new Socket("127.0.0.1", bound)) {
          socket.setSoTimeout((int) Duration.ofSeconds(60).toMillis());
          socket.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: x\r\n".getBytes(UTF_8));
          socket.getOutputStream().flush();
          int read;
          try {
            read = socket.getInputStream().read();
          } catch (SocketException reset) {
            read = -1;
          }
          assertThat(read).as("a half-sent request is cut off, unanswered").isEqualTo(-1);
        }

        process.destroy(); // SIGTERM
        // That it stops within the pod's grace period is the controller's own bound (it waits at
        // most 55 s for the run in flight); the test only awaits that it stops by itself.
        assertThat(process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS))
            .as("stops by itself on SIGTERM")
            .isTrue();
        var stderr = Files.readString(errFile);
        assertThat(process.exitValue()).as(stderr).isZero();
        assertThat(stderr).contains("controller loop stopped", "rootctl controller: stopped");
        assertThat(organization.journal().total()).as("it talked to the emulator").isPositive();
      } finally {
        if (process.isAlive()) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      }
    }
  }

  static List<String> lines(Path file) throws java.io.IOException {
    return Files.readAllLines(file);
  }
}
