package io.rootctl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rootctl.testing.ClockServices;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code rootctl sim} serves until interrupted, printing where to connect. */
class SimCommandIT {

  @Test
  void servesAGeneratedOrganizationUntilInterrupted() throws Exception {
    var out = new StringWriter();
    var err = new StringWriter();
    CommandServices services = new ClockServices(Clock.systemUTC());
    var cli = RootctlCommand.commandLine(services);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    var exit = new AtomicInteger(-1);
    var thread =
        Thread.ofVirtual()
            .start(
                () ->
                    exit.set(
                        cli.execute(
                            "sim",
                            "--generate",
                            "accounts=500,ous=20,seed=1,drift=0.3",
                            "--port",
                            "0")));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> out.toString().contains("serving until interrupted"));
    var matcher = Pattern.compile("export AWS_ENDPOINT_URL=(\\S+)").matcher(out.toString());
    assertThat(matcher.find()).isTrue();
    assertThat(out.toString())
        .contains("export AWS_ACCESS_KEY_ID=AKIA")
        .contains("export AWS_SECRET_ACCESS_KEY=")
        .contains("region: us-east-1");
    assertThat(matcher.group(1)).startsWith("http://127.0.0.1:");
    try (var http = HttpClient.newHttpClient()) {
      var state =
          http.send(
              HttpRequest.newBuilder(URI.create(matcher.group(1) + "/_sim/state")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(state.statusCode()).isEqualTo(200);
      assertThat(state.body()).contains("\"organizationId\"");
    }
    thread.interrupt();
    thread.join(Duration.ofSeconds(10));
    assertThat(exit.get()).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).contains("rootctl sim: stopped");
  }

  @Test
  void rejectsFixtureAndGenerateTogether() {
    var err = new StringWriter();
    var cli = RootctlCommand.commandLine(new ClockServices(Clock.systemUTC()));
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(new StringWriter(), true));
    assertThat(cli.execute("sim", "--fixture", "x.yaml", "--generate", "accounts=2"))
        .isEqualTo(ExitCodes.ERROR);
    assertThat(err.toString()).contains("mutually exclusive");
  }

  @Test
  void rejectsABadGeneratorSpec() {
    var err = new StringWriter();
    var cli = RootctlCommand.commandLine(new ClockServices(Clock.systemUTC()));
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(new StringWriter(), true));
    assertThat(cli.execute("sim", "--generate", "accounts=two", "--port", "0"))
        .isEqualTo(ExitCodes.ERROR);
    assertThat(err.toString()).contains("not a number");
  }
}
