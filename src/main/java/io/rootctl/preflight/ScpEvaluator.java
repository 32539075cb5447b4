package io.rootctl.preflight;

import io.rootctl.model.AccountId;
import io.rootctl.model.TaskPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides, for the root principal of one member account, which explicit {@code Deny} statements of
 * the service control policies (and resource control policies) on its path would deny the actions
 * rootctl calls in each root session. Pure and thread-safe.
 *
 * <p>The request context of a call in a root session in account A is {@code aws:PrincipalArn =
 * arn:PARTITION:iam::A:root}, {@code aws:PrincipalAccount = A} and {@code aws:AssumedRoot = true}
 * (the key that lets a landing zone exempt root sessions, as AWS's example SCP and Control Tower's
 * {@code AWS-GR_RESTRICT_ROOT_USER} with {@code ExemptAssumeRoot} do). The resource of an IAM call
 * is the root user, {@code arn:PARTITION:iam::A:root}. A statement denies when its {@code
 * Action}/{@code NotAction} (wildcards {@code *} and {@code ?}, case-insensitive), {@code
 * Resource}/{@code NotResource} and every condition match. Conditions understood: {@code
 * StringEquals}, {@code StringNotEquals}, {@code StringEqualsIgnoreCase}, {@code StringLike},
 * {@code StringNotLike}, {@code ArnEquals}, {@code ArnLike}, {@code ArnNotEquals}, {@code
 * ArnNotLike}, {@code Bool}, {@code Null} and their {@code ...IfExists} forms; a key that is absent
 * makes a positive operator false and a negated one true, as IAM evaluates them. A condition this
 * evaluator cannot decide (another key, another operator, a set operator) never passes in silence:
 * the statement is reported as one that <em>may</em> deny.
 *
 * @see <a
 *     href="https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html">SCP
 *     evaluation</a>
 * @see <a
 *     href="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html">Condition
 *     logic</a>
 * @see <a
 *     href="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html">Condition
 *     operators</a>
 * @see <a
 *     href="https://docs.aws.amazon.com/controltower/latest/controlreference/root-user-controls.html">Control
 *     Tower's root user control and ExemptAssumeRoot</a>
 */
public final class ScpEvaluator {
  private ScpEvaluator() {}

  /** The actions rootctl calls in a root session scoped by each task policy. */
  public static final Map<TaskPolicy, List<String>> ACTIONS =
      Map.of(
          TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS,
          List.of(
              "iam:GetAccountSummary",
              "iam:GetLoginProfile",
              "iam:ListAccessKeys",
              "iam:GetAccessKeyLastUsed",
              "iam:ListSigningCertificates",
              "iam:ListMFADevices"),
          TaskPolicy.DELETE_ROOT_USER_CREDENTIALS,
          List.of(
              "iam:DeleteLoginProfile",
              "iam:DeleteAccessKey",
              "iam:DeleteSigningCertificate",
              "iam:DeactivateMFADevice",
              "iam:DeleteVirtualMFADevice"),
          TaskPolicy.CREATE_ROOT_USER_PASSWORD,
          List.of("iam:CreateLoginProfile"),
          TaskPolicy.S3_UNLOCK_BUCKET_POLICY,
          List.of("s3:GetBucketPolicy", "s3:DeleteBucketPolicy", "s3:PutBucketPolicy"),
          TaskPolicy.SQS_UNLOCK_QUEUE_POLICY,
          List.of("sqs:GetQueueAttributes", "sqs:SetQueueAttributes"));

  /** Services whose resources resource control policies govern. */
  private static final Set<String> RCP_SERVICES =
      Set.of("s3", "sqs", "sts", "kms", "secretsmanager", "dynamodb", "ecr", "logs", "cognito-idp");

  /**
   * A policy attached somewhere on an account's path.
   *
   * @param target where it is attached, for people: e.g. {@code /Root/Workloads (ou-ab12-...)},
   *     {@code root r-ab12} or {@code account 111122223333}
   */
  public record Attached(OrganizationPolicy policy, String target) {}

  /**
   * A statement that denies (or may deny) some of a task policy's actions.
   *
   * @param certain false when a condition could not be decided: it may deny
   * @param actions the denied actions, in {@link #ACTIONS} order
   */
  public record Denial(
      String policyId,
      String policyName,
      String policyType,
      Optional<String> sid,
      String target,
      TaskPolicy taskPolicy,
      List<String> actions,
      boolean certain) {
    public Denial {
      actions = List.copyOf(actions);
    }

    /** E.g. {@code SCP p-1 (DenyRoot), statement DenyAll, attached to /Root/W (ou-..)}. */
    public String describe() {
      return (policyType.equals("RESOURCE_CONTROL_POLICY") ? "RCP " : "SCP ")
          + policyId
          + " ("
          + policyName
          + "), statement "
          + sid.orElse("(no Sid)")
          + ", attached to "
          + target
          + (certain ? " denies " : " may deny ")
          + String.join(", ", actions)
          + " in "
          + taskPolicy.policyName()
          + " sessions";
    }
  }

  /**
   * The denials for the root principal of {@code account}, whose path holds {@code path} (root
   * first, then each OU, then the account), for the task policies in {@code sessions}.
   *
   * @param partition e.g. {@code aws}, {@code aws-us-gov}
   */
  public static List<Denial> denials(
      List<Attached> path, AccountId account, String partition, Set<TaskPolicy> sessions) {
    var actions = new java.util.EnumMap<TaskPolicy, List<String>>(TaskPolicy.class);
    for (var task : sessions) {
      actions.put(task, ACTIONS.getOrDefault(task, List.of()));
    }
    return denials(path, account, partition, actions);
  }

  /**
   * The denials of {@code action} (e.g. {@code iam:DeleteAccessKey}) called in one root session
   * scoped by {@code session}: what the emulator evaluates for each root-session call.
   */
  public static List<Denial> denials(
      List<Attached> path, AccountId account, String partition, TaskPolicy session, String action) {
    return denials(path, account, partition, Map.of(session, List.of(action)));
  }

  /**
   * Whether {@code policy} has a statement that may deny some action of {@code sessions} to the
   * root principal of some member account: a {@code Deny} whose {@code Action}/{@code NotAction}
   * matches, whose conditions are not false in every root session (only {@code aws:AssumedRoot =
   * true} is known here; conditions on other keys count as "may"), whatever its resource. A policy
   * for which this is false denies nothing in any account's root sessions, wherever it is attached
   * (e.g. {@code FullAWSAccess}, or a deny that exempts {@code aws:AssumedRoot}), so the preflight
   * need not learn where it is attached. Over-approximates {@link #denials}: every policy that
   * yields a denial for some account yields true here.
   */
  public static boolean mayDeny(OrganizationPolicy policy, Set<TaskPolicy> sessions) {
    var context = Map.of("aws:assumedroot", "true");
    var rcp = policy.type().equals("RESOURCE_CONTROL_POLICY");
    for (var statement : policy.statements()) {
      if (!statement.deny() || conditions(statement.conditions(), context) == Tri.FALSE) {
        continue;
      }
      for (var task : sessions) {
        for (var action : ACTIONS.getOrDefault(task, List.of())) {
          var service = action.substring(0, action.indexOf(':'));
          if ((!rcp || RCP_SERVICES.contains(service)) && actionMatches(statement, action)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static List<Denial> denials(
      List<Attached> path,
      AccountId account,
      String partition,
      Map<TaskPolicy, List<String>> actions) {
    var sessions = actions.keySet();
    var root = "arn:" + partition + ":iam::" + account.value() + ":root";
    var context = new LinkedHashMap<String, String>();
    context.put("aws:principalarn", root);
    context.put("aws:principalaccount", account.value());
    context.put("aws:assumedroot", "true");
    var found = new ArrayList<Denial>();
    for (var attached : path) {
      var policy = attached.policy();
      var rcp = policy.type().equals("RESOURCE_CONTROL_POLICY");
      for (var statement : policy.statements()) {
        if (!statement.deny()) {
          continue;
        }
        var verdict = conditions(statement.conditions(), context);
        if (verdict == Tri.FALSE) {
          continue;
        }
        for (var task : TaskPolicy.values()) {
          if (!sessions.contains(task)) {
            continue;
          }
          var denied = new ArrayList<String>();
          for (var action : actions.getOrDefault(task, List.of())) {
            var service = action.substring(0, action.indexOf(':'));
            if (rcp && !RCP_SERVICES.contains(service)) {
              continue;
            }
            if (actionMatches(statement, action) && resourceMatches(statement, root)) {
              denied.add(action);
            }
          }
          if (!denied.isEmpty()) {
            found.add(
                new Denial(
                    policy.id(),
                    policy.name(),
                    policy.type(),
                    statement.sid(),
                    attached.target(),
                    task,
                    denied,
                    verdict == Tri.TRUE));
          }
        }
      }
    }
    return List.copyOf(found);
  }

  private enum Tri {
    TRUE,
    FALSE,
    UNKNOWN;

    Tri and(Tri other) {
      if (this == FALSE || other == FALSE) {
        return FALSE;
      }
      return this == UNKNOWN || other == UNKNOWN ? UNKNOWN : TRUE;
    }

    static Tri of(boolean b) {
      return b ? TRUE : FALSE;
    }
  }

  private static boolean actionMatches(Statement s, String action) {
    if (!s.actions().isEmpty()) {
      return s.actions().stream().anyMatch(p -> wildcard(p, action, true));
    }
    return !s.notActions().isEmpty()
        && s.notActions().stream().noneMatch(p -> wildcard(p, action, true));
  }

  private static boolean resourceMatches(Statement s, String resource) {
    if (!s.resources().isEmpty()) {
      return s.resources().stream().anyMatch(p -> wildcard(p, resource, false));
    }
    if (!s.notResources().isEmpty()) {
      return s.notResources().stream().noneMatch(p -> wildcard(p, resource, false));
    }
    return true;
  }

  private static Tri conditions(
      Map<String, Map<String, List<String>>> conditions, Map<String, String> context) {
    var all = Tri.TRUE;
    for (var op : conditions.entrySet()) {
      for (var key : op.getValue().entrySet()) {
        all = all.and(condition(op.getKey(), key.getKey(), key.getValue(), context));
      }
    }
    return all;
  }

  private static Tri condition(
      String operator, String key, List<String> values, Map<String, String> context) {
    if (operator.contains(":")) {
      return Tri.UNKNOWN; // ForAnyValue: / ForAllValues: set operators
    }
    var k = key.toLowerCase(Locale.ROOT);
    var known = context.containsKey(k);
    if (!known) {
      return Tri.UNKNOWN;
    }
    var actual = context.get(k);
    var ifExists = operator.endsWith("IfExists");
    var base = ifExists ? operator.substring(0, operator.length() - "IfExists".length()) : operator;
    if (base.equals("Null")) {
      // Null true: the key is absent; false: present (any listed value may match)
      return Tri.of(values.stream().anyMatch(v -> v.equalsIgnoreCase("true") == (actual == null)));
    }
    var negated = base.contains("Not");
    if (actual == null) {
      return Tri.of(ifExists || negated);
    }
    return switch (base) {
      case "StringEquals", "ArnEquals" -> Tri.of(values.contains(actual));
      case "StringNotEquals", "ArnNotEquals" -> Tri.of(!values.contains(actual));
      case "StringEqualsIgnoreCase" -> Tri.of(values.stream().anyMatch(actual::equalsIgnoreCase));
      case "StringNotEqualsIgnoreCase" ->
          Tri.of(values.stream().noneMatch(actual::equalsIgnoreCase));
      case "StringLike", "ArnLike" ->
          Tri.of(values.stream().anyMatch(v -> wildcard(v, actual, false)));
      case "StringNotLike", "ArnNotLike" ->
          Tri.of(values.stream().noneMatch(v -> wildcard(v, actual, false)));
      case "Bool" -> Tri.of(values.stream().anyMatch(v -> v.equalsIgnoreCase(actual)));
      default -> Tri.UNKNOWN;
    };
  }

  /** IAM's wildcard match: {@code *} any run, {@code ?} one character. */
  static boolean wildcard(String pattern, String value, boolean ignoreCase) {
    var regex = new StringBuilder();
    for (var c : pattern.toCharArray()) {
      switch (c) {
        case '*' -> regex.append(".*");
        case '?' -> regex.append('.');
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    var flags = ignoreCase ? Pattern.CASE_INSENSITIVE : 0;
    return Pattern.compile(regex.toString(), flags | Pattern.DOTALL).matcher(value).matches();
  }
}
