package io.rootctl.sim;

import io.rootctl.live.AccountState;
import io.rootctl.model.AccountId;
import io.rootctl.model.OrgFeature;
import io.rootctl.model.TaskPolicy;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * AWS STS, simulated over a {@link SimulatedOrganization}'s shared state (moto's {@code
 * sts/models.py}): {@code AssumeRoot}, which opens the root sessions the other services resolve
 * callers to, and {@code GetCallerIdentity}. Each public method is one API call through the call
 * pipeline (faults, journal); errors are {@link SimException}s with STS's error codes. A view:
 * construct as many as convenient; all share the organization's state. Thread-safe.
 *
 * @see <a href="https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoot.html">
 *     AssumeRoot</a>
 */
public final class StsBackend {
  private static final Pattern ROOT_ARN = Pattern.compile("arn:aws:iam::([0-9]{12}):root");

  private final SimState state;
  private final CallPipeline pipeline;

  public StsBackend(SimulatedOrganization organization) {
    this.state = organization.state();
    this.pipeline = organization.pipeline();
  }

  /**
   * sts:AssumeRoot. The caller must be an administrator of the management account or of the IAM
   * delegated administrator; the target a member account that is ACTIVE; RootSessions enabled.
   *
   * @param targetPrincipal a 12-digit account id or {@code arn:aws:iam::ID:root}
   * @param taskPolicyArn one of the five root-task policy ARNs
   * @param durationSeconds 0..900, default 900
   */
  public SessionCredentials assumeRoot(
      Caller caller, String targetPrincipal, String taskPolicyArn, OptionalInt durationSeconds) {
    var target = parseTarget(targetPrincipal);
    Optional<TaskPolicy> policy;
    try {
      policy = Optional.of(TaskPolicy.fromArn(taskPolicyArn));
    } catch (IllegalArgumentException e) {
      policy = Optional.empty();
    }
    var requested = policy;
    return pipeline.call(
        "sts:AssumeRoot",
        caller,
        target.map(AccountId::value),
        requested,
        p -> {
          if (p.session().isPresent()) {
            throw SimException.accessDenied(
                "User: " + p.arn() + " is not authorized to perform: sts:AssumeRoot");
          }
          int duration = durationSeconds.orElse(900);
          if (duration > 900 || duration < 0) {
            throw SimException.validation(
                "1 validation error detected: Value '"
                    + duration
                    + "' at 'durationSeconds' failed"
                    + " to satisfy constraint: Member must have value "
                    + (duration > 900
                        ? "less than or equal to 900"
                        : "greater than or equal to 0"));
          }
          if (target.isEmpty()) {
            throw SimException.validation(
                "TargetPrincipal must be a 12-digit account id or an arn:aws:iam::<account>:root"
                    + " ARN.");
          }
          if (requested.isEmpty()) {
            throw SimException.validation("TaskPolicyArn is not a valid root task policy ARN.");
          }
          var id = target.get();
          var denied =
              "User: "
                  + p.arn()
                  + " is not authorized to perform: sts:AssumeRoot on resource:"
                  + " arn:aws:iam::"
                  + id
                  + ":root";
          boolean delegatedAdmin =
              state.delegated.getOrDefault("iam.amazonaws.com", Map.of()).containsKey(p.account());
          if (!p.account().equals(state.management) && !delegatedAdmin) {
            throw SimException.accessDenied(denied);
          }
          if (!state.features.contains(OrgFeature.ROOT_SESSIONS)
              || !state.trustedAccess.containsKey("iam.amazonaws.com")) {
            throw SimException.accessDenied(
                denied + " because root sessions are not enabled in the organization");
          }
          var account = state.accounts.get(id);
          if (account == null) {
            throw SimException.accessDenied(
                denied + " because the account is not a member of the organization");
          }
          if (id.equals(state.management)) {
            throw SimException.accessDenied(denied + " because it is the management account");
          }
          if (account.state != AccountState.ACTIVE) {
            throw SimException.accessDenied(denied + " because the account is " + account.state);
          }
          var expires = pipeline.now().plusSeconds(duration);
          purgeSessions();
          var session =
              new SimState.Session(
                  "ASIA" + state.randomId(16),
                  "IQoJsim" + state.randomId(180),
                  id,
                  requested.get(),
                  expires,
                  pipeline.now());
          state.sessions.put(session.accessKeyId(), session);
          return new SessionCredentials(
              session.accessKeyId(),
              "sim/" + state.randomId(36),
              session.token(),
              expires,
              id,
              requested.get());
        });
  }

  private void purgeSessions() {
    if (state.sessions.size() > 20_000) {
      // Bounded memory: forget sessions that expired over an hour ago (they then answer
      // InvalidClientTokenId instead of ExpiredToken, as AWS eventually does).
      var cutoff = pipeline.clock().instant().minusSeconds(3600);
      state.sessions.values().removeIf(s -> s.expires().isBefore(cutoff));
    }
  }

  private static Optional<AccountId> parseTarget(String targetPrincipal) {
    if (AccountId.isValid(targetPrincipal)) {
      return Optional.of(AccountId.of(targetPrincipal));
    }
    var m = ROOT_ARN.matcher(targetPrincipal);
    return m.matches() ? Optional.of(AccountId.of(m.group(1))) : Optional.empty();
  }

  /** sts:GetCallerIdentity. Never denied. */
  public IdentityView getCallerIdentity(Caller caller) {
    return pipeline.call(
        "sts:GetCallerIdentity",
        caller,
        p ->
            new IdentityView(
                p.session().isPresent()
                    ? p.account().value()
                    : "AIDA" + Math.abs(p.account().hashCode()),
                p.account().value(),
                p.arn()));
  }
}
