package io.rootctl.engine;

import io.rootctl.cloud.CloudException;
import io.rootctl.live.AccountState;
import io.rootctl.live.MemberAccount;
import io.rootctl.live.OrganizationTree;
import io.rootctl.model.AccountId;
import io.rootctl.model.Printable;
import io.rootctl.model.TaskPolicy;
import io.rootctl.observe.LiveStateReader;
import io.rootctl.plan.PreflightWarning;
import io.rootctl.preflight.OrganizationPolicy;
import io.rootctl.preflight.ScpEvaluator;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The SCP/RCP preflight over the live organization, policy first: {@link #read} lists every SCP and
 * RCP (ListPolicies), reads each one (DescribePolicy) and, only for a policy with a statement that
 * may deny a root session ({@link ScpEvaluator#mayDeny}; never {@code FullAWSAccess}), where it is
 * attached (ListTargetsForPolicy). That costs calls per policy, not per OU or account, so it can
 * run alongside the tree walk. Then {@link #evaluate} puts, for each ACTIVE member account, the
 * policies on its path (root, each OU, the account) through {@link ScpEvaluator}. Denials are
 * grouped by statement: one {@link Finding} per policy, statement, target and task policy, with the
 * accounts it governs. A policy that cannot be read or placed (e.g. AccessDenied on
 * organizations:DescribePolicy) is reported in {@link Result#unread}, against the targets it is
 * attached to or, when those are unknown, against the root: never passed in silence.
 *
 * @see <a
 *     href="https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html">SCPs
 *     apply to the root user of member accounts</a>
 * @see <a
 *     href="https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListTargetsForPolicy.html">ListTargetsForPolicy</a>
 */
public final class Preflight {
  private Preflight() {}

  /**
   * A root, OU or account policies are attached to.
   *
   * @param type {@code ROOT}, {@code ORGANIZATIONAL_UNIT} or {@code ACCOUNT} (Organizations'
   *     TargetType)
   * @param id {@code r-...}, {@code ou-...} or the account id
   * @param name {@code /Root}, the OU's path, or the account id
   * @param describe for people, as the denial names it: {@code root r-ab12}, {@code /Root/W
   *     (ou-...)}, {@code account 111122223333}
   */
  public record Target(String type, String id, String name, String describe) {}

  /**
   * One statement denying (or maybe denying) some actions of a task policy.
   *
   * @param denial the first account's denial, its policy, statement, target and actions
   * @param target where the policy is attached
   * @param accounts every account beneath it the statement governs, ascending
   */
  public record Finding(ScpEvaluator.Denial denial, Target target, List<AccountId> accounts) {
    public Finding {
      accounts = List.copyOf(accounts);
    }

    /** E.g. {@code SCP p-1 (DenyRoot), statement S, attached to ... denies ...: 3 account(s)}. */
    public String describe() {
      return Printable.escape(denial.describe())
          + " ("
          + accounts.size()
          + " account(s): "
          + String.join(", ", accounts.stream().limit(5).map(AccountId::value).toList())
          + (accounts.size() > 5 ? ", ..." : "")
          + ")";
    }
  }

  /**
   * A target whose policies could not be read.
   *
   * @param error the error, escaped
   */
  public record Unread(Target target, String error) {
    /**
     * E.g. {@code root r-ab12: organizations:ListPolicies (SERVICE_CONTROL_POLICY) failed: ...}.
     */
    public String describe() {
      return target.describe() + ": " + error;
    }
  }

  /**
   * @param findings grouped denials, in the order first met
   * @param unread targets whose policies could not be read, each with the error
   */
  public record Result(List<Finding> findings, List<Unread> unread) {
    public Result {
      findings = List.copyOf(findings);
      unread = List.copyOf(unread);
    }

    /** Whether something denies for certain. */
    public boolean denies() {
      return findings.stream().anyMatch(f -> f.denial().certain());
    }

    /** The findings as a plan carries them ({@link io.rootctl.plan.Plan#preflightWarnings()}). */
    public List<PreflightWarning> warnings() {
      return findings.stream()
          .map(
              f ->
                  new PreflightWarning(
                      f.denial().policyId(),
                      f.denial().policyName(),
                      f.denial().policyType(),
                      f.denial().sid(),
                      policyTarget(f.target()),
                      f.denial().taskPolicy().policyName(),
                      f.denial().actions(),
                      f.denial().certain(),
                      f.accounts(),
                      f.describe()))
          .toList();
    }

    /** The unread targets as a plan carries them. */
    public List<PreflightWarning.UnreadTarget> unreadTargets() {
      return unread.stream()
          .map(
              u ->
                  new PreflightWarning.UnreadTarget(
                      policyTarget(u.target()), u.error(), u.describe()))
          .toList();
    }

    private static PreflightWarning.PolicyTarget policyTarget(Target target) {
      return new PreflightWarning.PolicyTarget(target.type(), target.id(), target.name());
    }
  }

  /**
   * The organization's SCPs and RCPs that may deny root sessions, by the target they are attached
   * to, as {@link #read} found them.
   *
   * @param byTarget target id ({@code r-...}, {@code ou-...}, account id) to the policies attached
   *     there that may deny, SCPs first, each type in listing order
   * @param targetErrors target id to why a policy attached there could not be read (escaped)
   * @param organizationErrors failures whose targets are unknown (escaped): they concern every
   *     account
   * @param policiesRead policies listed
   * @param policiesPlaced policies whose targets were listed (those that may deny)
   */
  public record Policies(
      java.util.Map<String, List<OrganizationPolicy>> byTarget,
      java.util.Map<String, List<String>> targetErrors,
      List<String> organizationErrors,
      int policiesRead,
      int policiesPlaced) {
    public Policies {
      var copy = new LinkedHashMap<String, List<OrganizationPolicy>>();
      byTarget.forEach((k, v) -> copy.put(k, List.copyOf(v)));
      byTarget = java.util.Collections.unmodifiableMap(copy);
      var errors = new LinkedHashMap<String, List<String>>();
      targetErrors.forEach((k, v) -> errors.put(k, List.copyOf(v)));
      targetErrors = java.util.Collections.unmodifiableMap(errors);
      organizationErrors = List.copyOf(organizationErrors);
    }
  }

  /**
   * Reads the SCPs and RCPs that may deny {@code sessions}, policy first: ListPolicies for each of
   * {@link io.rootctl.cloud.OrganizationClient#ROOT_SESSION_POLICY_TYPES}, DescribePolicy of each,
   * and ListTargetsForPolicy of each one {@link ScpEvaluator#mayDeny} (and of each one whose
   * document cannot be read or parsed, so that the failure is reported where it matters). Never
   * throws for AWS failures: they are in {@link Policies#targetErrors} or {@link
   * Policies#organizationErrors}. Thread-safe (no shared state); safe to run beside the walk.
   */
  public static Policies read(LiveStateReader reader, Set<TaskPolicy> sessions) {
    var byTarget = new LinkedHashMap<String, List<OrganizationPolicy>>();
    var targetErrors = new LinkedHashMap<String, List<String>>();
    var organizationErrors = new ArrayList<String>();
    int read = 0;
    int placed = 0;
    for (var type : io.rootctl.cloud.OrganizationClient.ROOT_SESSION_POLICY_TYPES) {
      List<io.rootctl.cloud.PolicySummary> summaries;
      try {
        summaries = reader.policies(type);
      } catch (CloudException e) {
        organizationErrors.add(
            "organizations:ListPolicies (" + type + ") failed: " + escaped(e.getMessage()));
        continue;
      }
      for (var summary : summaries) {
        read++;
        var policyName = summary.id() + " (" + Printable.escape(summary.name()) + ")";
        Optional<OrganizationPolicy> policy;
        var unreadable = "";
        try {
          var document = reader.policy(summary.id());
          policy =
              Optional.of(
                  OrganizationPolicy.parse(
                      document.id(), document.name(), document.type(), document.content()));
        } catch (CloudException e) {
          policy = Optional.empty();
          unreadable =
              "organizations:DescribePolicy " + policyName + " failed: " + escaped(e.getMessage());
        } catch (IllegalArgumentException e) {
          policy = Optional.empty();
          unreadable = "policy " + policyName + " cannot be evaluated: " + escaped(e.getMessage());
        }
        if (policy.isPresent() && !ScpEvaluator.mayDeny(policy.get(), sessions)) {
          continue; // denies no root session wherever it is attached
        }
        placed++;
        List<io.rootctl.cloud.PolicyTarget> targets;
        try {
          targets = reader.targetsForPolicy(summary.id());
        } catch (CloudException e) {
          organizationErrors.add(
              (unreadable.isEmpty() ? "" : unreadable + "; ")
                  + "organizations:ListTargetsForPolicy "
                  + policyName
                  + " failed: "
                  + escaped(e.getMessage()));
          continue;
        }
        for (var target : targets) {
          if (policy.isPresent()) {
            byTarget.computeIfAbsent(target.targetId(), k -> new ArrayList<>()).add(policy.get());
          } else {
            targetErrors.computeIfAbsent(target.targetId(), k -> new ArrayList<>()).add(unreadable);
          }
        }
      }
    }
    return new Policies(byTarget, targetErrors, organizationErrors, read, placed);
  }

  private static String escaped(@org.jspecify.annotations.Nullable String message) {
    return Printable.escape(String.valueOf(message));
  }

  /**
   * Reads the policies ({@link #read}) and evaluates every account {@code selected} of {@code tree}
   * ({@link #evaluate}).
   *
   * @param partition e.g. {@code aws}
   */
  public static Result run(
      LiveStateReader reader,
      OrganizationTree tree,
      java.util.function.Predicate<MemberAccount> selected,
      String partition,
      Set<TaskPolicy> sessions) {
    return evaluate(read(reader, sessions), tree, selected, partition, sessions);
  }

  /**
   * Evaluates the ACTIVE member accounts {@code selected} of {@code tree} for {@code sessions},
   * with the policies of {@code policies} attached to the root, the OUs on each account's path and
   * the account itself. Pure. A target on a selected account's path with a policy that could not be
   * read is in {@link Result#unread}; so is the root, once, for each failure whose targets are
   * unknown, when any account is selected.
   *
   * @param partition e.g. {@code aws}
   */
  public static Result evaluate(
      Policies policies,
      OrganizationTree tree,
      java.util.function.Predicate<MemberAccount> selected,
      String partition,
      Set<TaskPolicy> sessions) {
    var unread = new ArrayList<Unread>();
    var unreadTargets = new java.util.HashSet<String>();
    var grouped = new LinkedHashMap<String, ScpEvaluator.Denial>();
    var targetsByDescription = new HashMap<String, Target>();
    var accounts = new LinkedHashMap<String, TreeSet<AccountId>>();
    var root =
        new Target("ROOT", tree.rootId(), tree.rootPath().toString(), "root " + tree.rootId());
    var anySelected = false;
    for (var account : tree.accounts()) {
      if (account.state() != AccountState.ACTIVE
          || tree.isManagement(account.id())
          || !selected.test(account)) {
        continue;
      }
      anySelected = true;
      var path = new ArrayList<ScpEvaluator.Attached>();
      var targets = new ArrayList<Target>();
      targets.add(root);
      for (var ou : tree.ancestry(account)) {
        targets.add(
            new Target(
                "ORGANIZATIONAL_UNIT",
                ou.id().value(),
                ou.path().toString(),
                ou.path() + " (" + ou.id().value() + ")"));
      }
      targets.add(
          new Target(
              "ACCOUNT",
              account.id().value(),
              account.id().value(),
              "account " + account.id().value()));
      for (var target : targets) {
        targetsByDescription.putIfAbsent(target.describe(), target);
        var errors = policies.targetErrors().getOrDefault(target.id(), List.of());
        if (!errors.isEmpty() && unreadTargets.add(target.id())) {
          unread.add(new Unread(target, String.join("; ", errors)));
        }
        for (var policy : policies.byTarget().getOrDefault(target.id(), List.of())) {
          path.add(new ScpEvaluator.Attached(policy, target.describe()));
        }
      }
      for (var denial : ScpEvaluator.denials(path, account.id(), partition, sessions)) {
        var key =
            denial.policyId()
                + "|"
                + denial.sid().orElse("")
                + "|"
                + denial.target()
                + "|"
                + denial.taskPolicy()
                + "|"
                + denial.actions()
                + "|"
                + denial.certain();
        grouped.putIfAbsent(key, denial);
        accounts.computeIfAbsent(key, k -> new TreeSet<>()).add(account.id());
      }
    }
    if (anySelected) {
      for (var error : policies.organizationErrors()) {
        unread.add(new Unread(root, error));
      }
    }
    var findings = new ArrayList<Finding>();
    grouped.forEach(
        (key, denial) ->
            findings.add(
                new Finding(
                    denial,
                    java.util.Objects.requireNonNull(
                        targetsByDescription.get(denial.target()), denial.target()),
                    List.copyOf(accounts.get(key)))));
    return new Result(findings, unread);
  }

  /** The task policies rootctl opens root sessions with. */
  public static Set<TaskPolicy> allSessions() {
    return EnumSet.allOf(TaskPolicy.class);
  }
}
