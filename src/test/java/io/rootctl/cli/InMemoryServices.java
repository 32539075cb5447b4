package io.rootctl.cli;

import io.rootctl.apply.Executor;
import io.rootctl.cloud.Backoff;
import io.rootctl.cloud.Retrier;
import io.rootctl.engine.Engine;
import io.rootctl.observe.LiveStateReader;
import io.rootctl.observe.ReadOptions;
import io.rootctl.plan.Planner;
import io.rootctl.sim.InMemoryCloud;
import io.rootctl.testing.ManualClock;
import io.rootctl.testing.RecordingAuditLog;
import java.io.BufferedReader;
import java.io.StringReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The CLI's {@link CommandServices} over the in-process twin: the demo organization on a manual
 * clock (2026-11-23), retries that advance the clock instead of sleeping, a recording audit log,
 * and a terminal that is there or not and answers what the test says.
 */
class InMemoryServices implements CommandServices {
  static final Instant NOW = Instant.parse("2026-11-23T09:00:00Z");

  final ManualClock clock = new ManualClock(NOW);
  final InMemoryCloud cloud = InMemoryCloud.demo(clock);
  final RecordingAuditLog audit = new RecordingAuditLog();

  /**
   * Every plan the executor was given, as its {@link io.rootctl.apply.ApplyListener} sees it: the
   * audit log's lines ({@link io.rootctl.apply.LoggingAuditLog}) take account names from it.
   */
  final java.util.List<io.rootctl.plan.Plan> started =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  final List<EngineOptions> opened = new ArrayList<>();
  final List<GlobalOptions> globals = new ArrayList<>();
  boolean interactive;
  boolean stderrIsTerminal;
  Ticker ticker = Ticker.NEVER;
  String answers = "";
  final java.util.Map<String, String> environment = new java.util.HashMap<>();
  private BufferedReader input;
  private boolean inputRead;

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public synchronized EngineHandle openEngine(GlobalOptions global, EngineOptions options) {
    opened.add(options);
    globals.add(global);
    var retrier = new Retrier(Backoff.DEFAULT, clock::advance, () -> 0.5);
    var reader =
        new LiveStateReader(
            cloud,
            cloud,
            retrier,
            new ReadOptions(options.parallelism(), 3, Duration.ofSeconds(60)));
    var executor =
        new Executor(
            cloud,
            cloud,
            reader,
            audit,
            retrier,
            clock,
            new io.rootctl.apply.ApplyListener() {
              @Override
              public void starting(io.rootctl.plan.Plan plan, io.rootctl.apply.ApplyOptions o) {
                started.add(plan);
              }
            });
    return new EngineHandle(new Engine(reader, executor, new Planner(), clock, id -> {}), () -> {});
  }

  @Override
  public CommandServices withStaticCredentials(String accessKeyId, String secretAccessKey) {
    return this;
  }

  @Override
  public boolean interactive() {
    return interactive;
  }

  @Override
  public boolean colorAllowed() {
    return interactive;
  }

  @Override
  public synchronized BufferedReader input() {
    inputRead = true;
    if (input == null) {
      input = new BufferedReader(new StringReader(answers));
    }
    return input;
  }

  @Override
  public boolean stderrIsTerminal() {
    return stderrIsTerminal;
  }

  @Override
  public Ticker ticker() {
    return ticker;
  }

  @Override
  public java.util.Optional<String> environment(String name) {
    return java.util.Optional.ofNullable(environment.get(name));
  }

  /** Whether a command asked for stdin (to answer a prompt). */
  synchronized boolean inputRead() {
    return inputRead;
  }

  /** Calls that changed a root user (deletes, deactivations, CreateLoginProfile). */
  long writes() {
    return cloud
        .journal()
        .count(
            k ->
                k.outcome().equals("OK")
                    && (k.operation().startsWith("iam:Delete")
                        || k.operation().startsWith("iam:Deactivate")
                        || k.operation().equals("iam:CreateLoginProfile")));
  }
}
