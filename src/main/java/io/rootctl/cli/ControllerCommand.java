package io.rootctl.cli;

import io.rootctl.control.ControllerConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code rootctl controller}: reconciles continuously from a (git-synced) directory. */
@Command(
    name = "controller",
    mixinStandardHelpOptions = true,
    description = {
      "Keeps the organization converged with the desired-state directory: follows it (a git-sync"
          + " link or a plain folder), reconciles on an interval and on every new revision, and"
          + " serves /metrics, /healthz, /readyz and /status. A revision that fails to load"
          + " changes nothing: the last good one stays in force.",
      "Runs until SIGTERM or Ctrl-C: the accounts in flight finish, no other starts; exit 0."
    })
public final class ControllerCommand implements Callable<Integer> {
  private final CommandServices services;

  @Spec CommandSpec spec;

  @Mixin DesiredStateOption desiredState;

  @Mixin GlobalOptions global;

  @Mixin LockOption lock;

  @Option(
      names = "--interval",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      defaultValue = "5m",
      description =
          "Time between runs (plus up to 10% jitter), e.g. 90s, 5m, 1h30m."
              + " Default: ${DEFAULT-VALUE}.")
  Duration interval;

  @Option(
      names = "--resync",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      defaultValue = "1h",
      description =
          "Longest time an account's audited root credentials (and the organization tree) are"
              + " reused from cache before AWS is asked again. Default: ${DEFAULT-VALUE}.")
  Duration resync;

  /** The --mode values. */
  enum ModeOption {
    observe,
    enforce
  }

  @Option(
      names = "--mode",
      paramLabel = "observe|enforce",
      description =
          "observe: plan and export metrics, never write, whatever the desired state"
              + " says. enforce (the default): the desired state's own mode applies; the controller"
              + " can force observe, never enforce.")
  @Nullable ModeOption mode;

  @Option(
      names = "--listen",
      paramLabel = "HOST:PORT",
      defaultValue = "0.0.0.0:8080",
      description = "Address for /metrics, /healthz, /readyz, /status. Default: ${DEFAULT-VALUE}.")
  String listen;

  @Option(
      names = "--audit-log",
      paramLabel = "FILE",
      description = "Append every write as a JSON line to FILE.")
  @Nullable Path auditLog;

  @Mixin ParallelismOption parallelism;

  @Mixin RateOption rate;

  /** The environment variable read when {@code --events-queue-url} is not given. */
  public static final String EVENTS_ENV = "ROOTCTL_EVENTS_QUEUE_URL";

  @Option(
      names = "--events-queue-url",
      paramLabel = "URL",
      defaultValue = "${env:" + EVENTS_ENV + "}",
      description =
          "An SQS queue (its URL) that EventBridge fills with root-activity events: a root"
              + " user's IAM call, console sign-in or GuardDuty finding in a member account makes"
              + " the controller read and repair that account at once, and counts as root"
              + " activity (expected only for rootctl's own sessions). Default: $"
              + EVENTS_ENV
              + "; without either, only the interval and --resync find drift.")
  @Nullable String eventsQueueUrl;

  @Option(
      names = "--max-actions",
      paramLabel = "N",
      description =
          "Refuse a run that would take more actions (on top of" + " guards.maxActionsPerRun).")
  @Nullable Integer maxActions;

  public ControllerCommand(CommandServices services) {
    this.services = services;
  }

  @Override
  public Integer call() throws InterruptedException {
    var cli = spec.commandLine();
    var parallel = parallelism.value();
    var rates = rate.value();
    if (maxActions != null && maxActions < 0) {
      throw new ParameterException(cli, "--max-actions must be 0 or more");
    }
    var config =
        new ControllerConfig(
            desiredState.directory(),
            interval,
            resync,
            mode == ModeOption.observe,
            maxActions == null ? OptionalInt.empty() : OptionalInt.of(maxActions),
            parallel,
            address(listen),
            Optional.ofNullable(auditLog),
            ControllerConfig.DEFAULT_POLL,
            ControllerConfig.DEFAULT_RUN_TIMEOUT,
            10);
    try (var running =
        services.startController(config, global, lock.value(), rates, eventsQueue())) {
      cli.getErr()
          .printf(
              "rootctl controller: following %s, serving on %s%n",
              config.desiredState(), running.address());
      cli.getErr().flush();
      while (!running.awaitStopped(Duration.ofMinutes(1))) {
        // Runs until stopped (SIGTERM, Ctrl-C).
      }
    }
    cli.getErr().println("rootctl controller: stopped");
    cli.getErr().flush();
    return ExitCodes.OK;
  }

  /**
   * The events queue's URL, or empty when none is configured.
   *
   * @throws ParameterException when it is set but empty, or not an http(s) URL with a host and a
   *     path
   */
  private Optional<String> eventsQueue() {
    var env = System.getenv(EVENTS_ENV);
    if (eventsQueueUrl == null && (env == null || !env.isBlank())) {
      return Optional.empty();
    }
    if (eventsQueueUrl == null || eventsQueueUrl.isBlank()) {
      throw new ParameterException(
          spec.commandLine(),
          "--events-queue-url (or $"
              + EVENTS_ENV
              + ") is set but empty: give the queue's URL, or unset it to run without events");
    }
    try {
      var uri = new java.net.URI(eventsQueueUrl);
      var scheme = uri.getScheme();
      if (scheme == null
          || !(scheme.equals("https") || scheme.equals("http"))
          || uri.getHost() == null
          || uri.getPath() == null
          || uri.getPath().length() < 2) {
        throw new java.net.URISyntaxException(eventsQueueUrl, "not an http(s) URL with a path");
      }
    } catch (java.net.URISyntaxException e) {
      throw new ParameterException(
          spec.commandLine(),
          "--events-queue-url must be an SQS queue URL such as"
              + " https://sqs.us-east-1.amazonaws.com/111122223333/rootctl-events: '"
              + eventsQueueUrl
              + "'");
    }
    return Optional.of(eventsQueueUrl);
  }

  private InetSocketAddress address(String text) {
    var colon = text.lastIndexOf(':');
    try {
      if (colon < 0) {
        throw new NumberFormatException();
      }
      var host = text.substring(0, colon);
      var port = Integer.parseInt(text.substring(colon + 1));
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return new InetSocketAddress(host.isEmpty() ? "0.0.0.0" : host, port);
    } catch (NumberFormatException e) {
      throw new ParameterException(
          spec.commandLine(), "--listen must be HOST:PORT, e.g. 0.0.0.0:8080: '" + text + "'");
    }
  }
}
