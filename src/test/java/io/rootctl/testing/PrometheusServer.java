package io.rootctl.testing;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Prometheus server (Debian's {@code prometheus} package) for tests: scrapes one target on
 * loopback every second, stores in a temp dir, answers PromQL through its HTTP API. With {@code
 * CI=true} a missing binary fails the test; elsewhere the test is skipped with the install hint.
 */
public final class PrometheusServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Process process;
  private final int port;
  private final Path config;
  private final String rules;
  private final HttpClient http = HttpClient.newHttpClient();

  private PrometheusServer(Process process, int port, Path config, String rules) {
    this.process = process;
    this.port = port;
    this.config = config;
    this.rules = rules;
  }

  /** The prometheus binary, or the test fails (CI) / is skipped (laptop). */
  public static Path binary() {
    for (var dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      var candidate = Path.of(dir, "prometheus");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    var hint = "prometheus is not installed: apt-get install prometheus (.ci/run does this)";
    if ("true".equals(System.getenv("CI"))) {
      fail(hint);
    }
    Assumptions.abort(hint);
    throw new IllegalStateException("unreachable");
  }

  /** Starts Prometheus scraping {@code http://127.0.0.1:targetPort/metrics} every second. */
  public static PrometheusServer start(Path workDir, int targetPort, String rulesFile)
      throws IOException, InterruptedException {
    var bin = binary();
    int port = freePort();
    var config = workDir.resolve("prometheus.yml");
    var rules = rulesFile == null ? "" : "rule_files: ['" + rulesFile + "']\n";
    writeConfig(config, rules, targetPort);
    var log = workDir.resolve("prometheus.log").toFile();
    var process =
        new ProcessBuilder(
                bin.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + workDir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--web.enable-lifecycle")
            .redirectErrorStream(true)
            .redirectOutput(log)
            .start();
    var server = new PrometheusServer(process, port, config, rules);
    server.awaitReady(Duration.ofMinutes(2), log.toPath());
    return server;
  }

  private static void writeConfig(Path config, String rules, int targetPort) throws IOException {
    Files.writeString(
        config,
        """
        global:
          scrape_interval: 1s
          evaluation_interval: 1s
        %sscrape_configs:
          - job_name: rootctl
            static_configs:
              - targets: ['127.0.0.1:%d']
        """
            .formatted(rules, targetPort));
  }

  /**
   * Scrapes {@code 127.0.0.1:targetPort} from now on instead of the previous target (a restarted
   * controller on a new port), through Prometheus's {@code /-/reload}.
   */
  public void retarget(int targetPort) throws IOException, InterruptedException {
    writeConfig(config, rules, targetPort);
    var r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/-/reload"))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new AssertionError("prometheus reload failed: " + r.statusCode() + " " + r.body());
    }
  }

  private static int freePort() throws IOException {
    try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private void awaitReady(Duration timeout, Path log) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        fail("prometheus exited: " + Files.readString(log));
      }
      try {
        var r = http.send(request("/-/ready"), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      process.waitFor(200, TimeUnit.MILLISECONDS);
    }
    fail("prometheus not ready after " + timeout + ": " + Files.readString(log));
  }

  private HttpRequest request(String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
        .timeout(Duration.ofSeconds(10))
        .build();
  }

  public int port() {
    return port;
  }

  /** Runs an instant PromQL query; returns the {@code data.result} array. */
  public List<JsonNode> query(String promql) throws IOException, InterruptedException {
    var r =
        http.send(
            request("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)),
            HttpResponse.BodyHandlers.ofString());
    var body = JSON.readTree(r.body());
    if (!"success".equals(body.path("status").asText())) {
      throw new AssertionError("query failed: " + promql + " -> " + r.body());
    }
    var out = new java.util.ArrayList<JsonNode>();
    body.path("data").path("result").forEach(out::add);
    return out;
  }

  /**
   * The active alerts ({@code /api/v1/alerts}): each with {@code labels} (alertname and the rule's
   * and series' labels) and {@code state} ({@code pending} or {@code firing}).
   */
  public List<JsonNode> alerts() throws IOException, InterruptedException {
    var r = http.send(request("/api/v1/alerts"), HttpResponse.BodyHandlers.ofString());
    var out = new java.util.ArrayList<JsonNode>();
    JSON.readTree(r.body()).path("data").path("alerts").forEach(out::add);
    return out;
  }

  /** The state of every alerting rule ({@code /api/v1/rules}). */
  public JsonNode rules() throws IOException, InterruptedException {
    var r = http.send(request("/api/v1/rules"), HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body()).path("data");
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
