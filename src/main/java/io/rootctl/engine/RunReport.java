package io.rootctl.engine;

import io.rootctl.apply.AccountOutcome;
import io.rootctl.apply.ApplyResult;
import io.rootctl.desired.PolicyException;
import io.rootctl.desired.Problem;
import io.rootctl.live.AccessKey;
import io.rootctl.live.LiveState;
import io.rootctl.live.LoginProfile;
import io.rootctl.live.MfaDevice;
import io.rootctl.live.RootCredentials;
import io.rootctl.live.SigningCertificate;
import io.rootctl.model.AccountId;
import io.rootctl.model.CredentialKind;
import io.rootctl.plan.AccountAction;
import io.rootctl.plan.AllowPasswordRecovery;
import io.rootctl.plan.DeactivateMfaDevice;
import io.rootctl.plan.DeleteAccessKey;
import io.rootctl.plan.DeleteLoginProfile;
import io.rootctl.plan.DeleteSigningCertificate;
import io.rootctl.plan.GuardViolation;
import io.rootctl.plan.Plan;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one reconcile run did: the plan, the guard verdict, the apply result, and how it ended. The
 * per-account view ({@link #accounts()}) and the credential counts after the run are derived here,
 * once, for metrics, {@code /status} and logs.
 *
 * @param revision the desired-state revision the run used
 * @param live the live state the plan was made from (empty when the organization could not be read)
 * @param exceptions per account governed by an active exception, the one that lapses first
 */
public record RunReport(
    String runId,
    String revision,
    Instant startedAt,
    Instant finishedAt,
    Status status,
    String message,
    Optional<Plan> plan,
    Optional<LiveState> live,
    List<Problem> problems,
    Optional<GuardViolation> guard,
    Optional<ApplyResult> apply,
    Map<AccountId, PolicyException> exceptions) {

  /** How the run ended. */
  public enum Status {
    /** Nothing to change. */
    IN_SYNC(Kind.SUCCESS),
    /**
     * Nothing rootctl can change, but accounts do not meet a requirement only a person can meet
     * ({@code mfaDevices: required}): not in sync, and not a failure of the run.
     */
    NEEDS_PERSON(Kind.SUCCESS),
    /** Changes were applied and verified. */
    CONVERGED(Kind.SUCCESS),
    /** Observe mode: drift found and reported, nothing written. */
    OBSERVED(Kind.SUCCESS),
    /**
     * Some accounts could not be read or failed to converge; the others were planned for (and
     * applied, in enforce mode). A failure: the run is retried with backoff.
     */
    PARTIAL(Kind.RETRYABLE),
    /** Throttling or 5xx at the organization level: try again soon. */
    FAILED_RETRYABLE(Kind.RETRYABLE),
    /** The desired state does not resolve against the live organization. */
    REFUSED(Kind.TERMINAL),
    /** More actions than the guard allows; nothing was written. */
    GUARD_BLOCKED(Kind.TERMINAL),
    /** Access denied, features or trusted access off, invalid request. */
    FAILED_TERMINAL(Kind.TERMINAL);

    private final Kind kind;

    Status(Kind kind) {
      this.kind = kind;
    }

    public Kind kind() {
      return kind;
    }
  }

  /** Whether a quick retry may help. */
  public enum Kind {
    SUCCESS,
    RETRYABLE,
    TERMINAL
  }

  public RunReport {
    problems = List.copyOf(problems);
    exceptions = Map.copyOf(exceptions);
  }

  /** Per account governed by an active exception, the last day its earliest exception holds. */
  public Map<AccountId, LocalDate> exceptionExpiries() {
    var out = new LinkedHashMap<AccountId, LocalDate>();
    exceptions.forEach((id, e) -> out.put(id, e.expires()));
    return out;
  }

  public Duration duration() {
    return Duration.between(startedAt, finishedAt);
  }

  /** Each member account's standing after the run, sorted by id. */
  public Map<AccountId, AccountSyncStatus> accounts() {
    var out = new java.util.TreeMap<AccountId, AccountSyncStatus>();
    if (plan.isEmpty()) {
      return out;
    }
    var p = plan.get();
    p.inSync().forEach(id -> out.put(id, AccountSyncStatus.IN_SYNC));
    p.skipped().forEach(skip -> out.put(skip.account(), AccountSyncStatus.SKIPPED));
    p.unreadable().forEach(u -> out.put(u.account(), AccountSyncStatus.UNREADABLE));
    var outcomes = outcomes();
    for (var change : p.accounts()) {
      var outcome = outcomes.get(change.account());
      AccountSyncStatus s;
      if (outcome == null) {
        s = apply.isPresent() ? AccountSyncStatus.FAILED : AccountSyncStatus.DRIFTED;
      } else {
        s =
            switch (outcome) {
              case AccountOutcome.Converged c -> AccountSyncStatus.IN_SYNC;
              case AccountOutcome.Failed f -> AccountSyncStatus.FAILED;
            };
      }
      out.put(change.account(), s);
    }
    // rootctl cannot meet these; an account that is otherwise in sync still is not
    p.needsPerson()
        .forEach(
            n -> {
              if (out.getOrDefault(n.account(), AccountSyncStatus.IN_SYNC)
                  == AccountSyncStatus.IN_SYNC) {
                out.put(n.account(), AccountSyncStatus.NEEDS_PERSON);
              }
            });
    return out;
  }

  /** Member accounts per standing. */
  public Map<AccountSyncStatus, Integer> counts() {
    var counts = new EnumMap<AccountSyncStatus, Integer>(AccountSyncStatus.class);
    for (var s : AccountSyncStatus.values()) {
      counts.put(s, 0);
    }
    accounts().values().forEach(s -> counts.merge(s, 1, Integer::sum));
    return counts;
  }

  /**
   * Each member account's root credentials as they stand after the run: as read, with what a
   * converged account had removed (or created) applied.
   */
  public Map<AccountId, RootCredentials> credentialsAfter() {
    var out = new LinkedHashMap<AccountId, RootCredentials>();
    if (live.isEmpty()) {
      return out;
    }
    var outcomes = outcomes();
    live.get()
        .roots()
        .forEach(
            (id, observation) -> {
              if (observation instanceof RootCredentials c) {
                var outcome = outcomes.get(id);
                out.put(
                    id,
                    outcome instanceof AccountOutcome.Converged conv
                        ? after(c, conv.actionsDone())
                        : c);
              }
            });
    return out;
  }

  /** Accounts holding each kind of root credential after the run. */
  public Map<CredentialKind, Integer> credentialsPresent() {
    var counts = new EnumMap<CredentialKind, Integer>(CredentialKind.class);
    for (var k : CredentialKind.values()) {
      counts.put(k, 0);
    }
    credentialsAfter()
        .values()
        .forEach(c -> c.present().forEach(k -> counts.merge(k, 1, Integer::sum)));
    return counts;
  }

  private Map<AccountId, AccountOutcome> outcomes() {
    var map = new LinkedHashMap<AccountId, AccountOutcome>();
    apply.ifPresent(a -> a.accounts().forEach(o -> map.put(o.account(), o)));
    return map;
  }

  /** The credentials {@code before} with {@code done} applied. */
  static RootCredentials after(RootCredentials before, List<AccountAction> done) {
    var profile = before.loginProfile();
    var keys = new HashSet<String>();
    var certs = new HashSet<String>();
    var mfas = new HashSet<String>();
    for (var action : done) {
      switch (action) {
        case DeleteLoginProfile d -> profile = Optional.empty();
        case DeleteAccessKey d -> keys.add(d.accessKeyId());
        case DeleteSigningCertificate d -> certs.add(d.certificateId());
        case DeactivateMfaDevice d -> mfas.add(d.serialNumber());
        case AllowPasswordRecovery a ->
            profile = Optional.of(new LoginProfile(Instant.EPOCH, false));
      }
    }
    List<AccessKey> k = before.accessKeys().stream().filter(x -> !keys.contains(x.id())).toList();
    List<SigningCertificate> s =
        before.signingCertificates().stream().filter(x -> !certs.contains(x.id())).toList();
    List<MfaDevice> m =
        before.mfaDevices().stream().filter(x -> !mfas.contains(x.serialNumber())).toList();
    var password = profile.isEmpty() ? Optional.of(false) : before.passwordPresent();
    return new RootCredentials(profile, password, k, s, m);
  }
}
