package io.rootctl.testing;

import io.rootctl.apply.Executor;
import io.rootctl.audit.AuditLog;
import io.rootctl.cloud.Backoff;
import io.rootctl.cloud.Retrier;
import io.rootctl.cloud.RootSessionClient;
import io.rootctl.engine.Engine;
import io.rootctl.model.AccountId;
import io.rootctl.observe.LiveStateReader;
import io.rootctl.observe.ReadOptions;
import io.rootctl.plan.Planner;
import io.rootctl.sim.InMemoryCloud;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The engine wired over the in-process twin, as the CLI wires it over AWS: planning reads through
 * {@code planningSessions} (the twin itself, or a cache in front of it), the executor reads and
 * writes the twin uncached, and retries wait by advancing the manual clock.
 */
public final class TwinEngine {
  private TwinEngine() {}

  public static final ReadOptions READ = new ReadOptions(4, 3, Duration.ofSeconds(60));

  /** Retries that advance {@code clock} instead of sleeping, with mid-range jitter. */
  public static Retrier retrier(ManualClock clock) {
    return new Retrier(Backoff.DEFAULT, clock::advance, () -> 0.5);
  }

  /** The plain wiring: no cache, audit entries to {@code audit}. */
  public static Engine of(InMemoryCloud cloud, ManualClock clock, AuditLog audit) {
    return of(cloud, clock, audit, cloud, id -> {});
  }

  /** Planning reads through {@code planningSessions}; {@code forget} drops what it caches. */
  public static Engine of(
      InMemoryCloud cloud,
      ManualClock clock,
      AuditLog audit,
      RootSessionClient planningSessions,
      Consumer<AccountId> forget) {
    var retrier = retrier(clock);
    var planningReader = new LiveStateReader(cloud, planningSessions, retrier, READ);
    var freshReader = new LiveStateReader(cloud, cloud, retrier, READ);
    var executor = new Executor(cloud, cloud, freshReader, audit, retrier, clock);
    return new Engine(planningReader, executor, new Planner(), clock, forget);
  }
}
