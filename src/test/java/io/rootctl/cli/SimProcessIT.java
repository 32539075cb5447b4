package io.rootctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code rootctl sim} as a user runs it, from the built jar: it prints where to connect, serves,
 * and on a termination signal closes its server, says so and exits 0.
 */
class SimProcessIT {

  @Test
  void servesUntilSignalledThenStopsCleanlyWithExitZero() throws Exception {
    var jar = Path.of("target/rootctl.jar");
    assertThat(jar).as("mvn package builds the jar before failsafe runs").exists();
    var java = ProcessHandle.current().info().command().orElse("java");
    var process =
        new ProcessBuilder(
                java,
                "-jar",
                jar.toString(),
                "sim",
                "--generate",
                "accounts=500,ous=20,seed=1,drift=0.3",
                "--port",
                "0")
            .redirectErrorStream(true)
            .start();
    try (var out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      var printed = new StringBuilder();
      for (String line; (line = out.readLine()) != null; ) {
        printed.append(line).append('\n');
        if (line.startsWith("serving until interrupted")) {
          break;
        }
      }
      var endpoint = Pattern.compile("served on (\\S+)").matcher(printed);
      assertThat(endpoint.find()).as(printed.toString()).isTrue();
      assertThat(printed).contains("export AWS_ACCESS_KEY_ID=", "export AWS_SECRET_ACCESS_KEY=");
      try (var http = HttpClient.newHttpClient()) {
        var state =
            http.send(
                HttpRequest.newBuilder(URI.create(endpoint.group(1) + "/_sim/state")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(state.statusCode()).isEqualTo(200);
      }

      process.toHandle().destroy(); // SIGTERM, as `kill` sends it; keeps our end of stdout open

      assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("stopped within 20 s").isTrue();
      assertThat(out.readLine()).isEqualTo("rootctl sim: stopped");
      assertThat(process.exitValue()).isZero();
    } finally {
      process.destroyForcibly();
    }
  }
}
