package io.rootctl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rootctl.sim.Fixture;
import io.rootctl.testing.ClockServices;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    assertThat(out.toString())
        .containsPattern(
            "export ROOTCTL_EVENTS_QUEUE_URL="
                + Pattern.quote(matcher.group(1))
                + "/[0-9]{12}/rootctl-events\n");
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

  /** A {@code rootctl sim} run on a virtual thread, stopped by interruption as tests stop it. */
  record Running(Thread thread, StringWriter out, StringWriter err, AtomicInteger exit) {
    static Running start(String... args) {
      var out = new StringWriter();
      var err = new StringWriter();
      var cli = RootctlCommand.commandLine(new ClockServices(Clock.systemUTC()));
      cli.setOut(new PrintWriter(out, true));
      cli.setErr(new PrintWriter(err, true));
      var exit = new AtomicInteger(-1);
      var thread = Thread.ofVirtual().start(() -> exit.set(cli.execute(args)));
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> out.toString().contains("serving until interrupted") || !thread.isAlive());
      return new Running(thread, out, err, exit);
    }

    String endpoint() {
      var matcher = Pattern.compile("export AWS_ENDPOINT_URL=(\\S+)").matcher(out.toString());
      assertThat(matcher.find()).as(out.toString() + err).isTrue();
      return matcher.group(1);
    }

    String call(String method, String path, String body) throws Exception {
      try (var http = HttpClient.newHttpClient()) {
        var response =
            http.send(
                HttpRequest.newBuilder(URI.create(endpoint() + path))
                    .method(
                        method,
                        body.isEmpty()
                            ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
      }
    }

    int stop() throws InterruptedException {
      thread.interrupt();
      thread.join(Duration.ofSeconds(10));
      return exit.get();
    }
  }

  @Test
  void dumpsTheStateWhenServingStartsAndWhenStoppedAndServesItAgainFromThatFixture(
      @TempDir Path dir) throws Exception {
    var file = dir.resolve("org.yaml");
    var json = new ObjectMapper();
    var first =
        Running.start(
            "sim",
            "--generate",
            "accounts=30,ou=Security,ou=Workloads/Prod,seed=7",
            "--dump-fixture",
            file.toString(),
            "--port",
            "0");
    var atStart = json.readTree(first.call("GET", "/_sim/state", ""));
    assertThat(first.out().toString()).contains("fixture written to " + file);
    assertThat(json.readTree(Fixture.load(file).toJson())).isEqualTo(atStart);
    assertThat(atStart.path("organizationalUnits").findValuesAsText("name"))
        .containsExactly("Security", "Workloads", "Prod");

    var member = atStart.path("accounts").get(1).path("id").asText();
    var prod = atStart.path("organizationalUnits").get(2).path("id").asText();
    first.call(
        "POST", "/_sim/mutate", "{\"action\":\"createAccessKey\",\"account\":\"" + member + "\"}");
    first.call(
        "POST",
        "/_sim/mutate",
        "{\"action\":\"addAccount\",\"name\":\"n\",\"email\":\"n@example.com\",\"parent\":\""
            + prod
            + "\"}");
    var atStop = json.readTree(first.call("GET", "/_sim/state", ""));
    assertThat(atStop).isNotEqualTo(atStart);
    assertThat(first.stop()).isEqualTo(ExitCodes.OK);
    assertThat(first.out().toString())
        .contains("rootctl sim: fixture written to " + file + "\nrootctl sim: stopped");
    assertThat(json.readTree(Fixture.load(file).toJson())).isEqualTo(atStop);

    var second = Running.start("sim", "--fixture", file.toString(), "--port", "0");
    try {
      assertThat(json.readTree(second.call("GET", "/_sim/state", ""))).isEqualTo(atStop);
    } finally {
      assertThat(second.stop()).isEqualTo(ExitCodes.OK);
    }
  }

  @Test
  void refusesToServeWhenTheFixtureCannotBeWritten(@TempDir Path dir) throws Exception {
    var run =
        Running.start(
            "sim", "--dump-fixture", dir.resolve("missing/org.yaml").toString(), "--port", "0");
    run.thread().join(Duration.ofSeconds(10));
    assertThat(run.exit().get()).isEqualTo(ExitCodes.ERROR);
    assertThat(run.err().toString())
        .contains("cannot write the fixture to " + dir.resolve("missing/org.yaml"))
        .contains("no such directory");
    assertThat(run.out().toString()).doesNotContain("serving");
  }

  @Test
  void generatesNamedOus() throws Exception {
    var run =
        Running.start(
            "sim", "--generate", "accounts=5,ou=Security,ou=Workloads/Prod", "--port", "0");
    try {
      var state = new ObjectMapper().readTree(run.call("GET", "/_sim/state", ""));
      assertThat(state.path("organizationalUnits").findValuesAsText("name"))
          .containsExactly("Security", "Workloads", "Prod");
    } finally {
      assertThat(run.stop()).isEqualTo(ExitCodes.OK);
    }
  }

  @Test
  void rejectsOuNamesGivenAsTheOusCount() {
    var err = new StringWriter();
    var cli = RootctlCommand.commandLine(new ClockServices(Clock.systemUTC()));
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(new StringWriter(), true));
    assertThat(cli.execute("sim", "--generate", "accounts=5,ous=Security,Workloads/Prod"))
        .isEqualTo(ExitCodes.ERROR);
    assertThat(err.toString()).contains("ou=PATH");
  }
}
