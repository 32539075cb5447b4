package io.rootctl.app;

import io.rootctl.apply.Executor;
import io.rootctl.apply.LoggingAuditLog;
import io.rootctl.apply.ReadLedger;
import io.rootctl.audit.AuditLog;
import io.rootctl.audit.JsonLinesAuditLog;
import io.rootctl.cli.CommandServices;
import io.rootctl.cli.EngineHandle;
import io.rootctl.cli.EngineOptions;
import io.rootctl.cli.GlobalOptions;
import io.rootctl.cli.LogFormat;
import io.rootctl.cloud.Backoff;
import io.rootctl.cloud.RateLimits;
import io.rootctl.cloud.Retrier;
import io.rootctl.cloud.Sleeper;
import io.rootctl.cloud.aws.AwsClients;
import io.rootctl.cloud.aws.AwsRegionChain;
import io.rootctl.cloud.aws.AwsSettings;
import io.rootctl.control.ControllerConfig;
import io.rootctl.control.RunningController;
import io.rootctl.engine.Engine;
import io.rootctl.lock.LockUrl;
import io.rootctl.lock.LockedWrites;
import io.rootctl.lock.WriterLock;
import io.rootctl.observe.LiveStateReader;
import io.rootctl.observe.ReadOptions;
import io.rootctl.plan.Planner;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * Builds what the commands need, by hand: the system clock, and per command an {@link Engine} over
 * the AWS SDK adapters ({@link AwsClients}: region, profile or the default credential chain, {@code
 * --endpoint-url}), a {@link LiveStateReader}, an {@link Executor} and, for apply, a {@link
 * JsonLinesAuditLog}. The only place that reads the system clock, the console and the environment.
 */
public final class Components implements CommandServices {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Components.class);

  /**
   * The AWS settings line: under {@code io.rootctl} (WARN by default, INFO with -v), not {@code
   * io.rootctl.app} (INFO for the controller), so a plain {@code rootctl plan} stays quiet.
   */
  private static final org.slf4j.Logger AWS_LOG =
      org.slf4j.LoggerFactory.getLogger("io.rootctl.aws");

  private final Clock clock;
  private final Optional<AwsSettings.StaticCredentials> credentials;
  private final BufferedReader input =
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));

  public Components() {
    this(Clock.systemUTC(), Optional.empty());
  }

  private Components(Clock clock, Optional<AwsSettings.StaticCredentials> credentials) {
    this.clock = clock;
    this.credentials = credentials;
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public CommandServices withStaticCredentials(String accessKeyId, String secretAccessKey) {
    return new Components(
        clock, Optional.of(new AwsSettings.StaticCredentials(accessKeyId, secretAccessKey)));
  }

  @Override
  public String region(GlobalOptions global) {
    return AwsRegionChain.system().resolve(global.region(), global.profile()).region();
  }

  /**
   * The AWS client settings for the global options: the Region from {@link AwsRegionChain} ({@code
   * --region}, {@code AWS_REGION}, {@code AWS_DEFAULT_REGION}, the profile's), said at INFO (-v).
   */
  AwsSettings settings(GlobalOptions global) {
    var region = AwsRegionChain.system().resolve(global.region(), global.profile());
    var settings = AwsSettings.defaults().withRegion(region.region());
    AWS_LOG.info(
        "AWS: region {} (from {}), partition {}, profile {}, endpoint {}",
        region.region(),
        region.source(),
        settings.partition().id(),
        global.profile().orElse("(default chain)"),
        global.endpointUrl().map(Object::toString).orElse("(the SDK's)"));
    if (global.profile().isPresent()) {
      settings = settings.withProfile(global.profile().get());
    }
    if (global.endpointUrl().isPresent()) {
      settings = settings.withEndpoint(global.endpointUrl().get());
    }
    if (credentials.isPresent()) {
      settings = settings.withCredentials(credentials.get());
    }
    return settings;
  }

  @Override
  public EngineHandle openEngine(GlobalOptions global, EngineOptions options) {
    var aws = AwsClients.create(settings(global).withRates(options.rates()));
    var progress = options.progress();
    var organization = new ProgressOrganizationClient(aws.organizations(), progress);
    // what this process reads and writes, so apply can skip re-reading what it read seconds ago
    var ledger = new ReadLedger(clock);
    var sessions = ledger.recording(new ProgressRootSessionClient(aws.rootSessions(), progress));
    var retrier =
        new Retrier(
            Backoff.DEFAULT, Sleeper.threadSleep(), () -> ThreadLocalRandom.current().nextDouble());
    var reader =
        new LiveStateReader(
            organization,
            sessions,
            retrier,
            ReadOptions.defaults().withParallelism(options.parallelism()));
    Optional<JsonLinesAuditLog> file;
    try {
      file =
          options.auditLog().isPresent()
              ? Optional.of(JsonLinesAuditLog.open(options.auditLog().get(), clock))
              : Optional.empty();
    } catch (IOException e) {
      aws.close();
      throw new UncheckedIOException(
          "cannot open the audit log " + options.auditLog().get() + ": " + e.getMessage(), e);
    }
    var audit = new LoggingAuditLog(file.<AuditLog>map(f -> f).orElse(AuditLog.NOOP));
    var lockSetting = options.lock();
    var locks =
        WriterLocks.create(
            aws, lockSetting.url(), lockSetting.command(), clock, lockSetting.unserialised());
    var lock = locks.lock();
    var executor =
        new Executor(
            LockedWrites.organization(organization, lock),
            LockedWrites.sessions(sessions, lock),
            reader,
            audit,
            retrier,
            clock,
            audit,
            ledger);
    var engine =
        new Engine(reader, executor, new Planner(), clock, account -> {}, lock, count -> {});
    return new EngineHandle(
        engine,
        () -> {
          try {
            locks.close();
            if (file.isPresent()) {
              file.get().close();
            }
          } catch (IOException e) {
            throw new UncheckedIOException("cannot close the audit log", e);
          } finally {
            aws.close();
          }
        });
  }

  @Override
  public <T> T withLock(GlobalOptions global, LockUrl url, Function<WriterLock, T> use) {
    try (var aws = AwsClients.create(settings(global));
        var locks =
            WriterLocks.create(aws, Optional.of(url), "rootctl force-unlock", clock, () -> {})) {
      return use.apply(locks.lock());
    }
  }

  @Override
  public io.rootctl.cli.UnlockHandle openUnlocker(
      GlobalOptions global,
      java.nio.file.Path auditLog,
      Optional<LockUrl> lock,
      Runnable unserialised) {
    var aws = AwsClients.create(settings(global));
    JsonLinesAuditLog file;
    try {
      file = JsonLinesAuditLog.open(auditLog, clock);
    } catch (IOException e) {
      aws.close();
      throw new UncheckedIOException(
          "cannot open the audit log " + auditLog + ": " + e.getMessage(), e);
    }
    var locks = WriterLocks.create(aws, lock, "rootctl unlock", clock, unserialised);
    var unlocker =
        new io.rootctl.unlock.Unlocker(
            aws.organizations(),
            aws.resourcePolicies(),
            new LoggingAuditLog(file),
            locks.lock(),
            () -> "unlock-" + java.util.UUID.randomUUID().toString().substring(0, 8));
    return new io.rootctl.cli.UnlockHandle(
        unlocker,
        () -> {
          try {
            locks.close();
            file.close();
          } catch (IOException e) {
            throw new UncheckedIOException("cannot close the audit log", e);
          } finally {
            aws.close();
          }
        });
  }

  @Override
  public boolean interactive() {
    var console = System.console();
    return console != null && isTerminal(console);
  }

  @Override
  public boolean colorAllowed() {
    var noColor = System.getenv("NO_COLOR");
    return interactive()
        && (noColor == null || noColor.isEmpty())
        && !"dumb".equals(System.getenv("TERM"));
  }

  @Override
  public BufferedReader input() {
    return input;
  }

  /**
   * Whether file descriptor 2 is a terminal: on Linux, {@code /proc/self/fd/2} links to a {@code
   * /dev/pts/N} or {@code /dev/ttyN}; elsewhere, whether there is a console (stdin and stdout are a
   * terminal), the nearest the JDK can tell.
   */
  @Override
  public boolean stderrIsTerminal() {
    try {
      var target = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/2"));
      return target.startsWith("/dev/pts/") || target.toString().startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return interactive();
    }
  }

  /** Ticks on a daemon thread of its own, stopped with the handle. */
  @Override
  public io.rootctl.cli.Ticker ticker() {
    return (period, task) -> {
      var timer =
          java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
              r -> {
                var t = new Thread(r, "rootctl-progress");
                t.setDaemon(true);
                return t;
              });
      timer.scheduleAtFixedRate(
          task, period.toMillis(), period.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      return timer::shutdownNow;
    };
  }

  @Override
  public Optional<String> environment(String name) {
    return Optional.ofNullable(System.getenv(name));
  }

  /**
   * {@code Console.isTerminal()} (Java 22+): from Java 22 on, {@code System.console()} is not null
   * even when stdin or stdout is redirected. On Java 21 a console means a terminal.
   */
  private static boolean isTerminal(Console console) {
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException java21) {
      return true;
    }
  }

  @Override
  public RunningController startController(ControllerConfig config, GlobalOptions global) {
    return startController(config, global, Optional.empty());
  }

  @Override
  public RunningController startController(
      ControllerConfig config, GlobalOptions global, Optional<LockUrl> lock) {
    return startController(config, global, lock, RateLimits.defaults(), Optional.empty());
  }

  @Override
  public RunningController startController(
      ControllerConfig config,
      GlobalOptions global,
      Optional<LockUrl> lock,
      RateLimits rates,
      Optional<String> eventsQueueUrl) {
    var running =
        ControllerAssembly.start(
            config, settings(global).withRates(rates), clock, lock, eventsQueueUrl);
    Signals.stopOnTermination(running::stop);
    return running;
  }

  @Override
  public void logFormat(LogFormat format) {
    if (format == LogFormat.text
        || !(org.slf4j.LoggerFactory.getILoggerFactory()
            instanceof ch.qos.logback.classic.LoggerContext context)) {
      return; // text is how logback.xml starts
    }
    var config = Components.class.getResource("/logback.xml");
    if (config == null) {
      throw new IllegalStateException("cannot set up --log-format json: logback.xml is missing");
    }
    LogSetup.configure(context, config, format);
  }

  @Override
  public void verbosity(int level) {
    if (level <= 0
        || !(org.slf4j.LoggerFactory.getILoggerFactory()
            instanceof ch.qos.logback.classic.LoggerContext context)) {
      return;
    }
    var rootctl =
        level == 1 ? ch.qos.logback.classic.Level.INFO : ch.qos.logback.classic.Level.DEBUG;
    context.getLogger("io.rootctl").setLevel(rootctl);
    context.getLogger("io.rootctl.control").setLevel(rootctl);
    context.getLogger("io.rootctl.app").setLevel(rootctl);
  }

  @Override
  public void onTermination(Runnable stop) {
    Signals.stopOnTermination(stop);
  }
}
