package io.rootctl.apply;

import io.rootctl.audit.AuditEntry;
import io.rootctl.audit.AuditError;
import io.rootctl.audit.AuditLog;
import io.rootctl.audit.AuditResult;
import io.rootctl.cloud.CloudException;
import io.rootctl.cloud.OrganizationClient;
import io.rootctl.cloud.Retrier;
import io.rootctl.cloud.RootSession;
import io.rootctl.cloud.RootSessionClient;
import io.rootctl.cloud.TerminalCloudException;
import io.rootctl.live.ObservationFailed;
import io.rootctl.live.RootCredentials;
import io.rootctl.model.AccountId;
import io.rootctl.model.OrgFeature;
import io.rootctl.model.TaskPolicy;
import io.rootctl.observe.LiveStateReader;
import io.rootctl.plan.AccountAction;
import io.rootctl.plan.AccountChange;
import io.rootctl.plan.AllowPasswordRecovery;
import io.rootctl.plan.DeactivateMfaDevice;
import io.rootctl.plan.DeleteAccessKey;
import io.rootctl.plan.DeleteLoginProfile;
import io.rootctl.plan.DeleteSigningCertificate;
import io.rootctl.plan.DisableRootFeature;
import io.rootctl.plan.EnableRootFeature;
import io.rootctl.plan.EnableTrustedAccess;
import io.rootctl.plan.OrganizationAction;
import io.rootctl.plan.OrganizationChange;
import io.rootctl.plan.Plan;
import java.time.Clock;
import java.time.Duration;
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
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a plan: the stale-plan check, then the organization actions in order, then the accounts
 * concurrently (virtual threads, at most {@link ApplyOptions#parallelism()} at once).
 *
 * <p>Per account: one root session per {@link SessionStep} (delete first, then create-password),
 * its actions in order, then a fresh audit read to verify. A call that fails retryably is retried
 * with backoff; a session that expires mid-account (AWS's ExpiredToken, or about to by the clock)
 * is re-opened and work goes on from the call that has not completed, so nothing is done twice.
 * DeleteVirtualMFADevice denied by the task policy after a successful deactivation is tolerated
 * (AWS.md §3). Anything else ends that account as {@link AccountOutcome.Failed} with the
 * operation, error code and request id; the other accounts go on.
 *
 * <p>The organization actions run in order, and count as done only when a fresh read of the
 * organization ({@code organizations:ListAWSServiceAccessForOrganization}, {@code
 * iam:ListOrganizationsFeatures}) shows their effect. If one fails, or the re-read does not show
 * it, no account is changed: the organization actions are the prerequisites of root sessions
 * (trusted access, then the features), so every planned account is reported as failed with that
 * cause. Every write and its result goes to the {@link AuditLog}.
 * Thread-safe; one {@code apply} at a time per plan.
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
  private final AuditLog audit;
  private final Retrier retrier;
  private final Clock clock;

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
    this.organization = organization;
    this.sessions = sessions;
    this.reader = reader;
    this.staleCheck = new StalePlanCheck(reader);
    this.audit = audit;
    this.retrier = retrier;
    this.clock = clock;
  }

  /**
   * Applies {@code plan}. Throws {@link IllegalArgumentException} for a plan made in observe mode
   * and {@link StalePlanException} (before any write) when an account it touches has changed since
   * it was planned. Per-account failures are outcomes, not exceptions.
   */
  public ApplyResult apply(Plan plan, ApplyOptions options) {
    if (!plan.applicable()) {
      throw new IllegalArgumentException(
          "the plan was made in " + plan.mode().yamlName() + " mode and cannot be applied");
    }
    var started = clock.instant();
    var unreadable = staleCheck.verify(plan);
    var organizationResult = plan.organization().map(change -> applyOrganization(change, options));
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
    decided.putAll(runAccounts(runnable, options));
    var outcomes = plan.accounts().stream().map(c -> decided.get(c.account())).toList();
    var result =
        new ApplyResult(options.runId(), started, clock.instant(), organizationResult, outcomes);
    log.atInfo()
        .addKeyValue("run", options.runId())
        .addKeyValue("converged", result.converged().size())
        .addKeyValue("failed", result.failed().size())
        .log("apply finished");
    return result;
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

  private record OrganizationWrite(String operation, String target, Runnable call) {}

  private OrganizationResult applyOrganization(OrganizationChange change, ApplyOptions options) {
    var actions = change.actions();
    var done = new ArrayList<OrganizationAction>();
    for (var i = 0; i < actions.size(); i++) {
      var write = write(actions.get(i));
      try {
        retrier.run(options.maxAttempts(), write.call());
        record(
            options,
            Optional.empty(),
            Optional.empty(),
            write.operation(),
            write.target(),
            AuditResult.OK,
            null);
        done.add(actions.get(i));
      } catch (CloudException e) {
        record(
            options,
            Optional.empty(),
            Optional.empty(),
            write.operation(),
            write.target(),
            AuditResult.FAILED,
            e);
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
   * Re-reads the organization (trusted access, then the root features) until it shows the effect
   * of every action; IAM and Organizations are eventually consistent, so a read right after a write
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
                + remaining.stream().map(Executor::stillOff).collect(Collectors.joining(", "));
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

  /** What a fresh read of the organization shows, as far as {@code actions} need to know. */
  private record OrganizationNow(Set<String> trustedPrincipals, Set<OrgFeature> features) {
    boolean shows(OrganizationAction action) {
      return switch (action) {
        case EnableTrustedAccess a -> trustedPrincipals.contains(a.servicePrincipal());
        case EnableRootFeature a -> features.contains(a.feature());
        case DisableRootFeature a -> !features.contains(a.feature());
      };
    }
  }

  private OrganizationNow readOrganization(List<OrganizationAction> actions, ApplyOptions options) {
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
    return new OrganizationNow(trusted, needsFeatures ? enabledFeatures(options) : Set.of());
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

  private static String stillOff(OrganizationAction action) {
    return switch (action) {
      case EnableTrustedAccess a -> "trusted access for " + a.servicePrincipal() + " not enabled";
      case EnableRootFeature a -> a.feature().awsName() + " not enabled";
      case DisableRootFeature a -> a.feature().awsName() + " still enabled";
    };
  }

  private OrganizationWrite write(OrganizationAction action) {
    return switch (action) {
      case EnableTrustedAccess a ->
          new OrganizationWrite(
              "organizations:EnableAWSServiceAccess",
              a.servicePrincipal(),
              () -> organization.enableTrustedAccess(a.servicePrincipal()));
      case EnableRootFeature a ->
          new OrganizationWrite(
              "iam:EnableOrganizations" + a.feature().awsName(),
              a.feature().awsName(),
              () -> organization.enableRootFeature(a.feature()));
      case DisableRootFeature a ->
          new OrganizationWrite(
              "iam:DisableOrganizations" + a.feature().awsName(),
              a.feature().awsName(),
              () -> organization.disableRootFeature(a.feature()));
    };
  }

  // ---- accounts ----------------------------------------------------------------------------

  private Map<AccountId, AccountOutcome> runAccounts(
      List<AccountChange> changes, ApplyOptions options) {
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
                    return new AccountRun(change, options).run();
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

  /** One IAM call of an action, and whether an AccessDenied on it is tolerated. */
  private record Call(
      String operation, String target, Consumer<RootSession> write, boolean toleratesDenial) {}

  private static List<Call> calls(AccountAction action) {
    return switch (action) {
      case DeleteLoginProfile a ->
          List.of(new Call("iam:DeleteLoginProfile", "", RootSession::deleteLoginProfile, false));
      case DeleteAccessKey a ->
          List.of(
              new Call(
                  "iam:DeleteAccessKey",
                  a.accessKeyId(),
                  s -> s.deleteAccessKey(a.accessKeyId()),
                  false));
      case DeleteSigningCertificate a ->
          List.of(
              new Call(
                  "iam:DeleteSigningCertificate",
                  a.certificateId(),
                  s -> s.deleteSigningCertificate(a.certificateId()),
                  false));
      case DeactivateMfaDevice a -> {
        var deactivate =
            new Call(
                "iam:DeactivateMFADevice",
                a.serialNumber(),
                s -> s.deactivateMfaDevice(a.serialNumber()),
                false);
        // AWS requires deactivation before deletion; the delete task policy may deny the
        // deletion through its NotResource clause (AWS.md §3), which leaves nothing on the root
        // user, so that denial is tolerated.
        yield a.virtual()
            ? List.of(
                deactivate,
                new Call(
                    "iam:DeleteVirtualMFADevice",
                    a.serialNumber(),
                    s -> s.deleteVirtualMfaDevice(a.serialNumber()),
                    true))
            : List.of(deactivate);
      }
      case AllowPasswordRecovery a ->
          List.of(new Call("iam:CreateLoginProfile", "", RootSession::createLoginProfile, false));
    };
  }

  /** Whether {@code credentials} show the effect of {@code action}. */
  private static boolean satisfied(AccountAction action, RootCredentials credentials) {
    return switch (action) {
      case DeleteLoginProfile a -> credentials.loginProfile().isEmpty();
      case DeleteAccessKey a ->
          credentials.accessKeys().stream().noneMatch(k -> k.id().equals(a.accessKeyId()));
      case DeleteSigningCertificate a ->
          credentials.signingCertificates().stream()
              .noneMatch(c -> c.id().equals(a.certificateId()));
      case DeactivateMfaDevice a ->
          credentials.mfaDevices().stream()
              .noneMatch(m -> m.serialNumber().equals(a.serialNumber()));
      case AllowPasswordRecovery a -> credentials.loginProfile().isPresent();
    };
  }

  private static String describe(AccountAction action) {
    return switch (action) {
      case DeleteLoginProfile a -> "login profile";
      case DeleteAccessKey a -> "access key " + a.accessKeyId();
      case DeleteSigningCertificate a -> "signing certificate " + a.certificateId();
      case DeactivateMfaDevice a -> "MFA device " + a.serialNumber();
      case AllowPasswordRecovery a -> "no login profile (password recovery not allowed)";
    };
  }

  /** One account's change, run on its own virtual thread. */
  private final class AccountRun {
    private final AccountChange change;
    private final ApplyOptions options;
    private final AccountId account;
    private final List<AccountAction> done = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private @Nullable RootSession session;
    private int reopens;

    AccountRun(AccountChange change, ApplyOptions options) {
      this.change = change;
      this.options = options;
      this.account = change.account();
    }

    AccountOutcome run() {
      try {
        for (var step : SessionPlan.of(change)) {
          runStep(step);
        }
        return verify();
      } catch (CloudException e) {
        return failed(e.operation(), e.errorCode(), e.requestId(), e.getMessage());
      } catch (RuntimeException bug) {
        // The per-account boundary: a bug in one account must not lose the others' outcomes.
        log.atError()
            .addKeyValue("run", options.runId())
            .addKeyValue("account", account)
            .setCause(bug)
            .log("unexpected failure");
        return failed("rootctl", bug.getClass().getSimpleName(), "", String.valueOf(bug));
      }
    }

    private AccountOutcome failed(
        String operation, String code, String requestId, @Nullable String message) {
      var outcome =
          new AccountOutcome.Failed(
              account, operation, code, requestId, String.valueOf(message), done);
      log.atWarn()
          .addKeyValue("run", options.runId())
          .addKeyValue("account", account)
          .addKeyValue("operation", operation)
          .addKeyValue("code", code)
          .log("account failed");
      return outcome;
    }

    private void runStep(SessionStep step) {
      open(step);
      try {
        for (var action : step.actions()) {
          for (var call : calls(action)) {
            perform(step, call);
          }
          done.add(action);
        }
      } finally {
        closeSession();
      }
    }

    private void perform(SessionStep step, Call call) {
      while (true) {
        if (expiringSoon() && reopens < options.maxAttempts()) {
          reopen(step);
        }
        try {
          var current = currentSession();
          retrier.run(options.maxAttempts(), () -> call.write().accept(current));
          record(step, call, AuditResult.OK, null);
          return;
        } catch (TerminalCloudException e) {
          if (e.kind() == TerminalCloudException.Kind.SESSION_EXPIRED
              && reopens < options.maxAttempts()) {
            // The call was rejected, not made: re-open and make it again.
            reopen(step);
            continue;
          }
          if (e.kind() == TerminalCloudException.Kind.ACCESS_DENIED && call.toleratesDenial()) {
            record(step, call, AuditResult.TOLERATED, e);
            notes.add(
                call.operation()
                    + " "
                    + call.target()
                    + " was denied ("
                    + e.errorCode()
                    + ", request "
                    + e.requestId()
                    + "); the device is deactivated");
            return;
          }
          record(step, call, AuditResult.FAILED, e);
          throw e;
        } catch (CloudException e) {
          record(step, call, AuditResult.FAILED, e);
          throw e;
        }
      }
    }

    private boolean expiringSoon() {
      return !clock.instant().isBefore(currentSession().expiresAt().minus(EXPIRY_MARGIN));
    }

    private RootSession currentSession() {
      var current = session;
      if (current == null) {
        throw new IllegalStateException("no open session for account " + account);
      }
      return current;
    }

    private void open(SessionStep step) {
      try {
        session =
            retrier.call(
                options.maxAttempts(),
                () -> sessions.open(account, step.policy(), step.duration()));
      } catch (CloudException e) {
        Executor.this.record(
            options,
            Optional.of(account),
            Optional.of(step.policy()),
            e.operation(),
            step.policy().policyName(),
            AuditResult.FAILED,
            e);
        throw e;
      }
    }

    private void reopen(SessionStep step) {
      reopens++;
      closeSession();
      open(step);
    }

    private void closeSession() {
      var current = session;
      session = null;
      if (current != null) {
        current.close();
      }
    }

    private void record(
        SessionStep step, Call call, AuditResult result, @Nullable CloudException error) {
      Executor.this.record(
          options,
          Optional.of(account),
          Optional.of(step.policy()),
          call.operation(),
          call.target(),
          result,
          error);
    }

    /**
     * Re-reads the account in a fresh audit session until it shows every planned effect; IAM is
     * eventually consistent, so a read right after a delete may still show it.
     */
    private AccountOutcome verify() {
      for (var attempt = 1; ; attempt++) {
        switch (reader.readAccount(account)) {
          case ObservationFailed f -> {
            return failed("rootctl:Verify", "ObservationFailed", "", f.reason());
          }
          case RootCredentials credentials -> {
            var remaining =
                change.actions().stream().filter(a -> !satisfied(a, credentials)).toList();
            if (remaining.isEmpty()) {
              log.atInfo()
                  .addKeyValue("run", options.runId())
                  .addKeyValue("account", account)
                  .addKeyValue("actions", done.size())
                  .log("account converged");
              return new AccountOutcome.Converged(account, done, notes);
            }
            if (attempt >= options.maxAttempts()) {
              return failed(
                  "rootctl:Verify",
                  "NotConverged",
                  "",
                  "account "
                      + account
                      + " still shows after apply: "
                      + remaining.stream()
                          .map(Executor::describe)
                          .collect(Collectors.joining(", ")));
            }
          }
        }
        try {
          retrier.pause(attempt);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return failed("rootctl:Verify", "Interrupted", "", "interrupted while verifying");
        }
      }
    }
  }

  private void record(
      ApplyOptions options,
      Optional<AccountId> account,
      Optional<TaskPolicy> policy,
      String operation,
      String target,
      AuditResult result,
      @Nullable CloudException error) {
    audit.record(
        new AuditEntry(
            options.runId(),
            account,
            policy,
            operation,
            target,
            result,
            Optional.ofNullable(error)
                .map(
                    e ->
                        new AuditError(
                            e.errorCode(), e.requestId(), String.valueOf(e.getMessage())))));
  }

  @Override
  public String toString() {
    return "Executor";
  }
}
