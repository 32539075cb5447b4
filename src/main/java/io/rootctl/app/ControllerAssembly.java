package io.rootctl.app;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.rootctl.apply.Executor;
import io.rootctl.apply.LoggingAuditLog;
import io.rootctl.apply.ReadLedger;
import io.rootctl.audit.AuditLog;
import io.rootctl.audit.JsonLinesAuditLog;
import io.rootctl.cloud.Backoff;
import io.rootctl.cloud.CallListener;
import io.rootctl.cloud.Retrier;
import io.rootctl.cloud.Sleeper;
import io.rootctl.cloud.aws.AwsClients;
import io.rootctl.cloud.aws.AwsSettings;
import io.rootctl.cloud.cache.CachingOrganizationClient;
import io.rootctl.cloud.cache.CachingRootSessionClient;
import io.rootctl.control.Controller;
import io.rootctl.control.ControllerConfig;
import io.rootctl.control.DesiredStateSource;
import io.rootctl.control.LastGoodDesiredState;
import io.rootctl.control.OwnSessions;
import io.rootctl.control.RunningController;
import io.rootctl.control.SqsEventSource;
import io.rootctl.engine.Engine;
import io.rootctl.events.RootActivityParser;
import io.rootctl.http.ControllerEndpoints;
import io.rootctl.http.StatusServer;
import io.rootctl.lock.LockUrl;
import io.rootctl.lock.LockedWrites;
import io.rootctl.metrics.CallOutcome;
import io.rootctl.metrics.MeteredAuditLog;
import io.rootctl.metrics.MicrometerRootctlMetrics;
import io.rootctl.metrics.RootctlMetrics;
import io.rootctl.model.TaskPolicy;
import io.rootctl.observe.LiveStateReader;
import io.rootctl.observe.ReadOptions;
import io.rootctl.plan.Planner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds and starts the controller's object graph by hand: the Prometheus registry with JVM and
 * process metrics, the AWS clients reporting every request, the Caffeine caches (with their
 * metrics) in front of the planning reads, the uncached executor, the metered and logged audit log,
 * the engine, the controller with its event sources, and its HTTP server.
 */
public final class ControllerAssembly implements RunningController {
  private static final Logger log = LoggerFactory.getLogger(ControllerAssembly.class);

  /** A root session is not reused once less than this is left of it. */
  static final Duration SESSION_MARGIN = Duration.ofSeconds(60);

  private final AwsClients aws;
  private final WriterLocks locks;
  private final @Nullable JsonLinesAuditLog auditFile;
  private final JvmGcMetrics gc;
  private final Controller controller;
  private final StatusServer server;
  private final PrometheusMeterRegistry registry;
  private boolean closed;

  private ControllerAssembly(
      AwsClients aws,
      WriterLocks locks,
      @Nullable JsonLinesAuditLog auditFile,
      JvmGcMetrics gc,
      Controller controller,
      StatusServer server,
      PrometheusMeterRegistry registry) {
    this.aws = aws;
    this.locks = locks;
    this.auditFile = auditFile;
    this.gc = gc;
    this.controller = controller;
    this.server = server;
    this.registry = registry;
  }

  /** Builds everything for {@code config} against {@code settings}, and starts it. */
  public static ControllerAssembly start(
      ControllerConfig config, AwsSettings settings, Clock clock) {
    return start(config, settings, clock, Optional.empty());
  }

  /**
   * Builds everything for {@code config} against {@code settings}, with the writer lock at {@code
   * lock} (taken only while a run applies; none: writers are not serialised, logged once), and
   * starts it.
   */
  public static ControllerAssembly start(
      ControllerConfig config, AwsSettings settings, Clock clock, Optional<LockUrl> lock) {
    return start(config, settings, clock, lock, Optional.empty());
  }

  /**
   * Builds everything as {@link #start(ControllerConfig, AwsSettings, Clock, Optional)} does and,
   * with {@code eventsQueueUrl}, registers the SQS event source on that queue ({@link
   * SqsEventSource}), and starts it.
   */
  public static ControllerAssembly start(
      ControllerConfig config,
      AwsSettings settings,
      Clock clock,
      Optional<LockUrl> lock,
      Optional<String> eventsQueueUrl) {
    var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    var gc = new JvmGcMetrics();
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    processCpuSeconds(registry);
    var metrics = new MicrometerRootctlMetrics(registry);

    var aws = AwsClients.create(settings, listener(metrics));
    aws.rates(metrics::awsRateLimit);
    // Every root session this controller opens is remembered by its access key id, so the events
    // its own writes cause are recognised as expected (the SQS event source).
    var ownSessions = new OwnSessions(clock);
    var retrier =
        new Retrier(
            Backoff.DEFAULT, Sleeper.threadSleep(), () -> ThreadLocalRandom.current().nextDouble());
    var read = ReadOptions.defaults().withParallelism(config.parallelism());
    var organizations = new CachingOrganizationClient(aws.organizations(), config.resync(), clock);
    // Beneath the cache: a cache hit is not a read. Lets apply skip re-reading what it read
    // seconds ago.
    var ledger = new ReadLedger(clock);
    var rootSessions = ledger.recording(ownSessions.recording(aws.rootSessions()));
    var sessions =
        new CachingRootSessionClient(rootSessions, config.resync(), SESSION_MARGIN, clock);
    CaffeineCacheMetrics.monitor(registry, organizations.cache(), "rootctl_organization_tree");
    CaffeineCacheMetrics.monitor(registry, sessions.auditCache(), "rootctl_root_audits");
    var planningReader = new LiveStateReader(organizations, sessions, retrier, read);
    // Fresh reads (the re-read before a write, the verify) in the audit session the planning read
    // opened, while it has more than the margin left: one event costs one AssumeRoot audit session.
    var freshReader =
        new LiveStateReader(aws.organizations(), sessions.freshReads(), retrier, read);

    JsonLinesAuditLog auditFile = null;
    AuditLog audit = AuditLog.NOOP;
    if (config.auditLog().isPresent()) {
      try {
        auditFile = JsonLinesAuditLog.open(config.auditLog().get(), clock);
        audit = auditFile;
      } catch (IOException e) {
        aws.close();
        throw new UncheckedIOException(
            "cannot open the audit log " + config.auditLog().get() + ": " + e.getMessage(), e);
      }
    }
    var logged = new LoggingAuditLog(audit);
    var locks =
        WriterLocks.create(
            aws,
            lock,
            "rootctl controller",
            clock,
            () ->
                log.atWarn()
                    .log(
                        "no writer lock is configured (--lock-url, ROOTCTL_LOCK_URL): writers are"
                            + " not serialised; another rootctl apply may write at the same"
                            + " time"));
    var executor =
        new Executor(
            LockedWrites.organization(aws.organizations(), locks.lock()),
            LockedWrites.sessions(rootSessions, locks.lock()),
            freshReader,
            new MeteredAuditLog(logged, metrics),
            retrier,
            clock,
            logged,
            ledger);
    var engine =
        new Engine(
            planningReader,
            executor,
            new Planner(),
            clock,
            sessions::invalidate,
            locks.lock(),
            metrics::unfinishedWrites);
    var controller =
        new Controller(
            engine,
            new DesiredStateSource(
                config.desiredState(),
                engine::load,
                metrics,
                clock,
                DesiredStateSource.DEFAULT_LOAD_BUDGET),
            new LastGoodDesiredState(metrics, clock),
            metrics,
            clock,
            config,
            () -> ThreadLocalRandom.current().nextDouble());
    // The directory watcher and the interval timer are built in. Another event source registers
    // here, before the start; the accounts it names reach the audit cache through engine.forget
    // (sessions::invalidate above).
    if (eventsQueueUrl.isPresent()) {
      controller.register(
          new SqsEventSource(
              EventQueues.open(aws, settings, eventsQueueUrl.get()),
              new RootActivityParser(ownSessions),
              controller::standing,
              controller.rootActivity(),
              metrics,
              clock,
              SqsEventSource.DEFAULT_WINDOW));
    }
    StatusServer server;
    try {
      server =
          StatusServer.start(
              config.listen(),
              new ControllerEndpoints(controller, () -> metrics.scrape(registry::scrape)));
    } catch (UncheckedIOException e) {
      locks.close();
      aws.close();
      throw e;
    }
    try {
      controller.start();
    } catch (RuntimeException e) {
      // An event source that cannot start: nothing runs half-watched.
      server.close();
      closeQuietly(auditFile);
      locks.close();
      aws.close();
      throw e;
    }
    log.atInfo()
        .addKeyValue("desiredState", config.desiredState())
        .addKeyValue("interval", config.interval())
        .addKeyValue("resync", config.resync())
        .addKeyValue("observe", config.forceObserve())
        .addKeyValue("listen", server.address())
        .addKeyValue("eventsQueue", eventsQueueUrl.orElse("none"))
        .log("controller started");
    return new ControllerAssembly(aws, locks, auditFile, gc, controller, server, registry);
  }

  private static void closeQuietly(@Nullable JsonLinesAuditLog auditFile) {
    if (auditFile != null) {
      try {
        auditFile.close();
      } catch (IOException e) {
        log.atError().setCause(e).log("cannot close the audit log");
      }
    }
  }

  private static CallListener listener(RootctlMetrics metrics) {
    return new CallListener() {
      @Override
      public void request(String service, String operation, Outcome outcome) {
        metrics.awsRequest(service, operation, CallOutcome.valueOf(outcome.name()));
      }

      @Override
      public void assumeRoot(TaskPolicy policy, Outcome outcome) {
        metrics.assumeRoot(policy, CallOutcome.valueOf(outcome.name()));
      }
    };
  }

  /** {@code process_cpu_seconds_total}, the Prometheus convention the dashboard queries. */
  private static void processCpuSeconds(PrometheusMeterRegistry registry) {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      FunctionCounter.builder("process.cpu", os, o -> o.getProcessCpuTime() / 1e9)
          .description("CPU time used by the process")
          .baseUnit("seconds")
          .register(registry);
    }
  }

  /** The registry, for tests that scrape without HTTP. */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  @Override
  public InetSocketAddress address() {
    return server.address();
  }

  @Override
  public Controller controller() {
    return controller;
  }

  @Override
  public void stop() {
    controller.stop();
  }

  @Override
  public boolean awaitStopped(Duration timeout) throws InterruptedException {
    return controller.awaitTermination(timeout);
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    controller.stop();
    try {
      if (!controller.awaitTermination(Duration.ofSeconds(55))) {
        log.atWarn().log("the run in flight did not finish in time; closing anyway");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeQuietly(auditFile);
    locks.close();
    server.close();
    gc.close();
    aws.close();
    log.atInfo().log("controller stopped");
  }
}
