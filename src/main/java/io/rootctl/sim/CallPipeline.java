package io.rootctl.sim;

import io.rootctl.model.TaskPolicy;
import io.rootctl.preflight.OrganizationPolicy;
import io.rootctl.preflight.ScpEvaluator;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The path every API call takes, whatever its service: the caller is resolved from its access key
 * (an administrator's long-term key, or a root session's key and token; unknown and expired keys
 * answer each service's error), the call is admitted through the injected {@link Faults} (latency,
 * throttling, 5xx), a root session's task policy is checked ({@link RootTaskPolicies}), the
 * operation runs under the one lock that guards the {@link SimState}, and the outcome is recorded
 * in the {@link CallJournal} (a write that took effect and was then answered with an injected 5xx,
 * {@link Faults#afterCommit commit then fail}, as {@link CallJournal#COMMITTED_THEN} and the error
 * code). Injected latency is waited out before the lock is taken. Thread-safe.
 */
final class CallPipeline {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final SimState state;
  private final Clock clock;
  private final Faults faults;
  private final CallJournal journal = new CallJournal();

  CallPipeline(SimState state, Clock clock, Faults faults) {
    this.state = state;
    this.clock = clock;
    this.faults = faults;
  }

  Clock clock() {
    return clock;
  }

  Faults faults() {
    return faults;
  }

  CallJournal journal() {
    return journal;
  }

  /** The clock's time to the second: what the simulation stamps on what it creates. */
  Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS);
  }

  /** Runs {@code body} under the state lock: for direct (non-API) reads and changes. */
  <T> T locked(Supplier<T> body) {
    lock.lock();
    try {
      return body.get();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Wakes every thread in {@link #awaitChange}: a message was sent, a visibility changed, or the
   * clock moved. Takes the state lock.
   */
  void signalChange() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits, releasing the state lock, until {@link #signalChange} or {@code nanos} pass; holds the
   * lock again on return. Call only under the lock (inside {@link #call} or {@link #locked}).
   *
   * @throws InterruptedException when the waiting thread is interrupted (the server stops)
   */
  void awaitChange(long nanos) throws InterruptedException {
    if (nanos > 0) {
      changed.await(nanos, TimeUnit.NANOSECONDS);
    }
  }

  /** One API call about the caller's own account, journaled with the caller's session policy. */
  <T> T call(String operation, Caller caller, Function<Principal, T> body) {
    return call(operation, caller, Optional.empty(), Optional.empty(), body);
  }

  /**
   * One API call.
   *
   * @param operation {@code service:Operation}, e.g. {@code iam:ListAccessKeys}: decides the
   *     faults, the task-policy check and the journal's operation
   * @param subjectAccount the account the journal records; empty: the caller's
   * @param subjectPolicy the task policy the journal records; empty: the caller's session's
   * @param body the operation, run under the state lock
   * @throws SimException AWS's error, which the journal records as the outcome
   */
  <T> T call(
      String operation,
      Caller caller,
      Optional<String> subjectAccount,
      Optional<TaskPolicy> subjectPolicy,
      Function<Principal, T> body) {
    var service = operation.substring(0, operation.indexOf(':'));
    Optional<String> account = subjectAccount;
    Optional<TaskPolicy> policy = subjectPolicy;
    var committed = false;
    try {
      var principal = locked(() -> resolve(service, caller));
      if (account.isEmpty()) {
        account = Optional.of(principal.account().value());
      }
      if (policy.isEmpty()) {
        policy = principal.session().map(SimState.Session::policy);
      }
      try {
        faults.admit(operation, principal.account().value(), account.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SimException("InternalFailure", 500, "The request was interrupted.");
      }
      principal.session().ifPresent(s -> authorize(operation, s));
      principal.session().ifPresent(s -> locked(() -> serviceControlPolicies(operation, s)));
      var result = locked(() -> body.apply(principal));
      committed = true;
      // commit then fail: the change is made, only the answer is a 5xx
      faults.afterCommit(operation);
      journal.record(operation, account, policy, CallJournal.OK);
      return result;
    } catch (SimException e) {
      journal.record(
          operation,
          account,
          policy,
          committed ? CallJournal.COMMITTED_THEN + e.errorCode() : e.errorCode());
      throw e;
    }
  }

  private Principal resolve(String service, Caller caller) {
    var admin = state.admins.get(caller.accessKeyId());
    if (admin != null) {
      return new Principal(admin.account(), Optional.empty());
    }
    var session = state.sessions.get(caller.accessKeyId());
    if (session == null
        || (caller.sessionToken().isPresent()
            && !caller.sessionToken().get().equals(session.token()))) {
      if (service.equals("s3")) {
        throw new SimException(
            "InvalidAccessKeyId",
            403,
            "The AWS Access Key Id you provided does not exist in our records.");
      }
      throw service.equals("organizations")
          ? new SimException(
              "UnrecognizedClientException",
              400,
              "The security token included in the request is invalid.")
          : new SimException(
              "InvalidClientTokenId",
              403,
              "The security token included in the request is invalid.");
    }
    if (!clock.instant().isBefore(session.expires())) {
      throw new SimException(
          service.equals("iam") ? "ExpiredToken" : "ExpiredTokenException",
          service.equals("iam") ? 403 : 400,
          "The security token included in the request is expired");
    }
    return new Principal(session.account(), Optional.of(session));
  }

  private static void authorize(String operation, SimState.Session session) {
    if (RootTaskPolicies.permits(session.policy(), operation)) {
      return;
    }
    if (operation.startsWith("organizations:")) {
      throw SimException.organizationsAccessDenied();
    }
    throw SimException.accessDenied(
        "User: arn:aws:sts::"
            + session.account()
            + ":root is not authorized to perform: "
            + operation
            + " on resource: arn:aws:iam::"
            + session.account()
            + ":root with an explicit deny in a session policy");
  }

  /**
   * Evaluates the explicit {@code Deny} statements of the SCPs and RCPs on the session's account's
   * path (root, OUs, account) for {@code operation}, as AWS does inside root sessions: SCPs apply
   * to the root user of member accounts, and so to root sessions (the management account is never
   * governed by SCPs). Only statements {@link ScpEvaluator} decides for certain deny; the request
   * context is the root principal with {@code aws:AssumedRoot = true}. The denial answers {@code
   * AccessDenied} with IAM's wording for an explicit deny in a service control policy.
   *
   * @see <a
   *     href="https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html">SCPs
   *     apply to member accounts' root users</a>
   * @see <a
   *     href="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user-privileged-task.html">Privileged
   *     root tasks: SCPs apply to root sessions</a>
   * @see <a
   *     href="https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html">Access
   *     denied error messages ("... with an explicit deny in a service control policy")</a>
   */
  private Void serviceControlPolicies(String operation, SimState.Session session) {
    var account = session.account();
    if (account.equals(state.management) || !state.accounts.containsKey(account)) {
      return null;
    }
    var path = new java.util.ArrayList<ScpEvaluator.Attached>();
    for (var target : state.policyPath(account)) {
      for (var policy : state.policies.values()) {
        if (policy.targets.contains(target)) {
          path.add(
              new ScpEvaluator.Attached(
                  OrganizationPolicy.parse(policy.id, policy.name, policy.type, policy.content),
                  target));
        }
      }
    }
    for (var denial : ScpEvaluator.denials(path, account, "aws", session.policy(), operation)) {
      if (!denial.certain()) {
        continue;
      }
      var kind =
          denial.policyType().equals("RESOURCE_CONTROL_POLICY")
              ? "resource control policy"
              : "service control policy";
      if (operation.startsWith("organizations:")) {
        throw SimException.organizationsAccessDenied();
      }
      throw SimException.accessDenied(
          "User: arn:aws:iam::"
              + account
              + ":root is not authorized to perform: "
              + operation
              + " on resource: arn:aws:iam::"
              + account
              + ":root with an explicit deny in a "
              + kind);
    }
    return null;
  }
}
