package io.rootctl.apply;

import io.rootctl.model.TaskPolicy;
import io.rootctl.plan.AccountAction;
import io.rootctl.plan.AccountChange;
import io.rootctl.plan.ActionKind;
import io.rootctl.plan.AllowPasswordRecovery;
import io.rootctl.plan.DeactivateMfaDevice;
import io.rootctl.plan.DeleteAccessKey;
import io.rootctl.plan.DeleteLoginProfile;
import io.rootctl.plan.DeleteSigningCertificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;

/**
 * Which root sessions an account change needs, in which order. Pure. One session per task policy (a
 * root session holds exactly one): IAMDeleteRootUserCredentials first, then
 * IAMCreateRootUserPassword (the order of {@link ActionKind}), because "allow password recovery" is
 * only available once the root user has no credentials. Within a session the actions keep the
 * plan's order. Each session lasts {@link #BASE} plus {@link #PER_CALL} per IAM call, never more
 * than 900 seconds.
 */
public final class SessionPlan {

  /** Room for AssumeRoot, client setup and a throttled first call. */
  public static final Duration BASE = Duration.ofSeconds(60);

  /** Room per IAM call, retries included. */
  public static final Duration PER_CALL = Duration.ofSeconds(10);

  private static final Duration MAX = Duration.ofSeconds(900);

  /** The task policies in the order their kinds are declared in {@link ActionKind}. */
  private static final List<TaskPolicy> ORDER =
      Arrays.stream(ActionKind.values()).flatMap(k -> k.taskPolicy().stream()).distinct().toList();

  private SessionPlan() {}

  /** The sessions {@code change} needs, in the order they must run; empty for no actions. */
  public static List<SessionStep> of(AccountChange change) {
    var byPolicy = new EnumMap<TaskPolicy, List<AccountAction>>(TaskPolicy.class);
    for (var action : change.actions()) {
      if (!ORDER.contains(action.requiredPolicy())) {
        throw new IllegalArgumentException(
            "no session order for " + action.requiredPolicy() + " (" + action + ")");
      }
      byPolicy.computeIfAbsent(action.requiredPolicy(), p -> new ArrayList<>()).add(action);
    }
    var steps = new ArrayList<SessionStep>();
    for (var policy : ORDER) {
      var actions = byPolicy.get(policy);
      if (actions != null) {
        steps.add(new SessionStep(policy, actions, duration(actions)));
      }
    }
    return List.copyOf(steps);
  }

  /**
   * Whether {@code steps}, once run, can be verified by reading in their last session instead of a
   * fresh {@code IAMAuditRootUserCredentials} session: true when there is exactly one session, an
   * {@code IAMDeleteRootUserCredentials} one, and the effect of each of its actions shows in a call
   * that task policy permits (GetLoginProfile, ListAccessKeys, ListSigningCertificates,
   * ListMFADevices; it denies GetAccountSummary). A change that also allows password recovery ends
   * in an {@code IAMCreateRootUserPassword} session, which can list nothing: the audit session
   * verifies it. The policy: <a
   * href="https://docs.aws.amazon.com/aws-managed-policy/latest/reference/IAMDeleteRootUserCredentials.html">IAMDeleteRootUserCredentials</a>.
   */
  public static boolean verifiableInSession(List<SessionStep> steps) {
    return steps.size() == 1
        && steps.get(0).policy() == TaskPolicy.DELETE_ROOT_USER_CREDENTIALS
        && steps.get(0).actions().stream().allMatch(SessionPlan::readableInDeleteSession);
  }

  /** Whether a delete session can read what shows {@code action} took effect. */
  private static boolean readableInDeleteSession(AccountAction action) {
    return switch (action) {
      case DeleteLoginProfile d -> true; // iam:GetLoginProfile
      case DeleteAccessKey d -> true; // iam:ListAccessKeys
      case DeleteSigningCertificate d -> true; // iam:ListSigningCertificates
      case DeactivateMfaDevice d -> true; // iam:ListMFADevices
      case AllowPasswordRecovery a -> false; // another session's write
    };
  }

  /** How many IAM calls {@code action} makes. */
  public static int calls(AccountAction action) {
    return switch (action) {
      case DeleteLoginProfile d -> 1;
      case DeleteAccessKey d -> 1;
      case DeleteSigningCertificate d -> 1;
      // Deactivate, then DeleteVirtualMFADevice for a virtual device.
      case DeactivateMfaDevice d -> d.virtual() ? 2 : 1;
      case AllowPasswordRecovery a -> 1;
    };
  }

  private static Duration duration(List<AccountAction> actions) {
    var calls = actions.stream().mapToInt(SessionPlan::calls).sum();
    var wanted = BASE.plus(PER_CALL.multipliedBy(calls));
    return wanted.compareTo(MAX) > 0 ? MAX : wanted;
  }
}
