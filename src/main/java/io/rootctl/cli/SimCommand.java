package io.rootctl.cli;

import io.rootctl.cloud.Sleeper;
import io.rootctl.sim.AdjustableClock;
import io.rootctl.sim.FaultSettings;
import io.rootctl.sim.Fixture;
import io.rootctl.sim.FixtureGenerator;
import io.rootctl.sim.GeneratorSpec;
import io.rootctl.sim.RootActivityEvents;
import io.rootctl.sim.S3Backend;
import io.rootctl.sim.SimulatedOrganization;
import io.rootctl.sim.SqsBackend;
import io.rootctl.sim.http.EmulatorServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rootctl sim}: the AWS emulator on loopback, until interrupted. */
@Command(
    name = "sim",
    mixinStandardHelpOptions = true,
    description = {
      "Serves a simulated AWS organization with centralized root access on 127.0.0.1, over the"
          + " AWS wire protocols (Organizations, IAM, STS, S3, SQS), until interrupted (Ctrl-C).",
      "Prints the endpoint, Region and the management account's credentials to use.",
      "Root-credential changes in member accounts arrive as EventBridge events in the SQS queue"
          + " printed as ROOTCTL_EVENTS_QUEUE_URL.",
      "Control plane (JSON): /_sim/state, /_sim/mutate, /_sim/reset, /_sim/journal, /_sim/faults,"
          + " /_sim/clock, /_sim/events. Fixture format, endpoints and how to add a service:"
          + " docs/emulator.md."
    })
public final class SimCommand implements Callable<Integer> {
  /** The bucket the emulator creates for the writer lock. */
  public static final String LOCK_BUCKET = "rootctl-sim-locks";

  /** The writer lock's location in the emulator, printed as {@code export ROOTCTL_LOCK_URL=...}. */
  public static final String LOCK_URL = "s3://" + LOCK_BUCKET + "/rootctl/writer.lock";

  /** The events queue the emulator creates, in the management account. */
  public static final String EVENTS_QUEUE = "rootctl-events";

  /** The events queue's dead-letter queue. */
  public static final String EVENTS_DLQ = "rootctl-events-dlq";

  /** Receives of one message before the events queue's redrive policy moves it to the DLQ. */
  public static final int EVENTS_MAX_RECEIVE_COUNT = 5;

  /** The variable {@code rootctl sim} prints the events queue's URL in. */
  public static final String EVENTS_QUEUE_ENV = "ROOTCTL_EVENTS_QUEUE_URL";

  private final CommandServices services;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "TCP port on 127.0.0.1 (0: any free port). Default: ${DEFAULT-VALUE}.")
  int port = 4510;

  static final class Source {
    @Option(
        names = "--fixture",
        paramLabel = "FILE",
        description = "Organization fixture (YAML or JSON). Default: the built-in demo.")
    @Nullable Path fixture;

    @Option(
        names = "--generate",
        paramLabel = "accounts=N[,ous=M][,ou=PATH]...[,seed=S][,drift=R]",
        description =
            "Generate an organization instead: N accounts; M OUs with generated names; ou=PATH"
                + " names one OU below the root (repeat it: ou=Security,ou=Workloads/Prod; the OUs"
                + " on the path are created too); drift: share of accounts with root"
                + " credentials.")
    @Nullable String generate;
  }

  @ArgGroup(exclusive = true)
  Source source = new Source();

  @Option(
      names = "--dump-fixture",
      paramLabel = "FILE",
      description =
          "Write the organization's state as a fixture to FILE when serving starts and again when"
              + " stopped (Ctrl-C, SIGTERM), for --fixture FILE to serve it again. JSON when FILE"
              + " ends in .json, YAML otherwise; GET /_sim/state shows the state meanwhile.")
  @Nullable Path dumpFixture;

  @Option(names = "--latency-ms", paramLabel = "L", description = "Latency added to every call.")
  long latencyMs;

  @Option(
      names = "--sts-rate",
      paramLabel = "R",
      description =
          "AssumeRoot calls per second allowed (answered Throttling above; 0: no limit)."
              + " Default: ${DEFAULT-VALUE}, AWS's STS quota per account and Region.")
  double stsRate = FaultSettings.STS_REQUESTS_PER_SECOND;

  @Option(
      names = "--iam-rate",
      paramLabel = "R",
      description = "IAM calls per second allowed per member account. Default: no limit.")
  double iamRate;

  @Option(
      names = "--fault-rate",
      paramLabel = "F",
      description = "Share of calls (0..1) answered with a random 5xx. Default: 0.")
  double faultRate;

  @Option(
      names = "--throttle-rate",
      paramLabel = "F",
      description =
          "Share of calls (0..1) answered with their service's throttling error, whatever the"
              + " rate limits say (a throttling storm). Default: 0.")
  double throttleRate;

  @Option(
      names = "--commit-then-fail-rate",
      paramLabel = "F",
      description =
          "Share of writes (0..1) that take effect and are then answered with a 5xx, as when"
              + " AWS commits a change and its answer is lost. Default: 0.")
  double commitThenFailRate;

  @Option(
      names = "--organizations-limits",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Throttle Organizations APIs at AWS's published rates (default: on).")
  boolean organizationsLimits;

  @Option(
      names = "--organizations-unlisted-rate",
      paramLabel = "R",
      description =
          "With --organizations-limits, requests per second allowed per calling account for each"
              + " Organizations API AWS's throttling table does not list (ListPolicies,"
              + " ListPoliciesForTarget, ListTargetsForPolicy, DescribePolicy, AttachPolicy, ...;"
              + " answered TooManyRequestsException above; 0: no limit). AWS publishes no figure:"
              + " the default, ${DEFAULT-VALUE}, is an assumption, DescribeOrganization's rate.")
  double organizationsUnlistedRate = FaultSettings.ORGANIZATIONS_UNLISTED_RATE;

  @Option(
      names = "--organizations-unlisted-burst",
      paramLabel = "B",
      description =
          "The burst of --organizations-unlisted-rate (at least 1). Default: ${DEFAULT-VALUE}.")
  double organizationsUnlistedBurst = FaultSettings.ORGANIZATIONS_UNLISTED_BURST;

  @Option(names = "--seed", paramLabel = "S", description = "Seed for the 5xx choice. Default: 1.")
  long seed = 1;

  @Option(
      names = "--events-delay",
      paramLabel = "SECONDS",
      description =
          "Seconds (on the emulator's clock) between a root-credential change and its event in"
              + " the events queue, as CloudTrail-to-EventBridge latency. Default: 5.")
  long eventsDelaySeconds = RootActivityEvents.DEFAULT_DELAY.toSeconds();

  public SimCommand(CommandServices services) {
    this.services = services;
  }

  /**
   * Creates the events queue and its dead-letter queue (redrive after {@link
   * #EVENTS_MAX_RECEIVE_COUNT} receives) in the management account, and sends the root-activity
   * events there.
   */
  private SqsBackend.QueueId eventsQueue(SimulatedOrganization organization) {
    var sqs = new SqsBackend(organization);
    var management = organization.managementAccount();
    var dlq = sqs.ensureQueue(management, EVENTS_DLQ, Map.of());
    var queue =
        sqs.ensureQueue(
            management,
            EVENTS_QUEUE,
            Map.of(
                "RedrivePolicy",
                "{\"deadLetterTargetArn\":\""
                    + dlq.arn()
                    + "\",\"maxReceiveCount\":\""
                    + EVENTS_MAX_RECEIVE_COUNT
                    + "\"}"));
    organization.events().deliverTo(queue, Duration.ofSeconds(eventsDelaySeconds));
    return queue;
  }

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    if (port < 0 || port > 65535) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--port must be 0..65535");
    }
    Fixture fixture;
    try {
      fixture =
          source.generate != null
              ? FixtureGenerator.generate(GeneratorSpec.parse(source.generate))
              : source.fixture != null ? Fixture.load(source.fixture) : Fixture.demo();
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    if (eventsDelaySeconds < 0) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--events-delay must not be negative");
    }
    if (!(organizationsUnlistedRate >= 0) || Double.isInfinite(organizationsUnlistedRate)) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--organizations-unlisted-rate must be a finite number >= 0");
    }
    if (!(organizationsUnlistedBurst >= 1) || Double.isInfinite(organizationsUnlistedBurst)) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--organizations-unlisted-burst must be a finite number >= 1");
    }
    var faults =
        FaultSettings.none()
            .withLatency(Duration.ofMillis(latencyMs))
            .withOrganizationsLimits(organizationsLimits)
            .withStsAssumeRootRate(
                stsRate > 0 ? OptionalDouble.of(stsRate) : OptionalDouble.empty())
            .withIamRatePerAccount(
                iamRate > 0 ? OptionalDouble.of(iamRate) : OptionalDouble.empty())
            .withFaultRate(faultRate)
            .withCommitThenFailRate(commitThenFailRate)
            .withThrottleRate(throttleRate)
            .withOrganizationsUnlistedLimit(organizationsUnlistedRate, organizationsUnlistedBurst)
            .withSeed(seed);
    var organization =
        new SimulatedOrganization(
            fixture, new AdjustableClock(services.clock()), faults, Sleeper.threadSleep());
    var stopped = new CountDownLatch(1);
    try (var server = new EmulatorServer(organization, port)) {
      if (!dump(organization, err)) {
        return ExitCodes.ERROR;
      }
      new S3Backend(organization).ensureBucket(LOCK_BUCKET);
      var eventsQueue = eventsQueue(organization);
      server.start();
      services.onTermination(stopped::countDown);
      var admin = organization.managementCredentials();
      out.printf(
          "rootctl sim: organization %s (%d accounts) served on %s%n",
          organization.organizationId(), organization.accountCount(), server.endpoint());
      out.printf("region: %s%n", EmulatorServer.REGION);
      out.printf("export AWS_ENDPOINT_URL=%s%n", server.endpoint());
      out.printf("export AWS_REGION=%s%n", EmulatorServer.REGION);
      // the AWS CLI v1 reads only AWS_DEFAULT_REGION
      out.printf("export AWS_DEFAULT_REGION=%s%n", EmulatorServer.REGION);
      out.printf("export AWS_ACCESS_KEY_ID=%s%n", admin.accessKeyId());
      out.printf("export AWS_SECRET_ACCESS_KEY=%s%n", admin.secretAccessKey());
      out.printf("export %s=%s%n", LockOption.ENV, LOCK_URL);
      out.printf("export %s=%s%n", EVENTS_QUEUE_ENV, eventsQueue.url(server.endpoint().toString()));
      out.printf("control plane: %s/_sim/state%n", server.endpoint());
      if (dumpFixture != null) {
        out.printf("fixture written to %s (again when stopped)%n", dumpFixture);
      }
      out.println("serving until interrupted (Ctrl-C)");
      out.flush();
      try {
        stopped.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    // Stopped: the server answers nothing more, so this is the final state.
    boolean interrupted = Thread.interrupted(); // file channels refuse to write when interrupted
    try {
      if (!dump(organization, err)) {
        return ExitCodes.ERROR;
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    if (dumpFixture != null) {
      out.printf("rootctl sim: fixture written to %s%n", dumpFixture);
    }
    out.println("rootctl sim: stopped");
    out.flush();
    return ExitCodes.OK;
  }

  /** Writes the state to {@code --dump-fixture}, if given; false (and says why) if it cannot. */
  private boolean dump(SimulatedOrganization organization, PrintWriter err) {
    if (dumpFixture == null) {
      return true;
    }
    try {
      organization.snapshot().save(dumpFixture);
      return true;
    } catch (NoSuchFileException e) {
      err.println("Error: cannot write the fixture to " + dumpFixture + ": no such directory");
    } catch (AccessDeniedException e) {
      err.println("Error: cannot write the fixture to " + dumpFixture + ": permission denied");
    } catch (IOException e) {
      err.println("Error: cannot write the fixture to " + dumpFixture + ": " + e);
    }
    err.flush();
    return false;
  }
}
