package io.rootctl.control.bench;

import io.rootctl.apply.ApplyOptions;
import io.rootctl.apply.Executor;
import io.rootctl.audit.AuditLog;
import io.rootctl.cloud.Backoff;
import io.rootctl.cloud.Retrier;
import io.rootctl.cloud.cache.CachingOrganizationClient;
import io.rootctl.cloud.cache.CachingRootSessionClient;
import io.rootctl.desired.DesiredState;
import io.rootctl.desired.yaml.LoadResult;
import io.rootctl.engine.Engine;
import io.rootctl.engine.RunReport;
import io.rootctl.model.AccountId;
import io.rootctl.observe.LiveStateReader;
import io.rootctl.observe.ReadOptions;
import io.rootctl.plan.Planner;
import io.rootctl.sim.FixtureGenerator;
import io.rootctl.sim.GeneratorSpec;
import io.rootctl.sim.InMemoryCloud;
import io.rootctl.sim.SimulatedOrganization;
import io.rootctl.testing.EmulatedController;
import io.rootctl.testing.GitSyncCheckout;
import io.rootctl.testing.ManualClock;
import io.rootctl.testing.StrictOrganization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * Not a test ({@code make bench-controller}): (1) steady-state AWS calls per account per hour at
 * interval 5m / resync 1h, driving the controller's engine and caches with a manual clock over a
 * simulated hour on the in-process twin; (2) time from drift injected through the emulator's
 * control plane to its repair, real time, interval 2 s; (3) retained heap after a full run over a
 * generated 10,000-account organization.
 */
public final class ControllerBenchmark {
  private ControllerBenchmark() {}

  /** The controller's engine over {@code cloud}: cached planning reads, uncached writes. */
  record Wiring(Engine engine, CachingRootSessionClient sessions) {}

  static Wiring wiring(InMemoryCloud cloud, ManualClock clock, Duration resync) {
    var retrier = new Retrier(Backoff.DEFAULT, clock::advance, () -> 0.5);
    var read = ReadOptions.defaults();
    var organizations = new CachingOrganizationClient(cloud, resync, clock);
    var sessions = new CachingRootSessionClient(cloud, resync, Duration.ofSeconds(60), clock);
    var executor =
        new Executor(
            cloud,
            cloud,
            new LiveStateReader(cloud, cloud, retrier, read),
            AuditLog.NOOP,
            retrier,
            clock);
    var engine =
        new Engine(
            new LiveStateReader(organizations, sessions, retrier, read),
            executor,
            new Planner(),
            clock,
            sessions::invalidate);
    return new Wiring(engine, sessions);
  }

  static DesiredState desired(Engine engine) throws Exception {
    var dir = Files.createTempDirectory("rootctl-bench");
    StrictOrganization.writeTo(dir, 100_000);
    return ((LoadResult.Valid) engine.load(dir)).desired();
  }

  static RunReport run(Engine engine, DesiredState desired, int n) {
    var id = "bench-" + n;
    return engine.reconcileOnce(
        desired,
        new Engine.ReconcileOptions(id, false, OptionalInt.empty(), ApplyOptions.defaults(id)));
  }

  public static void main(String[] args) throws Exception {
    steadyState(1_000);
    driftToRepair(5);
    heap(10_000);
  }

  static void steadyState(int accounts) throws Exception {
    var clock = new ManualClock(Instant.parse("2026-11-23T09:00:00Z"));
    var org =
        SimulatedOrganization.of(
            FixtureGenerator.generate(new GeneratorSpec(accounts, 60, 42, 0.1)), clock);
    var w = wiring(new InMemoryCloud(org), clock, Duration.ofHours(1));
    var desired = desired(w.engine());
    var first = run(w.engine(), desired, 0);
    var before = org.journal().total();
    var counts = new TreeMap<String, Long>();
    var beforeByOp = org.journal().countsBy("operation");
    var runs = 0;
    for (var t = Duration.ZERO; t.compareTo(Duration.ofHours(1)) < 0; t = t.plusMinutes(5)) {
      clock.advance(Duration.ofMinutes(5));
      run(w.engine(), desired, ++runs);
    }
    var calls = org.journal().total() - before;
    org.journal()
        .countsBy("operation")
        .forEach(
            (op, n) -> {
              var d = n - beforeByOp.getOrDefault(op, 0L).longValue();
              if (d > 0) {
                counts.put(op, d);
              }
            });
    var members = org.accountCount() - 1;
    System.out.printf(
        "steady state, %d accounts, interval 5m, resync 1h: first run %s (%d actions); then %d runs"
            + " in one hour made %d calls = %.2f calls per account per hour%n  by operation: %s%n",
        members,
        first.status(),
        first.plan().map(p -> p.summary().totalActions()).orElse(0),
        runs,
        calls,
        calls / (double) members,
        counts);
  }

  static void driftToRepair(int samples) throws Exception {
    var dir = Files.createTempDirectory("rootctl-bench-git");
    var git = new GitSyncCheckout(dir);
    git.publish(Path.of("desired-state"));
    var interval = Duration.ofSeconds(2);
    var times = new ArrayList<Double>();
    try (var c =
        new EmulatedController(
                EmulatedController.noFaults(),
                EmulatedController.fast(git.desiredState(), interval))
            .start()) {
      var logArchive = AccountId.of("222222222222");
      waitUntil(
          () ->
              c.organization.rootCredentials(AccountId.of("555555555555")).accessKeys().isEmpty());
      for (int i = 0; i < samples; i++) {
        c.mutate("{\"action\":\"createAccessKey\",\"account\":\"222222222222\"}");
        var t0 = System.nanoTime();
        waitUntil(() -> c.organization.rootCredentials(logArchive).accessKeys().isEmpty());
        times.add((System.nanoTime() - t0) / 1e9);
      }
    }
    Collections.sort(times);
    System.out.printf(
        "drift to repair (emulator over HTTP, interval %ds = resync): median %.2f s, max %.2f s,"
            + " samples %s%n",
        interval.toSeconds(), times.get(times.size() / 2), times.getLast(), times);
  }

  private static void waitUntil(java.util.function.BooleanSupplier done) throws Exception {
    var lock = new Object();
    var deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out");
      }
      synchronized (lock) {
        lock.wait(20);
      }
    }
  }

  static void heap(int accounts) throws Exception {
    var base = usedHeapAfterGc();
    var clock = new ManualClock(Instant.parse("2026-11-23T09:00:00Z"));
    var org =
        SimulatedOrganization.of(
            FixtureGenerator.generate(new GeneratorSpec(accounts, 200, 7, 0.05)), clock);
    var orgHeap = usedHeapAfterGc() - base;
    var w = wiring(new InMemoryCloud(org), clock, Duration.ofHours(1));
    var desired = desired(w.engine());
    var t0 = System.nanoTime();
    var report = run(w.engine(), desired, 1);
    var seconds = (System.nanoTime() - t0) / 1e9;
    var total = usedHeapAfterGc() - base;
    System.out.printf(
        "10,000 accounts: full run %s in %.1f s (%d actions, %d converged); retained heap after the"
            + " run %.1f MiB in all, of which the simulated organization %.1f MiB, so the"
            + " controller's state (engine, caches, last report) %.1f MiB%n",
        report.status(),
        seconds,
        report.plan().map(p -> p.summary().totalActions()).orElse(0),
        report.apply().map(a -> a.converged().size()).orElse(0),
        total / 1048576.0,
        orgHeap / 1048576.0,
        (total - orgHeap) / 1048576.0);
    if (report.runId().isEmpty() || w.sessions() == null) {
      throw new IllegalStateException("keep the report and caches reachable");
    }
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    var rt = Runtime.getRuntime();
    var lock = new Object();
    for (int i = 0; i < 3; i++) {
      System.gc();
      synchronized (lock) {
        lock.wait(100);
      }
    }
    return rt.totalMemory() - rt.freeMemory();
  }
}
