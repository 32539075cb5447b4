package io.rootctl.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rootctl.app.ControllerAssembly;
import io.rootctl.cloud.Sleeper;
import io.rootctl.cloud.aws.AwsSettings;
import io.rootctl.control.Controller;
import io.rootctl.control.ControllerConfig;
import io.rootctl.sim.AdjustableClock;
import io.rootctl.sim.FaultSettings;
import io.rootctl.sim.Fixture;
import io.rootctl.sim.SimulatedOrganization;
import io.rootctl.sim.http.EmulatorServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The controller as production wires it ({@link ControllerAssembly}), against the emulator over
 * HTTP with the real SDK, serving its endpoints on 127.0.0.1:0. Close it to stop both.
 */
public final class EmulatedController implements AutoCloseable {
  public static final ObjectMapper JSON = new ObjectMapper();
  public static final Path DEMO_DESIRED_STATE = Path.of("desired-state");

  public final SimulatedOrganization organization;
  public final EmulatorServer emulator;
  public final ControllerConfig config;
  private ControllerAssembly running;
  private final HttpClient http = HttpClient.newHttpClient();

  public EmulatedController(FaultSettings faults, ControllerConfig config) {
    this(faults, config, Sleeper.threadSleep());
  }

  /**
   * @param latency waits out the emulator's injected latency ({@link FaultSettings#latency()}),
   *     before each call is answered: a test can hold calls there until it has done something
   */
  public EmulatedController(FaultSettings faults, ControllerConfig config, Sleeper latency) {
    this(Fixture.demo(), faults, config, latency);
  }

  /**
   * The emulator loaded with {@code fixture} (a generated organization, for benchmarks) instead of
   * the demo organization; injected latency is slept.
   */
  public EmulatedController(Fixture fixture, FaultSettings faults, ControllerConfig config) {
    this(fixture, faults, config, Sleeper.threadSleep());
  }

  private EmulatedController(
      Fixture fixture, FaultSettings faults, ControllerConfig config, Sleeper latency) {
    this.organization =
        new SimulatedOrganization(fixture, new AdjustableClock(Clock.systemUTC()), faults, latency);
    this.emulator = new EmulatorServer(organization, 0).start();
    this.config = config.withListen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
  }

  /** Fast timing for tests: {@code interval} with resync equal to it, polling every 200 ms. */
  public static ControllerConfig fast(Path dir, Duration interval) {
    return ControllerConfig.defaults(dir).withTiming(interval, interval, Duration.ofMillis(200));
  }

  public EmulatedController start() {
    return start(s -> s);
  }

  public EmulatedController start(UnaryOperator<AwsSettings> tune) {
    return start(Clock.systemUTC(), tune);
  }

  /**
   * Starts the controller on {@code clock}: with a {@link ManualClock} its interval, resync and
   * caches move only when the test advances it (the emulator keeps real time).
   */
  public EmulatedController start(Clock clock) {
    return start(clock, s -> s);
  }

  /**
   * Starts the controller taking the writer lock at {@code lockUrl} while it applies; the emulator
   * gets the lock's bucket first.
   */
  public EmulatedController startWithLock(String lockUrl) {
    return lockAt(lockUrl).start(Clock.systemUTC(), s -> s);
  }

  /**
   * Makes the controller, when it starts, take the writer lock at {@code lockUrl} while it applies;
   * the emulator gets the lock's bucket now.
   */
  public EmulatedController lockAt(String lockUrl) {
    var url = io.rootctl.lock.LockUrl.parse(lockUrl);
    new io.rootctl.sim.S3Backend(organization).ensureBucket(url.bucket());
    lock = java.util.Optional.of(url);
    return this;
  }

  private java.util.Optional<io.rootctl.lock.LockUrl> lock = java.util.Optional.empty();
  private Optional<String> eventsQueueUrl = Optional.empty();

  /**
   * Starts the controller on {@code clock} with the SQS event source on the emulator's events queue
   * ({@code rootctl-events}, created here as {@code rootctl sim} creates it), events delivered
   * {@code delay} after each root-credential change on the emulator's clock.
   */
  public EmulatedController startWithEvents(Clock clock, Duration delay) {
    var sqs = new io.rootctl.sim.SqsBackend(organization);
    var queue =
        sqs.ensureQueue(organization.managementAccount(), "rootctl-events", java.util.Map.of());
    organization.events().deliverTo(queue, delay);
    eventsQueueUrl = Optional.of(queue.url(emulator.endpoint().toString()));
    return start(clock, s -> s);
  }

  /** POSTs {@code json} to the emulator's control plane at {@code path}; answers the body. */
  public JsonNode control(String path, String json) throws IOException, InterruptedException {
    var r =
        http.send(
            HttpRequest.newBuilder(URI.create(emulator.endpoint() + path))
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new AssertionError(path + " failed: " + r.body());
    }
    return JSON.readTree(r.body());
  }

  private EmulatedController start(Clock clock, UnaryOperator<AwsSettings> tune) {
    var admin = organization.managementCredentials();
    var settings =
        AwsSettings.defaults()
            .withEndpoint(emulator.endpoint())
            .withCredentials(
                new AwsSettings.StaticCredentials(admin.accessKeyId(), admin.secretAccessKey()))
            .withRates(1_000, 1_000, 1_000);
    running = ControllerAssembly.start(config, tune.apply(settings), clock, lock, eventsQueueUrl);
    return this;
  }

  public ControllerAssembly running() {
    return running;
  }

  public Controller controller() {
    return running.controller();
  }

  public int port() {
    return running.address().getPort();
  }

  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  public JsonNode status() throws IOException, InterruptedException {
    return JSON.readTree(get("/status").body());
  }

  public String metrics() {
    return running.registry().scrape();
  }

  /** The value of one sample line of /metrics ({@code name{labels}}), if present. */
  public Optional<Double> sample(String nameAndLabels) {
    var m =
        Pattern.compile("(?m)^" + Pattern.quote(nameAndLabels) + " ([-+.0-9Ee]+|NaN)$")
            .matcher(metrics());
    return m.find() ? Optional.of(Double.parseDouble(m.group(1))) : Optional.empty();
  }

  /**
   * The sum of every sample of {@code name} in /metrics whose labels contain each of {@code labels}
   * (e.g. {@code expected="true"}); 0 when there is none.
   */
  public double total(String name, String... labels) {
    var m =
        Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? ([-+.0-9Ee]+)$")
            .matcher(metrics());
    var sum = 0.0;
    while (m.find()) {
      var set = m.group(1) == null ? "" : m.group(1);
      if (java.util.Arrays.stream(labels).allMatch(set::contains)) {
        sum += Double.parseDouble(m.group(2));
      }
    }
    return sum;
  }

  /** Drift through the emulator's control plane, as an operator's script would. */
  public String mutate(String json) throws IOException, InterruptedException {
    var r =
        http.send(
            HttpRequest.newBuilder(URI.create(emulator.endpoint() + "/_sim/mutate"))
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new AssertionError("mutate failed: " + r.body());
    }
    return JSON.readTree(r.body()).path("result").asText();
  }

  /** Writes the emulator made: deletes, deactivations, created login profiles, enabled features. */
  public long writes() {
    return organization
        .journal()
        .count(
            k ->
                k.operation().startsWith("iam:Delete")
                    || k.operation().startsWith("iam:Deactivate")
                    || k.operation().startsWith("iam:Create")
                    || k.operation().startsWith("iam:Enable")
                    || k.operation().startsWith("organizations:Enable"));
  }

  /**
   * Whether the loop is waiting for its next run: no run in flight and none about to start (with no
   * trigger pending; a test that starts none knows).
   */
  public boolean idle() {
    return controller().status().nextRunAt().isPresent();
  }

  public static FaultSettings noFaults() {
    return FaultSettings.none();
  }

  public static FaultSettings stsRate(double perSecond) {
    return FaultSettings.none().withStsAssumeRootRate(OptionalDouble.of(perSecond));
  }

  @Override
  public void close() {
    if (running != null) {
      running.close();
    }
    emulator.close();
  }
}
