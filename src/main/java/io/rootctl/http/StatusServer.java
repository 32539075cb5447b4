package io.rootctl.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves the controller's endpoints. Thread-safe; {@link #close()} stops it. GET and HEAD only.
 *
 * <p>Paths match exactly: the JDK server picks a context by prefix, so {@code /statusX} or {@code
 * /metrics/x} would otherwise be answered as {@code /status} and {@code /metrics}; they get 404.
 *
 * <p>Timeouts are the JDK server's own settings, which {@code app.Main} sets before any server
 * starts: {@code sun.net.httpserver.maxReqTime} (a request's headers and body must arrive within
 * it, else the connection is closed; a connection that sends nothing is closed after it too) and
 * {@code sun.net.httpserver.maxRspTime} (a response must be taken within it). Without them a client
 * that sends half a request holds a connection for ever. See <a
 * href="https://docs.oracle.com/en/java/javase/21/docs/api/jdk.httpserver/module-summary.html">the
 * jdk.httpserver system properties</a>.
 */
public final class StatusServer implements AutoCloseable {

  /** What the endpoints show; each method is called per request and must be fast. */
  public interface Endpoints {
    /** The Prometheus text exposition. */
    String metrics();

    /** Null-free health verdict for {@code /healthz}. */
    Check health();

    /** Verdict for {@code /readyz}. */
    Check readiness();

    /** The JSON document for {@code /status}. */
    String statusJson();
  }

  /** An endpoint verdict and a one-line reason. */
  public record Check(boolean ok, String reason) {}

  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService executor;

  private StatusServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Binds {@code address} (port 0 picks a free port) and starts serving. */
  public static StatusServer start(InetSocketAddress address, Endpoints endpoints) {
    try {
      var server = HttpServer.create(address, 64);
      var executor = Executors.newVirtualThreadPerTaskExecutor();
      server.setExecutor(executor);
      exact(server, "/metrics", ex -> respond(ex, 200, PROMETHEUS_TEXT, endpoints.metrics()));
      exact(server, "/healthz", ex -> check(ex, endpoints.health()));
      exact(server, "/readyz", ex -> check(ex, endpoints.readiness()));
      exact(server, "/status", ex -> respond(ex, 200, "application/json", endpoints.statusJson()));
      server.createContext("/", StatusServer::notFound);
      server.start();
      return new StatusServer(server, executor);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + address + ": " + e.getMessage(), e);
    }
  }

  /** Serves {@code path} itself; anything longer that starts with it is not found. */
  private static void exact(HttpServer server, String path, HttpHandler handler) {
    server.createContext(
        path,
        ex -> {
          if (ex.getRequestURI().getPath().equals(path)) {
            handler.handle(ex);
          } else {
            notFound(ex);
          }
        });
  }

  private static void notFound(HttpExchange ex) throws IOException {
    respond(ex, 404, "text/plain", "not found\n");
  }

  /** The bound port. */
  public int port() {
    return server.getAddress().getPort();
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  private static void check(HttpExchange ex, Check check) throws IOException {
    respond(
        ex,
        check.ok() ? 200 : 503,
        "text/plain",
        (check.ok() ? "ok" : "not ok") + ": " + check.reason() + "\n");
  }

  private static void respond(HttpExchange ex, int status, String type, String body)
      throws IOException {
    try (ex) {
      var method = ex.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        ex.getResponseHeaders().set("Allow", "GET, HEAD");
        ex.sendResponseHeaders(405, -1);
        return;
      }
      var bytes = body.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", type);
      ex.getResponseHeaders().set("Cache-Control", "no-store");
      if (method.equals("HEAD")) {
        ex.sendResponseHeaders(status, -1);
        return;
      }
      ex.sendResponseHeaders(status, bytes.length);
      ex.getResponseBody().write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
