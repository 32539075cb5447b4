package io.rootctl.control.bench;

import static org.awaitility.Awaitility.await;

import io.prometheus.metrics.model.snapshots.DuplicateLabelsException;
import io.rootctl.control.ControllerConfig;
import io.rootctl.model.AccountId;
import io.rootctl.model.TaskPolicy;
import io.rootctl.sim.AdjustableClock;
import io.rootctl.sim.CallJournal;
import io.rootctl.sim.FaultSettings;
import io.rootctl.sim.Fixture;
import io.rootctl.sim.FixtureGenerator;
import io.rootctl.sim.GeneratorSpec;
import io.rootctl.testing.EmulatedController;
import io.rootctl.testing.Percentiles;
import io.rootctl.testing.StrictOrganization;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Predicate;

/**
 * Not a test ({@code make bench-events}): the event path at scale (issue 13). The controller, wired
 * as production wires it ({@link EmulatedController}), runs with interval and {@code --resync} at
 * 24 h and the SQS event source on the emulator's events queue, against a generated organization
 * (default 10,000 accounts, no drift) with 20 ms of latency per AWS call. Once its first full
 * reconcile is done, 100 root access keys are created through the emulator in 100 distinct member
 * accounts at seeded random instants spread over 60 s; the emulator puts each one's CloudTrail
 * event into the queue after the delivery delay (default 5 s).
 *
 * <p>Measured, from the emulator's state and call journal (no log parsing): each key's
 * event-to-repair latency, from the instant it was created to the first instant the emulator no
 * longer holds it (its state polled every 5 ms), as p50/p95/max (nearest rank); the AWS calls made
 * while the events were handled, per event, by kind (AssumeRoot by task policy, IAM reads by
 * session, IAM writes, Organizations); how many accounts without an event were read again (a full
 * resync caused would read them all); and what the same repairs cost through resync alone: a full
 * resync's calls, measured as the first full reconcile's.
 *
 * <p>System properties: {@code bench.accounts} (10000), {@code bench.events} (100), {@code
 * bench.spreadSeconds} (60), {@code bench.delaySeconds} (5), {@code bench.latencyMs} (20), {@code
 * bench.seed} (13), {@code bench.parallelism} (10, the controller's default), {@code
 * bench.idleMinutes} (16: how far the controller's and the emulator's clocks are moved after the
 * first reconcile, so that its root sessions, 15 min at most, have expired when the events come, as
 * they have in steady state with {@code --resync 24h}; the cached audits stay).
 */
public final class EventsBenchmark {
  private EventsBenchmark() {}

  private static final Duration DAY = Duration.ofHours(24);

  /** What the calls are counted by, in the order printed. */
  private static final Map<String, Predicate<CallJournal.Key>> KINDS = kinds();

  private static Map<String, Predicate<CallJournal.Key>> kinds() {
    Predicate<CallJournal.Key> assumeRoot = k -> k.operation().equals("sts:AssumeRoot");
    Predicate<CallJournal.Key> iamRead = k -> k.operation().matches("iam:(Get|List).*");
    Predicate<CallJournal.Key> iamWrite = k -> k.operation().startsWith("iam:") && !iamRead.test(k);
    var kinds = new LinkedHashMap<String, Predicate<CallJournal.Key>>();
    kinds.put(
        "sts:AssumeRoot, IAMAuditRootUserCredentials",
        assumeRoot.and(policy(TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS)));
    kinds.put(
        "sts:AssumeRoot, IAMDeleteRootUserCredentials",
        assumeRoot.and(policy(TaskPolicy.DELETE_ROOT_USER_CREDENTIALS)));
    kinds.put(
        "sts:AssumeRoot, other task policies",
        assumeRoot.and(
            policy(TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS)
                .or(policy(TaskPolicy.DELETE_ROOT_USER_CREDENTIALS))
                .negate()));
    kinds.put(
        "IAM reads in audit sessions", iamRead.and(policy(TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS)));
    kinds.put(
        "IAM reads in delete sessions (verify)",
        iamRead.and(policy(TaskPolicy.DELETE_ROOT_USER_CREDENTIALS)));
    kinds.put(
        "IAM reads, other",
        iamRead.and(
            policy(TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS)
                .or(policy(TaskPolicy.DELETE_ROOT_USER_CREDENTIALS))
                .negate()));
    kinds.put("IAM writes", iamWrite);
    kinds.put("Organizations", k -> k.operation().startsWith("organizations:"));
    kinds.put("STS, other", k -> k.operation().startsWith("sts:") && !assumeRoot.test(k));
    kinds.put("SQS (the event queue)", k -> k.operation().startsWith("sqs:"));
    kinds.put("other", k -> !k.operation().matches("(sts|iam|organizations|sqs):.*"));
    return Collections.unmodifiableMap(kinds);
  }

  private static Predicate<CallJournal.Key> policy(TaskPolicy p) {
    return k -> k.policy().equals(Optional.of(p));
  }

  /** Calls so far by kind (every outcome: a failed call is a call). */
  private static Map<String, Long> tally(CallJournal journal) {
    var out = new LinkedHashMap<String, Long>();
    KINDS.forEach((kind, filter) -> out.put(kind, journal.count(filter)));
    return out;
  }

  private static Map<String, Long> minus(Map<String, Long> after, Map<String, Long> before) {
    var out = new LinkedHashMap<String, Long>();
    after.forEach((k, v) -> out.put(k, v - before.getOrDefault(k, 0L)));
    return out;
  }

  /** Every call but the event queue's: what AWS bills and rate-limits for the accounts. */
  private static long aws(Map<String, Long> calls) {
    return calls.entrySet().stream()
        .filter(e -> !e.getKey().startsWith("SQS"))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  public static void main(String[] args) throws Exception {
    int accounts = Integer.getInteger("bench.accounts", 10_000);
    int events = Integer.getInteger("bench.events", 100);
    var spread = Duration.ofSeconds(Long.getLong("bench.spreadSeconds", 60));
    var delay = Duration.ofSeconds(Long.getLong("bench.delaySeconds", 5));
    var latency = Duration.ofMillis(Long.getLong("bench.latencyMs", 20));
    long seed = Long.getLong("bench.seed", 13);
    int parallelism = Integer.getInteger("bench.parallelism", 10);
    var idle = Duration.ofMinutes(Long.getLong("bench.idleMinutes", 16));

    var fixture =
        FixtureGenerator.generate(
            new GeneratorSpec(accounts, Math.min(500, Math.max(1, accounts / 20)), seed, 0.0));
    var members = members(fixture);
    if (members.size() < events) {
      throw new IllegalArgumentException(
          events + " events need as many active member accounts; there are " + members.size());
    }
    var desired =
        StrictOrganization.writeTo(Files.createTempDirectory("rootctl-bench-events"), 1_000_000);
    var config =
        ControllerConfig.defaults(desired)
            .withTiming(DAY, DAY, Duration.ofSeconds(2))
            .withApply(parallelism, java.util.OptionalInt.empty());
    System.out.printf(
        "bench-events: %,d accounts (%,d active members), %d ms per call, interval and --resync"
            + " 24h, parallelism %d, SQS event source, delivery delay %d s; %d root access keys"
            + " over %d s (seed %d), %d min on both clocks after the first reconcile%n",
        accounts,
        members.size(),
        latency.toMillis(),
        parallelism,
        delay.toSeconds(),
        events,
        spread.toSeconds(),
        seed,
        idle.toMinutes());

    try (var c =
        new EmulatedController(fixture, FaultSettings.none().withLatency(latency), config)) {
      var journal = c.organization.journal();
      long start = System.nanoTime();
      var controllerClock = new AdjustableClock(Clock.systemUTC());
      c.startWithEvents(controllerClock, delay);
      await()
          .atMost(Duration.ofHours(3))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> !c.controller().history().isEmpty() && c.idle());
      double firstSeconds = (System.nanoTime() - start) / 1e9;
      var first = c.controller().history().getFirst();
      var fullResync = tally(journal);
      double runsBefore = c.total("rootctl_reconcile_total");
      double runSecondsBefore = c.total("rootctl_reconcile_duration_seconds_sum");
      System.out.printf(
          "first full reconcile: %s in %.1f s, %,d AWS calls (event queue aside): the cost of one"
              + " full resync%n",
          first.status(), firstSeconds, aws(fullResync));

      // Both clocks forward: the root sessions of the first reconcile expire, as they have long
      // before an event comes with --resync 24h; the cached audits (24 h) stay.
      if (!idle.isZero()) {
        controllerClock.advance(idle);
        ((AdjustableClock) c.organization.clock()).advance(idle);
      }

      // The injections: distinct accounts, seeded instants.
      var random = new Random(seed);
      var chosen = new ArrayList<>(members);
      Collections.shuffle(chosen, random);
      var targets = List.copyOf(chosen.subList(0, events));
      var offsets = new long[events];
      for (int i = 0; i < events; i++) {
        offsets[i] = (long) (random.nextDouble() * spread.toNanos());
      }
      java.util.Arrays.sort(offsets);
      var injected = new HashSet<String>();
      targets.forEach(a -> injected.add(a.value()));
      Predicate<CallJournal.Key> auditElsewhere =
          policy(TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS)
              .and(k -> k.operation().equals("sts:AssumeRoot"))
              .and(k -> k.account().filter(a -> !injected.contains(a)).isPresent());
      long auditsElsewhereBefore = journal.count(auditElsewhere);
      var before = tally(journal);
      var beforeByOperation = journal.countsBy("operation");
      long sentBefore = c.organization.events().sent();

      var latencies = inject(c, targets, offsets, spread.plus(delay).plus(Duration.ofMinutes(10)));

      // Quiet again: every event (the injected ones and those of the controller's own deletes)
      // taken from the queue, and no run in flight. A scrape that overlaps a run's end can fail
      // with DuplicateLabelsException (Micrometer's MultiGauge overwrite race,
      // https://github.com/micrometer-metrics/micrometer/issues/6851): counted and printed, as
      // Prometheus would see it fail.
      var failedScrapes = new java.util.concurrent.atomic.AtomicInteger();
      await()
          .atMost(Duration.ofMinutes(10))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                try {
                  return c.total("rootctl_event_messages_total", "outcome=\"deleted\"")
                          >= c.organization.events().sent()
                      && c.idle();
                } catch (DuplicateLabelsException e) {
                  failedScrapes.incrementAndGet();
                  return false;
                }
              });
      if (failedScrapes.get() > 0) {
        System.out.printf(
            "NOTE: %d /metrics scrapes failed with DuplicateLabelsException while runs ended"
                + " (Micrometer issue 6851: MultiGauge rows re-registered during a scrape)%n",
            failedScrapes.get());
      }
      var phase = minus(tally(journal), before);
      var byOperation = new java.util.TreeMap<String, Long>();
      journal
          .countsBy("operation")
          .forEach(
              (op, n) -> {
                var d = n - beforeByOperation.getOrDefault(op, 0L);
                if (d > 0 && !op.startsWith("sqs:")) {
                  byOperation.put(op, d);
                }
              });
      long auditsElsewhere = journal.count(auditElsewhere) - auditsElsewhereBefore;
      double runs = c.total("rootctl_reconcile_total") - runsBefore;
      double runSeconds = c.total("rootctl_reconcile_duration_seconds_sum") - runSecondsBefore;
      double unexpected = c.total("rootctl_root_activity_events_total", "expected=\"false\"");
      double expected = c.total("rootctl_root_activity_events_total", "expected=\"true\"");
      long sent = c.organization.events().sent() - sentBefore;
      report(
          new Report(
              events,
              members.size(),
              delay,
              latencies,
              phase,
              byOperation,
              fullResync,
              firstSeconds,
              auditsElsewhere,
              runs,
              runSeconds,
              sent,
              unexpected,
              expected,
              spread));
    }
  }

  /** Active member accounts (not the management account, not suspended). */
  private static List<AccountId> members(Fixture fixture) {
    var out = new ArrayList<AccountId>();
    for (var a : fixture.accounts()) {
      if (!a.id().equals(fixture.managementAccountId())
          && (a.state() == null || "ACTIVE".equals(a.state()))) {
        out.add(AccountId.of(a.id()));
      }
    }
    return out;
  }

  /**
   * Creates a root access key in {@code targets[i]} at {@code offsets[i]} nanoseconds from now and
   * polls the emulator's state every 5 ms until each key is gone; answers each key's latency in
   * seconds (NaN when not repaired within {@code patience}).
   */
  private static double[] inject(
      EmulatedController c, List<AccountId> targets, long[] offsets, Duration patience)
      throws InterruptedException {
    int n = targets.size();
    var keys = new String[n];
    var injectedAt = new long[n];
    var latencies = new double[n];
    java.util.Arrays.fill(latencies, Double.NaN);
    long start = System.nanoTime();
    long deadline = start + patience.toNanos();
    int next = 0;
    int repaired = 0;
    while (repaired < n && System.nanoTime() < deadline) {
      while (next < n && System.nanoTime() - start >= offsets[next]) {
        injectedAt[next] = System.nanoTime();
        keys[next] = c.organization.addRootAccessKey(targets.get(next));
        next++;
      }
      for (int i = 0; i < next; i++) {
        if (Double.isNaN(latencies[i])) {
          var key = keys[i];
          if (c.organization.rootCredentials(targets.get(i)).accessKeys().stream()
              .noneMatch(k -> k.id().equals(key))) {
            latencies[i] = (System.nanoTime() - injectedAt[i]) / 1e9;
            repaired++;
          }
        }
      }
      Thread.sleep(5);
    }
    return latencies;
  }

  private record Report(
      int events,
      int members,
      Duration delay,
      double[] latencies,
      Map<String, Long> phase,
      Map<String, Long> byOperation,
      Map<String, Long> fullResync,
      double fullResyncSeconds,
      long auditsElsewhere,
      double runs,
      double runSeconds,
      long sent,
      double unexpected,
      double expected,
      Duration spread) {}

  private static void report(Report r) {
    var repaired = java.util.Arrays.stream(r.latencies()).filter(d -> !Double.isNaN(d)).toArray();
    double target = 10 + r.delay().toSeconds();
    System.out.printf(
        "%nrepaired: %d of %d injected root access keys%n", repaired.length, r.events());
    System.out.printf(
        "%-48s %12s   %s%n", "event-to-repair (injection to key gone)", "measured", "target");
    if (repaired.length > 0) {
      var p = new Percentiles(repaired);
      System.out.printf("%-48s %10.2f s%n", "  p50", p.at(50));
      System.out.printf(
          "%-48s %10.2f s   < %.0f s (10 s + %d s delivery delay)%n",
          "  p95", p.at(95), target, r.delay().toSeconds());
      System.out.printf("%-48s %10.2f s%n", "  max", p.max());
    }
    System.out.printf(
        "%n%-48s %12s %12s   %s%n",
        "AWS calls while the events were handled", "total", "per event", "target per event");
    var targets =
        Map.of(
            "sts:AssumeRoot, IAMAuditRootUserCredentials", "1 (the audit)",
            "sts:AssumeRoot, IAMDeleteRootUserCredentials", "1 (the writes' session)",
            "IAM writes", "the writes (1 DeleteAccessKey)",
            "IAM reads in delete sessions (verify)", "the verify read",
            "SQS (the event queue)", "(the controller's polls; not per account)");
    r.phase()
        .forEach(
            (kind, n) ->
                System.out.printf(
                    "%-48s %,12d %12.2f   %s%n",
                    "  " + kind, n, n / (double) r.events(), targets.getOrDefault(kind, "")));
    long eventCalls = aws(r.phase());
    long resyncCalls = aws(r.fullResync());
    System.out.printf(
        "%-48s %,12d %12.2f%n",
        "  all AWS calls (event queue aside)", eventCalls, eventCalls / (double) r.events());
    System.out.printf("  by operation (event queue aside): %s%n", r.byOperation());
    System.out.printf(
        "%nruns: %.0f for %d events (coalesced), %.2f s each on average (each plans the whole"
            + " organization, the accounts without an event from the cache); events in the queue:"
            + " %d (%,.0f unexpected root activities seen, %,.0f expected: the controller's own"
            + " writes)%n",
        r.runs(),
        r.events(),
        r.runSeconds() / Math.max(1, r.runs()),
        r.sent(),
        r.unexpected(),
        r.expected());
    System.out.printf(
        "accounts without an event read again: %,d of %,d; full resyncs caused: %d (target 0)%n",
        r.auditsElsewhere(),
        r.members() - r.events(),
        r.auditsElsewhere() / Math.max(1, r.members() - r.events()));
    System.out.printf(
        "%nthrough resync alone: one full resync reads every account: %,d AWS calls (%.1f s here),"
            + " %,.0f per repaired key if one resync caught all %d; the event path: %,d calls, %.2f"
            + " per key (%.0fx fewer)%n",
        resyncCalls,
        r.fullResyncSeconds(),
        resyncCalls / (double) r.events(),
        r.events(),
        eventCalls,
        eventCalls / (double) r.events(),
        resyncCalls / (double) Math.max(1, eventCalls));
    if (repaired.length > 0) {
      double p95 = new Percentiles(repaired).at(95);
      long resyncs = (long) Math.ceil(r.spread().toSeconds() / p95);
      System.out.printf(
          "  to repair as fast through resync alone (a resync every %.1f s over the %d s the keys"
              + " came in): %d full resyncs = %,d calls%s%n",
          p95,
          r.spread().toSeconds(),
          resyncs,
          resyncs * resyncCalls,
          r.fullResyncSeconds() > p95
              ? ", and impossible here: one takes " + Math.round(r.fullResyncSeconds()) + " s"
              : "");
    }
  }
}
