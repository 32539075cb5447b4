package io.rootctl.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StatusServerTest {
  private final AtomicBoolean ready = new AtomicBoolean(false);
  private StatusServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    server =
        StatusServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            new StatusServer.Endpoints() {
              @Override
              public String metrics() {
                return "rootctl_accounts{state=\"drifted\"} 2\n";
              }

              @Override
              public StatusServer.Check health() {
                return new StatusServer.Check(true, "loop ticked 1s ago");
              }

              @Override
              public StatusServer.Check readiness() {
                return new StatusServer.Check(ready.get(), ready.get() ? "ready" : "no run yet");
              }

              @Override
              public String statusJson() {
                return "{\"revision\":\"abc\"}";
              }
            });
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesMetricsInPrometheusTextFormat() throws Exception {
    var r = get("/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain; version=0.0.4"));
    assertThat(r.body()).contains("rootctl_accounts{state=\"drifted\"} 2");
  }

  @Test
  void readinessFollowsTheControllerState() throws Exception {
    assertThat(get("/readyz").statusCode()).isEqualTo(503);
    assertThat(get("/readyz").body()).contains("no run yet");
    ready.set(true);
    assertThat(get("/readyz").statusCode()).isEqualTo(200);
    assertThat(get("/healthz").statusCode()).isEqualTo(200);
  }

  @Test
  void statusIsJsonAndUnknownPathsAre404() throws Exception {
    var status = get("/status");
    assertThat(status.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(status.body()).isEqualTo("{\"revision\":\"abc\"}");
    assertThat(get("/nope").statusCode()).isEqualTo(404);
  }

  /** Issue 9, fault 7: the JDK server matches contexts by prefix; rootctl matches exactly. */
  @Test
  void pathsThatOnlyStartLikeAnEndpointAre404() throws Exception {
    for (var path : List.of("/statusX", "/status/", "/metricsfoo", "/readyz/x", "/healthzz")) {
      assertThat(get(path).statusCode()).as(path).isEqualTo(404);
    }
    assertThat(get("/status?pretty").statusCode()).as("a query is not a path").isEqualTo(200);
  }

  /**
   * Issue 9, fault 7: a client that sends half a request held its connection for ever. The JDK
   * server's maxReqTime (set by app.Main, and for tests by the pom) closes it.
   */
  @Test
  void aHalfSentRequestIsCutOff() throws Exception {
    try (var socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      socket.setSoTimeout((int) Duration.ofSeconds(60).toMillis());
      socket
          .getOutputStream()
          .write("GET /status HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();

      int read;
      try {
        read = socket.getInputStream().read();
      } catch (SocketException reset) {
        read = -1;
      }

      assertThat(read).as("the server closed the connection without an answer").isEqualTo(-1);
    }
  }

  @Test
  void bindsLoopbackOnAnEphemeralPort() {
    assertThat(server.port()).isPositive();
    assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
  }
}
