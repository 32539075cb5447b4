package io.rootctl.apply;

import io.rootctl.audit.AuditLog;
import io.rootctl.audit.AuditResult;
import io.rootctl.cloud.CloudException;
import io.rootctl.cloud.OrganizationClient;
import io.rootctl.cloud.Retrier;
import io.rootctl.cloud.RootSessionClient;
import io.rootctl.cloud.TerminalCloudException;
import io.rootctl.live.ObservationFailed;
import io.rootctl.model.AccountId;
import io.rootctl.model.OrgFeature;
import io.rootctl.observe.LiveStateReader;
import io.rootctl.plan.AccountChange;
import io.rootctl.plan.DisableRootFeature;
import io.rootctl.plan.EnableRootFeature;
import io.rootctl.plan.EnableTrustedAccess;
import io.rootctl.plan.OrganizationAction;
import io.rootctl.plan.OrganizationChange;
import io.rootctl.plan.Plan;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a plan: the stale-plan check, then the organization actions in order, then the accounts
 * concurrently (virtual threads, at most {@link ApplyOptions#parallelism()} at once).
 *
 * <p>Per account: one root session per {@link SessionStep} (delete first, then create-password),
 * its actions in order, then a read to verify: in the same delete session when it is the only one
 * and can read every change ({@link SessionPlan#verifiableInSession}), else (or with {@link
 * ApplyOptions#verifyWithAuditSession()}) by a fresh read through the reader's audit sessions (the
 * controller's reader reuses an open one). The stale-plan check re-reads every account first,
 * except, in {@link #applyFromRecentReads}, those the {@link ReadLedger} confirms this process read
 * seconds ago. A call that fails retryably is retried with backoff; a session that expires
 * mid-account (AWS's ExpiredToken, or about to by the clock) is re-opened and work goes on from the
 * call that has not completed, so nothing is done twice. DeleteVirtualMFADevice denied by the task
 * policy after a successful deactivation is tolerated (see <a
 * href="https://docs.aws.amazon.com/aws-managed-policy/latest/reference/IAMDeleteRootUserCredentials.html">IAMDeleteRootUserCredentials</a>).
 * Anything else ends that account as {@link AccountOutcome.Failed} with the operation, error code
 * and request id; the other accounts go on.
 *
 * <p>The organization actions run in order, and count as done only when a fresh read of the
 * organization ({@code organizations:ListAWSServiceAccessForOrganization}, {@code
 * iam:ListOrganizationsFeatures}) shows their effect. If one fails, or the re-read does not show
 * it, no account is changed: the organization actions are the prerequisites of root sessions
 * (trusted access, then the features), so every planned account is reported as failed with that
 * cause. Every write is journalled in the {@link AuditLog} before it is sent (started) and after
 * (its outcome); {@link #recover} closes what a killed run left unfinished. The {@link
 * ApplyListener} hears when each run starts and how it ended. Thread-safe; one {@code apply} at a
 * time per plan.
 */
public final class Executor {
  private static final Logger log = LoggerFactory.getLogger(Executor.class);

  /** Re-open a session this close to its expiry rather than start a call with it. */
  static final Duration EXPIRY_MARGIN = Duration.ofSeconds(5);

  /** The operation an organization change that a fresh read does not confirm is reported as. */
  static final String VERIFY_ORGANIZATION = "rootctl:VerifyOrganization";

  private final OrganizationClient organization;
  private final RootSessionClient sessions;
  private final LiveStateReader reader;
  private final StalePlanCheck staleCheck;
  private final ApplyAudit audit;
  private final Retrier retrier;
  private final Clock clock;
  private final ApplyListener listener;
  private final ReadLedger ledger;

  /**
   * @param reader reads accounts uncached, for the stale-plan check and the verification
   * @param clock decides when a session is about to expire, and stamps the result
   */
  public Executor(
      OrganizationClient organization,
      RootSessionClient sessions,
      LiveStateReader reader,
      AuditLog audit,
      Retrier retrier,
      Clock clock) {
    this(organization, sessions, reader, audit, retrier, clock, ApplyListener.NONE);
  }

  /**
   * @param reader reads accounts uncached, for the stale-plan check and the verification
   * @param clock decides when a session is about to expire, and stamps the result
   * @param listener told when each run starts and how it ended (e.g. a {@link LoggingAuditLog})
   */
  public Executor(
      OrganizationClient organization,
      RootSessionClient sessions,
      LiveStateReader reader,
      AuditLog audit,
      Retrier retrier,
      Clock clock,
      ApplyListener listener) {
    this(organization, sessions, reader, audit, retrier, clock, listener, ReadLedger.none());
  }

  /**
   * @param reader reads accounts uncached, for the stale-plan check and the verification
   * @param clock decides when a session is about to expire, and stamps the result
   * @param listener told when each run starts and how it ended (e.g. a {@link LoggingAuditLog})
   * @param ledger what this process read of each account and when ({@link ReadLedger#recording}
   *     must decorate the sessions under {@code reader} and {@code sessions}), for {@link
   *     #applyFromRecentReads}; {@link ReadLedger#none()} re-reads every account
   */
  public Executor(
      OrganizationClient organization,
      RootSessionClient sessions,
      LiveStateReader reader,
      AuditLog audit,
      Retrier retrier,
      Clock clock,
      ApplyListener listener,
      ReadLedger ledger) {
    this.ledger = ledger;
    this.listener = listener;
    this.organization = organization;
    this.sessions = sessions;
    this.reader = reader;
    this.staleCheck = new StalePlanCheck(reader);
    this.audit = new ApplyAudit(audit);
    this.retrier = retrier;
    this.clock = clock;
  }

  /**
   * Applies {@code plan}. Throws {@link IllegalArgumentException} for a plan made in observe mode
   * and {@link StalePlanException} (before any write) when an account it touches has changed since
   * it was planned. Per-account failures are outcomes, not exceptions.
   */
  public ApplyResult apply(Plan plan, ApplyOptions options) {
    return apply(plan, options, Optional.empty());
  }

  /**
   * Applies a plan this process made seconds ago, as {@link #apply}, except that an account is not
   * re-read before its write when the {@link ReadLedger} confirms it: this process read it at most
   * {@link ReadLedger#RECENT} ago (on the injected clock), found exactly what the plan was made
   * from, has opened no write session in it since, and the read started at or after {@code
   * writersExcludedSince}. Every other account is re-read as {@link #apply} does (fail closed). A
   * saved plan applied later goes through {@link #apply}, never this.
   *
   * @param writersExcludedSince since when no other writer can have written: when the writer lock
   *     was taken, or {@link Instant#MIN} when no lock is configured (writers are not serialised)
   */
  public ApplyResult applyFromRecentReads(
      Plan plan, ApplyOptions options, Instant writersExcludedSince) {
    return apply(plan, options, Optional.of(writersExcludedSince));
  }

  private ApplyResult apply(
      Plan plan, ApplyOptions options, Optional<Instant> writersExcludedSince) {
    if (!plan.applicable()) {
      throw new IllegalArgumentException(
          "the plan was made in " + plan.mode().yamlName() + " mode and cannot be applied");
    }
    listener.starting(plan, options);
    ApplyResult result;
    try {
      result = run(plan, options, writersExcludedSince);
    } catch (RuntimeException e) {
      listener.abandoned(plan, options, e);
      throw e;
    }
    listener.finished(plan, result);
    return result;
  }

  private ApplyResult run(Plan plan, ApplyOptions options, Optional<Instant> writersExcludedSince) {
    var started = clock.instant();
    var unreadable =
        staleCheck.verify(
            plan,
            change ->
                writersExcludedSince.isPresent()
                    && ledger.confirms(
                        change.account(), change.basedOn(), writersExcludedSince.get()));
    var organizationResult =
        plan.organization()
            .map(change -> applyOrganization(change, plan.desiredRevision(), options));
    var blocked = organizationResult.flatMap(OrganizationResult::failure);
    var decided = new LinkedHashMap<AccountId, AccountOutcome>();
    var runnable = new ArrayList<AccountChange>();
    for (var change : plan.accounts()) {
      var id = change.account();
      if (blocked.isPresent()) {
        var f = blocked.get();
        decided.put(
            id,
            new AccountOutcome.Failed(
                id,
                f.operation(),
                f.errorCode(),
                f.requestId(),
                "not attempted: the organization change failed: " + f.message(),
                List.of()));
      } else if (unreadable.containsKey(id)) {
        decided.put(id, cannotConfirmCurrent(id, unreadable.get(id)));
      } else {
        runnable.add(change);
      }
    }
    decided.putAll(runAccounts(runnable, plan.desiredRevision(), options));
    var outcomes = plan.accounts().stream().map(c -> decided.get(c.account())).toList();
    return new ApplyResult(options.runId(), started, clock.instant(), organizationResult, outcomes);
  }

  private static AccountOutcome cannotConfirmCurrent(AccountId id, ObservationFailed failed) {
    return new AccountOutcome.Failed(
        id,
        "rootctl:StalePlanCheck",
        "ObservationFailed",
        "",
        "not attempted: cannot confirm the plan is current: " + failed.reason(),
        List.of());
  }

  // ---- organization ------------------------------------------------------------------------

  private OrganizationResult applyOrganization(
      OrganizationChange change, String revision, ApplyOptions options) {
    var actions = change.actions();
    var done = new ArrayList<OrganizationAction>();
    for (var i = 0; i < actions.size(); i++) {
      var write = ActionCalls.write(actions.get(i), organization);
      var started =
          audit.start(
              options,
              revision,
              Optional.empty(),
              Optional.empty(),
              write.operation(),
              write.target());
      try {
        retrier.run(options.maxAttempts(), write.call());
        started.end(AuditResult.OK, null);
        done.add(actions.get(i));
      } catch (CloudException e) {
        started.end(AuditResult.FAILED, e);
        log.atWarn()
            .addKeyValue("run", options.runId())
            .addKeyValue("action", write.operation())
            .log("organization change failed; no account will be changed: {}", e.getMessage());
        return new OrganizationResult(
            done, actions.subList(i, actions.size()), Optional.of(ActionFailure.of(e)));
      }
    }
    return verifyOrganization(actions, options);
  }

  /**
   * Re-reads the organization (trusted access, then the root features) until it shows the effect of
   * every action; IAM and Organizations are eventually consistent, so a read right after a write
   * may not show it yet. A write AWS accepted counts as done only once a fresh read shows it: an
   * action whose effect still does not show after {@link ApplyOptions#maxAttempts()} reads, or a
   * read that fails, makes the change a failure ({@code rootctl:VerifyOrganization}) that names
   * what is still off, so no account is changed on a prerequisite nobody saw.
   */
  private OrganizationResult verifyOrganization(
      List<OrganizationAction> actions, ApplyOptions options) {
    for (var attempt = 1; ; attempt++) {
      List<OrganizationAction> remaining;
      try {
        var now = readOrganization(actions, options);
        remaining = actions.stream().filter(a -> !now.shows(a)).toList();
      } catch (CloudException e) {
        log.atWarn()
            .addKeyValue("run", options.runId())
            .addKeyValue("operation", e.operation())
            .log("cannot re-read the organization; no account will be changed: {}", e.getMessage());
        return new OrganizationResult(
            List.of(),
            actions,
            Optional.of(
                new ActionFailure(
                    e.operation(),
                    e.errorCode(),
                    e.requestId(),
                    "cannot confirm the organization change by a fresh read: " + e.getMessage())));
      }
      if (remaining.isEmpty()) {
        return new OrganizationResult(actions, List.of(), Optional.empty());
      }
      if (attempt >= options.maxAttempts()) {
        var message =
            "the organization still shows after apply: "
                + remaining.stream().map(ActionCalls::stillOff).collect(Collectors.joining(", "));
        log.atWarn()
            .addKeyValue("run", options.runId())
            .log("organization change not confirmed; no account will be changed: {}", message);
        return new OrganizationResult(
            actions.stream().filter(a -> !remaining.contains(a)).toList(),
            remaining,
            Optional.of(new ActionFailure(VERIFY_ORGANIZATION, "NotConverged", "", message)));
      }
      try {
        retrier.pause(attempt);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new OrganizationResult(
            List.of(),
            actions,
            Optional.of(
                new ActionFailure(
                    VERIFY_ORGANIZATION,
                    "Interrupted",
                    "",
                    "interrupted while confirming the organization change")));
      }
    }
  }

  private ActionCalls.OrganizationNow readOrganization(
      List<OrganizationAction> actions, ApplyOptions options) {
    var trusted = new HashSet<String>();
    var needsFeatures = false;
    for (var action : actions) {
      switch (action) {
        case EnableTrustedAccess a -> {
          if (retrier.call(
              options.maxAttempts(),
              () -> organization.trustedAccessEnabled(a.servicePrincipal()))) {
            trusted.add(a.servicePrincipal());
          }
        }
        case EnableRootFeature a -> needsFeatures = true;
        case DisableRootFeature a -> needsFeatures = true;
      }
    }
    return new ActionCalls.OrganizationNow(
        trusted, needsFeatures ? enabledFeatures(options) : Set.of());
  }

  private Set<OrgFeature> enabledFeatures(ApplyOptions options) {
    try {
      return retrier.call(options.maxAttempts(), organization::enabledRootFeatures);
    } catch (TerminalCloudException e) {
      if (e.kind() == TerminalCloudException.Kind.NOT_ENABLED) {
        // ServiceAccessNotEnabled: trusted access for IAM is off, so no feature is on.
        return Set.of();
      }
      throw e;
    }
  }

  // ---- accounts ----------------------------------------------------------------------------

  private Map<AccountId, AccountOutcome> runAccounts(
      List<AccountChange> changes, String revision, ApplyOptions options) {
    var permits = new Semaphore(options.parallelism());
    var futures = new LinkedHashMap<AccountId, Future<AccountOutcome>>();
    var outcomes = new LinkedHashMap<AccountId, AccountOutcome>();
    try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (var change : changes) {
        futures.put(
            change.account(),
            threads.submit(
                () -> {
                  permits.acquire();
                  try {
                    if (options.stopRequested().getAsBoolean()) {
                      return notAttempted(change.account());
                    }
                    return new AccountRun(
                            change, options, sessions, reader, audit, retrier, clock, revision)
                        .run();
                  } finally {
                    permits.release();
                  }
                }));
      }
      for (var entry : futures.entrySet()) {
        outcomes.put(entry.getKey(), await(entry.getKey(), entry.getValue(), threads));
      }
    }
    return outcomes;
  }

  /** An account left alone because a stop was requested before it started; nothing written. */
  private static AccountOutcome notAttempted(AccountId account) {
    return new AccountOutcome.Failed(
        account,
        "rootctl:Stop",
        "NotAttempted",
        "",
        "not attempted: rootctl is stopping; the next run will pick it up",
        List.of());
  }

  private static AccountOutcome await(
      AccountId account, Future<AccountOutcome> future, ExecutorService threads) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      threads.shutdownNow();
      throw new CancellationException("apply was interrupted");
    } catch (ExecutionException e) {
      // AccountRun turns every failure into an outcome; only an interrupted wait gets here.
      return new AccountOutcome.Failed(
          account, "rootctl", "Interrupted", "", "interrupted before it started", List.of());
    }
  }

  /**
   * Crash recovery from the audit journal, before a run plans ({@link Recovery}): closes every
   * write that started and has no outcome, deleting orphaned virtual MFA devices only in accounts
   * {@code mayDeleteMfa} accepts. Throws {@link java.io.UncheckedIOException} when the journal
   * cannot be read (fail closed: no run without knowing what the last one left).
   *
   * @param mayDeleteMfa whether the current desired state (in enforce mode) wants root MFA devices
   *     absent in an account
   */
  /**
   * Whether the audit journal shows a write that started without an outcome, or a virtual MFA
   * device deactivated and not deleted: what {@link #recover} would act on. Reads only the journal.
   *
   * @throws java.io.UncheckedIOException when the journal cannot be read
   */
  public boolean recoveryPending() {
    return new Recovery(organization, sessions, reader, audit, retrier).pending();
  }

  public RecoveryReport recover(
      ApplyOptions options, java.util.function.Predicate<AccountId> mayDeleteMfa) {
    return new Recovery(organization, sessions, reader, audit, retrier)
        .recover(options.runId(), options.maxAttempts(), mayDeleteMfa);
  }

  @Override
  public String toString() {
    return "Executor";
  }
}
