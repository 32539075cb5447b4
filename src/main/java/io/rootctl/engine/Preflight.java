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
 * The SCP/RCP preflight over the live organization: for each ACTIVE member account, the policies on
 * its path (root, each OU, the account; each target read once, {@link
 * LiveStateReader#policiesForTarget}) are evaluated by {@link ScpEvaluator} for the root sessions
 * rootctl opens. Denials are grouped by statement: one {@link Finding} per policy, statement,
 * target and task policy, with the accounts it governs. A target whose policies cannot be read
 * (e.g. AccessDenied on organizations:ListPoliciesForTarget) is reported in {@link Result#unread},
 * never passed in silence.
 *
 * @see <a
 *     href="https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html">SCPs
 *     apply to the root user of member accounts</a>
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
    /** E.g. {@code /Root/W (ou-...): organizations:ListPoliciesForTarget failed: ...}. */
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
   * Evaluates the accounts {@code selected} of {@code tree} for {@code sessions}, with the policies
   * attached to the root, the OUs on each account's path and the account itself.
   *
   * @param partition e.g. {@code aws}
   */
  public static Result run(
      LiveStateReader reader,
      OrganizationTree tree,
      java.util.function.Predicate<MemberAccount> selected,
      String partition,
      Set<TaskPolicy> sessions) {
    return run(reader, tree, selected, partition, sessions, true);
  }

  /**
   * As {@link #run(LiveStateReader, OrganizationTree, java.util.function.Predicate, String, Set)},
   * reading the policies attached to each account only when {@code accountTargets}: without them,
   * only the root and the OUs are read (one target per OU, whatever the number of accounts beneath
   * it), the cheap form {@code plan} uses; {@code check} reads them all.
   */
  public static Result run(
      LiveStateReader reader,
      OrganizationTree tree,
      java.util.function.Predicate<MemberAccount> selected,
      String partition,
      Set<TaskPolicy> sessions,
      boolean accountTargets) {
    var cache = new HashMap<String, Optional<List<OrganizationPolicy>>>();
    var unread = new ArrayList<Unread>();
    var grouped = new LinkedHashMap<String, ScpEvaluator.Denial>();
    var targetsByDescription = new HashMap<String, Target>();
    var accounts = new LinkedHashMap<String, TreeSet<AccountId>>();
    for (var account : tree.accounts()) {
      if (account.state() != AccountState.ACTIVE
          || tree.isManagement(account.id())
          || !selected.test(account)) {
        continue;
      }
      var path = new ArrayList<ScpEvaluator.Attached>();
      var targets = new ArrayList<Target>();
      targets.add(
          new Target("ROOT", tree.rootId(), tree.rootPath().toString(), "root " + tree.rootId()));
      for (var ou : tree.ancestry(account)) {
        targets.add(
            new Target(
                "ORGANIZATIONAL_UNIT",
                ou.id().value(),
                ou.path().toString(),
                ou.path() + " (" + ou.id().value() + ")"));
      }
      if (accountTargets) {
        targets.add(
            new Target(
                "ACCOUNT",
                account.id().value(),
                account.id().value(),
                "account " + account.id().value()));
      }
      for (var target : targets) {
        targetsByDescription.putIfAbsent(target.describe(), target);
        var policies =
            cache.computeIfAbsent(
                target.id(),
                id -> {
                  try {
                    return Optional.of(
                        reader.policiesForTarget(id).stream()
                            .map(
                                p ->
                                    OrganizationPolicy.parse(
                                        p.id(), p.name(), p.type(), p.content()))
                            .toList());
                  } catch (CloudException | IllegalArgumentException e) {
                    unread.add(
                        new Unread(target, Printable.escape(String.valueOf(e.getMessage()))));
                    return Optional.empty();
                  }
                });
        if (policies.isEmpty()) {
          continue; // reported in unread
        }
        for (var policy : policies.get()) {
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
