package io.rootctl.engine;

import io.rootctl.apply.ApplyOptions;
import io.rootctl.apply.ApplyResult;
import io.rootctl.apply.Executor;
import io.rootctl.apply.RecoveryReport;
import io.rootctl.apply.StalePlanCheck;
import io.rootctl.apply.StalePlanException;
import io.rootctl.cloud.CloudException;
import io.rootctl.cloud.RetryableCloudException;
import io.rootctl.cloud.TerminalCloudException;
import io.rootctl.desired.AccountPolicy;
import io.rootctl.desired.CredentialSetting;
import io.rootctl.desired.DesiredState;
import io.rootctl.desired.PolicyException;
import io.rootctl.desired.PolicyResolver;
import io.rootctl.desired.Problem;
import io.rootctl.desired.yaml.DesiredStateLoader;
import io.rootctl.desired.yaml.LoadResult;
import io.rootctl.live.LiveState;
import io.rootctl.live.RootObservation;
import io.rootctl.lock.Lease;
import io.rootctl.lock.LockHeldException;
import io.rootctl.lock.LockUnavailableException;
import io.rootctl.lock.WriterLock;
import io.rootctl.model.AccountId;
import io.rootctl.model.CredentialKind;
import io.rootctl.model.Mode;
import io.rootctl.observe.LiveStateReader;
import io.rootctl.plan.AccountChange;
import io.rootctl.plan.Guards;
import io.rootctl.plan.Plan;
import io.rootctl.plan.PlanOutcome;
import io.rootctl.plan.Planner;
import io.rootctl.plan.PlanningContext;
import io.rootctl.plan.SavedPlanCheck;
import io.rootctl.plan.Target;
import io.rootctl.plan.Targets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.jspecify.annotations.Nullable;

/**
 * rootctl's use cases, shared by the CLI and the controller. Reads through {@code reader} (cached
 * in the controller), writes and re-reads before writing through the {@link Executor} (always
 * uncached). Thread-safe for concurrent reads; one {@link #reconcileOnce} at a time.
 */
public final class Engine {
  private final LiveStateReader reader;
  private final Executor executor;
  private final Planner planner;
  private final Clock clock;
  private final Consumer<AccountId> forget;
  private final WriterLock lock;
  private final IntConsumer unfinishedWrites;
  private volatile boolean recovered; // a recovery left nothing: this process journals the rest
  private volatile @Nullable Instant heldSince; // when the lease taken through lock() was acquired

  /**
   * @param reader reads the live state for planning (the controller's may be cached)
   * @param executor applies plans; re-reads touched accounts uncached first
   * @param forget drops what a cache knows of an account (no-op without a cache)
   */
  public Engine(
      LiveStateReader reader,
      Executor executor,
      Planner planner,
      Clock clock,
      Consumer<AccountId> forget) {
    this(reader, executor, planner, clock, forget, WriterLock.none(() -> {}), count -> {});
  }

  /**
   * @param lock the writer lock: {@link #reconcileOnce} takes it around its recovery and apply, and
   *     the CLI takes it through {@link #lock} before it recovers and plans; the executor's write
   *     ports should be guarded by the same lock ({@code LockedWrites})
   * @param unfinishedWrites told, after each crash recovery, how many interrupted writes (and
   *     orphaned virtual MFA devices) are left unrecovered (the controller's gauge)
   */
  public Engine(
      LiveStateReader reader,
      Executor executor,
      Planner planner,
      Clock clock,
      Consumer<AccountId> forget,
      WriterLock lock,
      IntConsumer unfinishedWrites) {
    this.reader = reader;
    this.executor = executor;
    this.planner = planner;
    this.clock = clock;
    this.forget = forget;
    this.lock = lock;
    this.unfinishedWrites = unfinishedWrites;
  }

  /**
   * Takes the writer lock for applying {@code revision}; the CLI's {@code apply} takes it before it
   * plans, and closes it when done. See {@link WriterLock#acquire}.
   *
   * @throws LockHeldException another writer holds it
   * @throws LockUnavailableException the lock's store cannot be used
   */
  public Lease lock(String revision) {
    var lease = lock.acquire(revision);
    var since = clock.instant();
    heldSince = since;
    return new Lease() {
      @Override
      public io.rootctl.lock.LockInfo info() {
        return lease.info();
      }

      @Override
      public Optional<io.rootctl.lock.LockInfo> tookOver() {
        return lease.tookOver();
      }

      @Override
      public Optional<String> lost() {
        return lease.lost();
      }

      @Override
      public Optional<String> confirm() {
        return lease.confirm();
      }

      @Override
      public void close() {
        heldSince = null;
        lease.close();
      }

      @Override
      public String toString() {
        return lease.toString();
      }
    };
  }

  /**
   * Since when no other writer can have written, as far as this engine knows: when the lease taken
   * through {@link #lock} was acquired (empty when none is held), or {@link Instant#MIN} when no
   * lock is configured (writers are not serialised at all; see {@link WriterLock#UNSERIALISED}).
   */
  private Optional<Instant> writersExcludedSince() {
    if (!lock.serialises()) {
      return Optional.of(Instant.MIN);
    }
    return Optional.ofNullable(heldSince);
  }

  /** Where the writer lock lives, and whether there is one. */
  public WriterLock writerLock() {
    return lock;
  }

  /**
   * Crash recovery (see {@link Executor#recover}): closes the writes the audit journal shows
   * started without an outcome, and deletes virtual MFA devices a crash left deactivated but not
   * deleted, only in accounts where {@code desired} (in enforce mode, and {@code mayWrite}) still
   * wants root MFA devices absent; the organization is read (no account) only when such a device is
   * found. Once a recovery leaves nothing, later calls in this process return at once (this process
   * journals every write it makes to the end).
   *
   * @param mayWrite false in forced observe mode: orphans are then reported, never deleted
   * @throws java.io.UncheckedIOException when the journal cannot be read
   * @throws CloudException when the organization cannot be read to resolve the desired state
   */
  public RecoveryReport recover(DesiredState desired, ApplyOptions options, boolean mayWrite) {
    if (recovered) {
      return RecoveryReport.NOTHING;
    }
    var policies = new AtomicReference<@Nullable Map<AccountId, AccountPolicy>>();
    var report =
        executor.recover(
            options,
            account -> {
              if (!mayWrite || desired.organization().mode() != Mode.ENFORCE) {
                return false;
              }
              var resolved = policies.get();
              if (resolved == null) {
                var resolution =
                    PolicyResolver.resolve(desired, reader.read((t, a) -> false).tree(), today());
                // fail closed: a desired state that does not resolve allows no deletion
                resolved =
                    resolution.problems().stream().anyMatch(Problem::isError)
                        ? Map.of()
                        : resolution.policies();
                policies.set(resolved);
              }
              var policy = resolved.get(account);
              return policy != null
                  && policy.credential(CredentialKind.MFA_DEVICES) == CredentialSetting.ABSENT;
            });
    unfinishedWrites.accept(report.left().size());
    if (report.clean()) {
      recovered = true;
    }
    return report;
  }

  /**
   * Drops what the planning reader's cache knows of {@code accounts} (their audited root
   * credentials), so the next plan or run reads them fresh; the controller calls it when an event
   * source names accounts as changed. A no-op without a cache (the CLI) and for accounts the cache
   * does not hold. Thread-safe.
   */
  public void forget(Collection<AccountId> accounts) {
    accounts.forEach(forget);
  }

  /** Today, in UTC, for exception expiry. */
  public LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC);
  }

  /** Loads and validates a desired-state directory. Reads files; never AWS. */
  public LoadResult load(Path dir) {
    return new DesiredStateLoader().load(dir, today());
  }

  /** What to plan: which accounts, and whether to force observe mode. */
  public record PlanRequest(Targets targets, boolean forceObserve) {}

  /** A plan (or refusal) and the live state it was made from. */
  public record PlanReport(PlanOutcome outcome, LiveState live) {}

  /**
   * Walks the whole organization, reads the accounts the request targets (no root session for any
   * other) and plans against it. Throws {@link CloudException} when the organization itself cannot
   * be read; accounts that cannot be read are listed in the plan as {@link Plan#unreadable()},
   * which makes it incomplete.
   */
  public PlanReport plan(DesiredState desired, PlanRequest request) {
    // Every account: the audits overlap the walk (LiveStateReader#read()).
    var live = request.targets().isAll() ? reader.read() : reader.read(request.targets()::selects);
    return new PlanReport(planner.plan(desired, live, context(request)), live);
  }

  private PlanningContext context(PlanRequest request) {
    var ctx = PlanningContext.of(today(), clock.instant()).withTargets(request.targets());
    return request.forceObserve() ? ctx.observing() : ctx;
  }

  /**
   * The organization's readiness for rootctl ({@code rootctl check}), with STS in {@code region}.
   * Never throws for AWS failures: each becomes a failed line.
   */
  public Readiness readiness(String region) {
    return ReadinessCheck.run(reader, region);
  }

  /**
   * Reads the organization's SCPs and RCPs for the preflight ({@link Preflight#read}), for every
   * root session rootctl opens: a few calls per policy (none per OU or account), so it can run
   * beside {@link #plan}, on another thread. Never throws for AWS failures.
   */
  public Preflight.Policies preflightPolicies() {
    return Preflight.read(reader, Preflight.allSessions());
  }

  /**
   * The SCP/RCP preflight for {@code accounts} (those a plan would write to, and those it could not
   * read) of {@code tree}, with {@code policies} from {@link #preflightPolicies()} and ARNs in the
   * partition of {@code region}. Pure: no AWS call. Targets whose policies could not be read are in
   * {@link Preflight.Result#unread()}.
   */
  public Preflight.Result preflight(
      Preflight.Policies policies,
      io.rootctl.live.OrganizationTree tree,
      java.util.Collection<io.rootctl.model.AccountId> accounts,
      String region) {
    var wanted = java.util.Set.copyOf(accounts);
    return Preflight.evaluate(
        policies,
        tree,
        a -> wanted.contains(a.id()),
        ReadinessCheck.partition(region),
        Preflight.allSessions());
  }

  /** The live state, for {@code rootctl audit}. */
  public LiveState audit() {
    return reader.read();
  }

  /**
   * Applies a plan this process has just made ({@code rootctl apply} without a plan file): every
   * touched account is re-read uncached first, unless this process read it at most {@link
   * io.rootctl.apply.ReadLedger#RECENT} ago, found what the plan was made from, has not written to
   * it since, and no other writer can have written since (the lease taken through {@link #lock} was
   * already held when it was read, or no lock is configured); see {@link
   * Executor#applyFromRecentReads}. The whole plan is refused ({@link StalePlanException}) if any
   * account re-read changed; then the executor runs it.
   */
  public ApplyResult apply(Plan plan, ApplyOptions options) {
    var since = writersExcludedSince();
    return since.isPresent()
        ? executor.applyFromRecentReads(plan, options, since.get())
        : executor.apply(plan, options);
  }

  /**
   * The checks of a saved plan that need no AWS: made from this desired-state revision, and
   * complete (no account was unreadable when it was made).
   *
   * @throws SavedPlanRefusedException naming what does not match
   */
  public static void checkSavedAgainst(Plan saved, DesiredState desired) {
    if (!saved.desiredRevision().equals(desired.revision())) {
      throw new SavedPlanRefusedException(
          SavedPlanRefusedException.Cause.OTHER_REVISION,
          List.of(
              "the plan was made from desired-state revision "
                  + saved.desiredRevision()
                  + ", but the desired state is now revision "
                  + desired.revision()
                  + "; run rootctl plan again with this desired state"));
    }
    if (!saved.complete()) {
      throw new SavedPlanRefusedException(
          SavedPlanRefusedException.Cause.INCOMPLETE,
          List.of(
              "the plan is incomplete: "
                  + saved.unreadable().size()
                  + " account(s) could not be read when it was made"));
    }
  }

  /**
   * Applies a plan saved by {@code plan -out}, after checking it against what it claims to be: the
   * desired state must be the revision the plan was made from, the plan must be complete, and for
   * every account it touches (and the organization) a fresh plan from that desired state and a
   * fresh read must hold exactly the saved actions ({@link SavedPlanCheck}). Then the executor runs
   * it (with its own uncached stale check).
   *
   * <p>What is run is the saved plan's actions with every account's name, OU path and reasons from
   * the fresh plan ({@link SavedPlanCheck#verified}): the audit log and the output never carry what
   * a plan file says about an account, only what the organization says now.
   *
   * @return the plan as run (names from the fresh read) and its result
   * @throws SavedPlanRefusedException before any write, listing every reason
   * @throws StalePlanException before any write, when an account changed since the plan was made
   * @throws CloudException when the organization cannot be read
   */
  public SavedApply applySaved(Plan saved, DesiredState desired, ApplyOptions options) {
    checkSavedAgainst(saved, desired);
    // every account the plan changes or calls in sync is read again and planned afresh
    var covered = new java.util.TreeSet<AccountId>(saved.inSync());
    saved.accounts().forEach(c -> covered.add(c.account()));
    var targets =
        covered.isEmpty()
            ? Targets.all()
            : new Targets(covered.stream().<Target>map(Target.Account::new).toList());
    var report = plan(desired, new PlanRequest(targets, false));
    var stale = StalePlanCheck.changedSince(saved, report.live().roots());
    if (!stale.isEmpty()) {
      throw new StalePlanException(stale);
    }
    switch (report.outcome()) {
      case PlanOutcome.Refused refused ->
          throw new SavedPlanRefusedException(
              SavedPlanRefusedException.Cause.UNRESOLVED,
              refused.problems().stream()
                  .filter(Problem::isError)
                  .map(p -> "the desired state does not resolve against the organization now: " + p)
                  .toList());
      case PlanOutcome.Planned planned -> {
        var mismatches = SavedPlanCheck.mismatches(saved, planned.plan(), report.live().tree());
        if (!mismatches.isEmpty()) {
          throw new SavedPlanRefusedException(mismatches);
        }
        var verified = SavedPlanCheck.verified(saved, planned.plan());
        return new SavedApply(verified, executor.apply(verified, options));
      }
    }
  }

  /**
   * A saved plan as {@link #applySaved} ran it and what came of it.
   *
   * @param applied the saved plan's actions, with names, OU paths and reasons from the fresh read
   */
  public record SavedApply(Plan applied, ApplyResult result) {}

  /** Options of one controller run. */
  public record ReconcileOptions(
      String runId, boolean forceObserve, OptionalInt maxActions, ApplyOptions apply) {}

  /**
   * One level-based run: read everything, plan the whole desired state, check the guard, apply
   * unless observing, verify. A plan made from cached observations that turns out stale is re-made
   * once from fresh reads of the stale accounts. Never throws for AWS failures: they become the
   * report's status.
   */
  public RunReport reconcileOnce(DesiredState desired, ReconcileOptions options) {
    var started = clock.instant();
    var run = new RunBuilder(options.runId(), desired.revision(), started);
    try {
      try {
        var mayWrite = !options.forceObserve();
        if (!recovered
            && mayWrite
            && desired.organization().mode() == Mode.ENFORCE
            && executor.recoveryPending()) {
          // Recovery may delete an orphaned virtual MFA device: a write, so under the lock.
          try (var lease = lock.acquire(desired.revision())) {
            recover(desired, options.apply(), mayWrite);
          }
        } else {
          recover(desired, options.apply(), mayWrite);
        }
      } catch (LockHeldException held) {
        return run.end(
            RunReport.Status.FAILED_RETRYABLE,
            "not recovered: " + LockHeldException.summary(held.holder(), held.location()),
            clock);
      } catch (LockUnavailableException unavailable) {
        return run.end(
            RunReport.Status.FAILED_RETRYABLE, "not recovered: " + unavailable.getMessage(), clock);
      } catch (java.io.UncheckedIOException e) {
        return run.end(
            RunReport.Status.FAILED_TERMINAL,
            "cannot read the audit journal, so no write is made: " + e.getMessage(),
            clock);
      }
      var request = new PlanRequest(Targets.all(), options.forceObserve());
      var live = reader.read();
      run.live = Optional.of(live);
      run.expiries = expiries(desired, live);
      var outcome = planner.plan(desired, live, context(request));
      if (outcome instanceof PlanOutcome.Refused refused) {
        run.problems = refused.problems();
        return run.end(
            RunReport.Status.REFUSED,
            "the desired state does not match the"
                + " organization: "
                + refused.problems().size()
                + " problem(s)",
            clock);
      }
      var plan = ((PlanOutcome.Planned) outcome).plan();
      run.problems = ((PlanOutcome.Planned) outcome).warnings();
      run.plan = Optional.of(plan);
      if (!plan.hasChanges()) {
        return plan.complete()
            ? inSyncOrNeedsPerson(run, plan, "no changes")
            : run.end(
                RunReport.Status.PARTIAL,
                unreadable(plan) + "; no changes in the accounts that were read",
                clock);
      }
      if (!plan.applicable()) {
        var drifted = "observe mode: " + plan.summary().accountsChanged() + " account(s) drifted";
        return plan.complete()
            ? run.end(RunReport.Status.OBSERVED, drifted, clock)
            : run.end(RunReport.Status.PARTIAL, drifted + "; " + unreadable(plan), clock);
      }
      var guard = Guards.of(desired.organization()).check(plan, options.maxActions());
      if (guard.isPresent()) {
        run.guard = guard;
        return run.end(RunReport.Status.GUARD_BLOCKED, guard.get().message(), clock);
      }
      Lease lease;
      try {
        lease = lock.acquire(desired.revision());
      } catch (LockHeldException held) {
        return run.end(
            RunReport.Status.FAILED_RETRYABLE,
            "not applied: " + LockHeldException.summary(held.holder(), held.location()),
            clock);
      } catch (LockUnavailableException unavailable) {
        return run.end(
            RunReport.Status.FAILED_RETRYABLE, "not applied: " + unavailable.getMessage(), clock);
      }
      ApplyResult result;
      // The lease is taken after the reads: with a lock configured, every account is re-read.
      var writersExcludedSince = lock.serialises() ? clock.instant() : Instant.MIN;
      try (lease) {
        try {
          result = executor.applyFromRecentReads(plan, options.apply(), writersExcludedSince);
        } catch (StalePlanException stale) {
          var fresh = refresh(live, stale);
          run.live = Optional.of(fresh);
          var replanned = planner.plan(desired, fresh, context(request));
          if (!(replanned instanceof PlanOutcome.Planned p2)) {
            run.problems = ((PlanOutcome.Refused) replanned).problems();
            return run.end(RunReport.Status.REFUSED, "refused after a fresh read", clock);
          }
          plan = p2.plan();
          run.plan = Optional.of(plan);
          if (!plan.hasChanges()) {
            return plan.complete()
                ? inSyncOrNeedsPerson(run, plan, "no changes after a fresh read")
                : run.end(
                    RunReport.Status.PARTIAL,
                    unreadable(plan)
                        + "; no changes after a fresh read of the accounts that were read",
                    clock);
          }
          guard = Guards.of(desired.organization()).check(plan, options.maxActions());
          if (guard.isPresent()) {
            run.guard = guard;
            return run.end(RunReport.Status.GUARD_BLOCKED, guard.get().message(), clock);
          }
          result = executor.apply(plan, options.apply());
        }
        if (lease.confirm().isPresent()) {
          run.apply = Optional.of(result);
          return run.end(
              RunReport.Status.FAILED_RETRYABLE,
              "the writer lock was lost while applying ("
                  + lease.lost().get()
                  + "); no write is made once that is known (the lease is checked every 30 s"
                  + " and after the last write)",
              clock);
        }
      }
      run.apply = Optional.of(result);
      plan.accounts().stream().map(AccountChange::account).forEach(forget);
      var failed = result.failed().size();
      if (result.organization().map(o -> !o.succeeded()).orElse(false)
          || failed > 0
          || !plan.complete()) {
        return run.end(
            RunReport.Status.PARTIAL,
            failed
                + " account(s) failed; "
                + result.converged().size()
                + " converged"
                + (plan.complete() ? "" : "; " + unreadable(plan)),
            clock);
      }
      return run.end(
          RunReport.Status.CONVERGED, result.converged().size() + " account(s) converged", clock);
    } catch (StalePlanException e) {
      return run.end(RunReport.Status.FAILED_RETRYABLE, e.getMessage(), clock);
    } catch (RetryableCloudException e) {
      return run.end(RunReport.Status.FAILED_RETRYABLE, e.getMessage(), clock);
    } catch (TerminalCloudException e) {
      return run.end(RunReport.Status.FAILED_TERMINAL, e.getMessage(), clock);
    }
  }

  /** In sync, unless accounts need a person: then that, naming how many. */
  private RunReport inSyncOrNeedsPerson(RunBuilder run, Plan plan, String message) {
    if (plan.needsPerson().isEmpty()) {
      return run.end(RunReport.Status.IN_SYNC, message, clock);
    }
    return run.end(
        RunReport.Status.NEEDS_PERSON,
        message
            + " rootctl can make; "
            + plan.summary().accountsNeedingPerson()
            + " account(s) need a person (mfaDevices requirement unmet)",
        clock);
  }

  private static String unreadable(Plan plan) {
    return plan.unreadable().size() + " account(s) could not be read";
  }

  /** {@code live} with the stale accounts read again, uncached. */
  private LiveState refresh(LiveState live, StalePlanException stale) {
    var ids = stale.stale().stream().map(s -> s.account()).toList();
    ids.forEach(forget);
    Map<AccountId, RootObservation> roots = new HashMap<>(live.roots());
    roots.putAll(reader.readAccounts(ids));
    return new LiveState(live.tree(), live.enabledFeatures(), live.iamTrustedAccess(), roots);
  }

  private Map<AccountId, PolicyException> expiries(DesiredState desired, LiveState live) {
    var out = new HashMap<AccountId, PolicyException>();
    var resolution = PolicyResolver.resolve(desired, live.tree(), today());
    resolution
        .policies()
        .forEach(
            (id, policy) ->
                policy.exceptions().stream()
                    .min(Comparator.comparing(PolicyException::expires))
                    .ifPresent(e -> out.put(id, e)));
    return out;
  }

  /** Collects a run's parts as it goes. */
  private static final class RunBuilder {
    final String runId;
    final String revision;
    final java.time.Instant started;
    Optional<Plan> plan = Optional.empty();
    Optional<LiveState> live = Optional.empty();
    List<io.rootctl.desired.Problem> problems = List.of();
    Optional<io.rootctl.plan.GuardViolation> guard = Optional.empty();
    Optional<ApplyResult> apply = Optional.empty();
    Map<AccountId, PolicyException> expiries = Map.of();

    RunBuilder(String runId, String revision, java.time.Instant started) {
      this.runId = runId;
      this.revision = revision;
      this.started = started;
    }

    RunReport end(RunReport.Status status, String message, Clock clock) {
      return new RunReport(
          runId,
          revision,
          started,
          clock.instant(),
          status,
          message,
          plan,
          live,
          problems,
          guard,
          apply,
          expiries);
    }
  }
}
