package io.rootctl.sim.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.rootctl.sim.Caller;
import io.rootctl.sim.SimException;
import io.rootctl.sim.SimulatedOrganization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The AWS emulator: serves a {@link SimulatedOrganization} on loopback (127.0.0.1) over the AWS
 * wire protocols, one virtual thread per request. The service is the one named in the SigV4
 * credential scope of the {@code Authorization} header ({@code .../us-east-1/iam/aws4_request},
 * {@code sts}, {@code organizations}); the caller is the access key id in that scope, with the
 * {@code X-Amz-Security-Token} header for session keys. Signatures are not verified. Requests under
 * {@code /_sim/} go to the JSON control plane. Start with {@link #start()}, stop with {@link
 * #close()}.
 */
public final class EmulatorServer implements AutoCloseable {
  /** The Region the emulator answers for (every service is signed for it). */
  public static final String REGION = "us-east-1";

  private static final Pattern CREDENTIAL =
      Pattern.compile("Credential=([^/,\\s]+)/[0-9]{8}/([^/]+)/([^/]+)/aws4_request");

  private final SimulatedOrganization organization;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final OrganizationsJsonProtocol organizations;
  private final QueryProtocol iam;
  private final QueryProtocol sts;
  private final ControlPlane controlPlane;
  private final AtomicLong requests = new AtomicLong();
  private final long instance = System.nanoTime() & 0xffffffffL;

  /**
   * Binds 127.0.0.1:{@code port} ({@code 0}: any free port) without serving yet.
   *
   * @throws UncheckedIOException when the port cannot be bound
   */
  public EmulatorServer(SimulatedOrganization organization, int port) {
    this.organization = organization;
    this.organizations = new OrganizationsJsonProtocol(organization);
    this.iam = QueryProtocol.iam(organization);
    this.sts = QueryProtocol.sts(organization);
    this.controlPlane = new ControlPlane(organization);
    try {
      server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind 127.0.0.1:" + port, e);
    }
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  /** Starts serving; returns this. */
  public EmulatorServer start() {
    server.start();
    return this;
  }

  /** The port bound. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** The endpoint to give the AWS SDK ({@code endpointOverride}). */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port());
  }

  /** The simulated organization served. */
  public SimulatedOrganization organization() {
    return organization;
  }

  /** Every operation served, as {@code service:Operation}. */
  public Set<String> servedOperations() {
    var all = new TreeSet<String>();
    organizations.operations().forEach(o -> all.add("organizations:" + o));
    iam.operations().forEach(o -> all.add("iam:" + o));
    sts.operations().forEach(o -> all.add("sts:" + o));
    return all;
  }

  /** Stops serving at once and releases the port and threads. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      var requestId = nextRequestId();
      var body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      var uri = exchange.getRequestURI();
      Response response;
      try {
        response =
            uri.getPath().startsWith("/_sim/")
                ? controlPlane.handle(
                    exchange.getRequestMethod(),
                    uri.getPath(),
                    uri.getRawQuery() == null ? "" : uri.getRawQuery(),
                    body)
                : aws(exchange, body, requestId);
      } catch (RuntimeException e) {
        // The boundary of one request: a bug must answer a 5xx, not hang the client.
        response =
            sts.error(new SimException("InternalFailure", 500, "emulator error: " + e), requestId);
      }
      var bytes = response.body().getBytes(StandardCharsets.UTF_8);
      var headers = exchange.getResponseHeaders();
      headers.set("Content-Type", response.contentType());
      headers.set("x-amzn-RequestId", requestId);
      exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        exchange.getResponseBody().write(bytes);
      }
    }
  }

  /** A request id shaped like AWS's (a UUID), unique per server; cheaper than a random UUID. */
  private String nextRequestId() {
    return String.format("%08x-0000-4000-8000-%012x", instance, requests.incrementAndGet());
  }

  private Response aws(HttpExchange exchange, String body, String requestId) {
    var headers = exchange.getRequestHeaders();
    var authorization = Optional.ofNullable(headers.getFirst("Authorization")).orElse("");
    var matcher = CREDENTIAL.matcher(authorization);
    var target = headers.getFirst("X-Amz-Target");
    if (!matcher.find()) {
      var missing =
          new SimException(
              "MissingAuthenticationToken", 403, "Request is missing Authentication Token");
      return target != null ? jsonError(missing) : iam.error(missing, requestId);
    }
    var caller =
        new Caller(matcher.group(1), Optional.ofNullable(headers.getFirst("X-Amz-Security-Token")));
    return switch (matcher.group(3)) {
      case "organizations" -> organizations.handle(target == null ? "" : target, caller, body);
      case "iam" -> iam.handle(caller, body, requestId);
      case "sts" -> sts.handle(caller, body, requestId);
      default ->
          iam.error(
              new SimException(
                  "UnknownService", 400, "The emulator does not serve " + matcher.group(3)),
              requestId);
    };
  }

  private static Response jsonError(SimException e) {
    return Response.json(
        e.httpStatus(),
        "{\"__type\":\"" + e.errorCode() + "\",\"Message\":\"" + e.getMessage() + "\"}");
  }
}
