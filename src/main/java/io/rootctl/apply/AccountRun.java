package io.rootctl.apply;

import io.rootctl.apply.ActionCalls.Call;
import io.rootctl.audit.AuditResult;
import io.rootctl.cloud.CloudException;
import io.rootctl.cloud.Retrier;
import io.rootctl.cloud.RootSession;
import io.rootctl.cloud.RootSessionClient;
import io.rootctl.cloud.TerminalCloudException;
import io.rootctl.cloud.WriteResult;
import io.rootctl.live.ObservationFailed;
import io.rootctl.live.RootCredentials;
import io.rootctl.model.AccountId;
import io.rootctl.observe.LiveStateReader;
import io.rootctl.plan.AccountAction;
import io.rootctl.plan.AccountChange;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One account's change, run on its own virtual thread: one root session per {@link SessionStep},
 * the step's {@link ActionCalls#calls calls} in order (retried; a session that expires is re-opened
 * and work goes on from the call that has not completed), then a read until it shows every planned
 * effect: in the delete session itself when {@link SessionPlan#verifiableInSession}, else in a
 * fresh audit session. Every failure becomes an {@link AccountOutcome.Failed}; not thread-safe (one
 * run per account).
 */
final class AccountRun {
  private static final Logger log = LoggerFactory.getLogger(Executor.class);

  private final RootSessionClient sessions;
  private final LiveStateReader reader;
  private final ApplyAudit audit;
  private final Retrier retrier;
  private final Clock clock;
  private final AccountChange change;
  private final ApplyOptions options;
  private final AccountId account;
  private final String revision;
  private final List<AccountAction> done = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private @Nullable RootSession session;
  private int reopens;

  AccountRun(
      AccountChange change,
      ApplyOptions options,
      RootSessionClient sessions,
      LiveStateReader reader,
      ApplyAudit audit,
      Retrier retrier,
      Clock clock,
      String revision) {
    this.revision = revision;
    this.sessions = sessions;
    this.reader = reader;
    this.audit = audit;
    this.retrier = retrier;
    this.clock = clock;
    this.change = change;
    this.options = options;
    this.account = change.account();
  }

  AccountOutcome run() {
    try {
      var steps = SessionPlan.of(change);
      if (!options.verifyWithAuditSession() && SessionPlan.verifiableInSession(steps)) {
        return runStepAndVerify(steps.get(0));
      }
      for (var step : steps) {
        runStep(step);
      }
      return verify(null);
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
        for (var call : ActionCalls.calls(action)) {
          perform(step, call);
        }
        done.add(action);
      }
    } finally {
      closeSession();
    }
  }

  /** The one session's actions, then the verification by reads in that same session. */
  private AccountOutcome runStepAndVerify(SessionStep step) {
    open(step);
    try {
      for (var action : step.actions()) {
        for (var call : ActionCalls.calls(action)) {
          perform(step, call);
        }
        done.add(action);
      }
      return verify(step);
    } finally {
      closeSession();
    }
  }

  private void perform(SessionStep step, Call call) {
    // journalled (and forced to disk) before AWS sees it; re-opened sessions and retries are
    // attempts of this one write
    var write =
        audit.start(
            options,
            revision,
            Optional.of(account),
            Optional.of(step.policy()),
            call.operation(),
            call.target());
    while (true) {
      try {
        if (expiringSoon() && reopens < options.maxAttempts()) {
          reopen(step);
        }
        var current = currentSession();
        var result = retrier.call(options.maxAttempts(), () -> call.write().apply(current));
        write.end(
            result == WriteResult.ALREADY_DONE ? AuditResult.ALREADY_DONE : AuditResult.OK, null);
        return;
      } catch (TerminalCloudException e) {
        if (e.kind() == TerminalCloudException.Kind.SESSION_EXPIRED
            && reopens < options.maxAttempts()) {
          // The call was rejected, not made: re-open and make it again.
          try {
            reopen(step);
          } catch (CloudException reopening) {
            write.end(AuditResult.FAILED, reopening);
            throw reopening;
          }
          continue;
        }
        if (e.kind() == TerminalCloudException.Kind.ACCESS_DENIED && call.toleratesDenial()) {
          write.end(AuditResult.TOLERATED, e);
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
        write.end(AuditResult.FAILED, e);
        throw e;
      } catch (CloudException e) {
        write.end(AuditResult.FAILED, e);
        throw e;
      }
    }
  }

  private boolean expiringSoon() {
    return !clock.instant().isBefore(currentSession().expiresAt().minus(Executor.EXPIRY_MARGIN));
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
              options.maxAttempts(), () -> sessions.open(account, step.policy(), step.duration()));
    } catch (CloudException e) {
      audit.failedBeforeWrite(
          options,
          revision,
          Optional.of(account),
          Optional.of(step.policy()),
          e.operation(),
          step.policy().policyName(),
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

  /**
   * Re-reads the account until it shows every planned effect; IAM is eventually consistent, so a
   * read right after a delete may still show it. With {@code inSession} null the read is in a fresh
   * audit session; otherwise in the open session of that step (re-opened when it is about to expire
   * or has), whose task policy permits every read it needs ({@link
   * SessionPlan#verifiableInSession}). A read that fails, is denied, or cannot be made is a failed
   * account, never a verified one.
   */
  private AccountOutcome verify(@Nullable SessionStep inSession) {
    for (var attempt = 1; ; attempt++) {
      RootCredentials credentials;
      if (inSession == null) {
        switch (reader.readAccount(account)) {
          case ObservationFailed f -> {
            return failed("rootctl:Verify", "ObservationFailed", "", f.reason());
          }
          case RootCredentials c -> credentials = c;
        }
      } else {
        try {
          credentials = readInSession(inSession);
        } catch (CloudException e) {
          return failed(
              "rootctl:Verify",
              e.errorCode(),
              e.requestId(),
              "cannot confirm the change by a read in the "
                  + inSession.policy().policyName()
                  + " session: "
                  + e.getMessage());
        }
      }
      var remaining =
          change.actions().stream().filter(a -> !ActionCalls.satisfied(a, credentials)).toList();
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
                + remaining.stream().map(ActionCalls::describe).collect(Collectors.joining(", ")));
      }
      try {
        retrier.pause(attempt);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return failed("rootctl:Verify", "Interrupted", "", "interrupted while verifying");
      }
    }
  }

  /** One read of the root user in the step's open session, retried; re-opened on expiry. */
  private RootCredentials readInSession(SessionStep step) {
    while (true) {
      try {
        if (expiringSoon() && reopens < options.maxAttempts()) {
          reopen(step);
        }
        var current = currentSession();
        return retrier.call(options.maxAttempts(), current::readRootCredentials);
      } catch (TerminalCloudException e) {
        if (e.kind() == TerminalCloudException.Kind.SESSION_EXPIRED
            && reopens < options.maxAttempts()) {
          reopen(step);
          continue;
        }
        throw e;
      }
    }
  }
}
