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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The AWS emulator: serves a {@link SimulatedOrganization} on loopback (127.0.0.1) over the AWS
 * wire protocols, one virtual thread per request. Each request goes to the {@link ServiceHandler}
 * registered ({@link #SERVICES}) for the service named in the SigV4 credential scope of its {@code
 * Authorization} header ({@code .../us-east-1/iam/aws4_request}, {@code sts}, {@code
 * organizations}); the caller is the access key id in that scope, with the {@code
 * X-Amz-Security-Token} header for session keys. Signatures are not verified. Unsigned requests
 * under {@code /federation/} and {@code /token} go to IAM Identity Center's portal and OIDC service
 * ({@link SsoPortalResponses}: their calls carry a bearer token or client instead, {@link
 * #UNSIGNED}). Requests under {@code /_sim/} go to the JSON control plane. Start with {@link
 * #start()}, stop with {@link #close()}.
 */
public final class EmulatorServer implements AutoCloseable {
  /** The Region the emulator answers for (every service is signed for it). */
  public static final String REGION = "us-east-1";

  private static final Pattern CREDENTIAL =
      Pattern.compile("Credential=([^/,\\s]+)/[0-9]{8}/([^/]+)/([^/]+)/aws4_request");

  /**
   * The services served, one line each: a new service adds its {@link ServiceHandler} here (see
   * docs/emulator.md, "Adding a service").
   */
  static final List<Function<SimulatedOrganization, ServiceHandler>> SERVICES =
      List.of(
          OrganizationsResponses::new,
          IamResponses::new,
          StsResponses::new,
          S3Responses::new,
          SqsResponses::new,
          SsoPortalResponses::new,
          SsoPortalResponses.Oidc::new);

  /**
   * The services whose calls are not signed ({@code authtype: none} in their models), by the path
   * prefix of their operations: IAM Identity Center's portal and OIDC service.
   */
  static final Map<String, String> UNSIGNED =
      Map.of("/federation/", "awsssoportal", "/token", "sso-oauth");

  private final SimulatedOrganization organization;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final Map<String, ServiceHandler> services = new LinkedHashMap<>();
  private final ControlPlane controlPlane;
  private final AtomicLong requests = new AtomicLong();
  private final long instance = System.nanoTime() & 0xffffffffL;

  /**
   * Binds 127.0.0.1:{@code port} ({@code 0}: any free port) without serving yet.
   *
   * @throws UncheckedIOException when the port cannot be bound
   */
  public EmulatorServer(SimulatedOrganization organization, int port) {
    this(organization, port, SERVICES);
  }

  /**
   * Serves {@code services} instead of {@link #SERVICES}.
   *
   * @throws IllegalStateException when two services have one signing name or one mutate action
   */
  EmulatorServer(
      SimulatedOrganization organization,
      int port,
      List<Function<SimulatedOrganization, ServiceHandler>> services) {
    this.organization = organization;
    var mutations = new LinkedHashMap<String, ServiceHandler.Mutation>();
    for (var factory : services) {
      var service = factory.apply(organization);
      if (this.services.putIfAbsent(service.signingName(), service) != null) {
        throw new IllegalStateException("two services signed for " + service.signingName());
      }
      service
          .mutations()
          .forEach(
              (name, mutation) -> {
                if (mutations.putIfAbsent(name, mutation) != null) {
                  throw new IllegalStateException("two mutate actions named " + name);
                }
              });
    }
    this.controlPlane = new ControlPlane(organization, mutations);
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

  /** Every operation served, as {@code service:Operation}. */
  public Set<String> servedOperations() {
    var all = new TreeSet<String>();
    services.forEach((name, service) -> service.operations().forEach(o -> all.add(name + ":" + o)));
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
            QueryProtocol.error(
                StsResponses.NAMESPACE,
                new SimException("InternalFailure", 500, "emulator error: " + e),
                requestId);
      }
      var bytes = response.body().getBytes(StandardCharsets.UTF_8);
      var headers = exchange.getResponseHeaders();
      headers.set("Content-Type", response.contentType());
      headers.set("x-amzn-RequestId", requestId);
      response.headers().forEach(headers::set);
      boolean noBody = bytes.length == 0 || exchange.getRequestMethod().equals("HEAD");
      exchange.sendResponseHeaders(response.status(), noBody ? -1 : bytes.length);
      if (!noBody) {
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
    // Before a service is chosen, errors take the JSON envelope when the request names a JSON
    // target and the query envelope in IAM's namespace otherwise.
    var signed = matcher.find();
    var uri = exchange.getRequestURI();
    var path = uri.getPath() == null ? "/" : uri.getPath();
    var lowerCase = new LinkedHashMap<String, String>();
    headers.forEach(
        (name, values) -> {
          if (!values.isEmpty()) {
            lowerCase.putIfAbsent(name.toLowerCase(java.util.Locale.ROOT), values.get(0));
          }
        });
    var unsigned =
        UNSIGNED.entrySet().stream()
            .filter(e -> path.startsWith(e.getKey()))
            .map(e -> services.get(e.getValue()))
            .filter(java.util.Objects::nonNull)
            .findFirst();
    if (!signed && unsigned.isPresent()) {
      // IAM Identity Center's calls are not signed (authtype none): the portal's caller is the
      // bearer token in x-amz-sso_bearer_token, the OIDC service's the client in the body.
      return unsigned
          .get()
          .handle(
              new Request(
                  Caller.of(""),
                  Optional.empty(),
                  body,
                  requestId,
                  exchange.getRequestMethod(),
                  path,
                  uri.getRawQuery() == null ? "" : uri.getRawQuery(),
                  lowerCase));
    }
    if (!signed) {
      var missing =
          new SimException(
              "MissingAuthenticationToken", 403, "Request is missing Authentication Token");
      return target != null
          ? JsonProtocol.error(missing)
          : QueryProtocol.error(IamResponses.NAMESPACE, missing, requestId);
    }
    var caller =
        new Caller(matcher.group(1), Optional.ofNullable(headers.getFirst("X-Amz-Security-Token")));
    var service = services.get(matcher.group(3));
    if (service == null) {
      return QueryProtocol.error(
          IamResponses.NAMESPACE,
          new SimException(
              "UnknownService", 400, "The emulator does not serve " + matcher.group(3)),
          requestId);
    }
    return service.handle(
        new Request(
            caller,
            Optional.ofNullable(target),
            body,
            requestId,
            exchange.getRequestMethod(),
            path,
            uri.getRawQuery() == null ? "" : uri.getRawQuery(),
            lowerCase));
  }
}
