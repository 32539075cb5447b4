package io.rootctl.plan;

import io.rootctl.model.AccountId;
import java.util.List;
import java.util.Optional;

/**
 * One SCP/RCP statement that denies (or may deny) some actions of the root sessions a plan would
 * open, as the plan carries it ({@code plan --json}, {@code -out}, {@code show}): what the SCP
 * preflight found when the plan was made. A warning, never part of what apply checks or does.
 *
 * @param policyId e.g. {@code p-4kq2x7ab}
 * @param policyName the policy's name
 * @param policyType {@code SERVICE_CONTROL_POLICY} or {@code RESOURCE_CONTROL_POLICY}
 *     (Organizations' PolicyType)
 * @param statement the statement's {@code Sid}; empty when it has none
 * @param target where the policy is attached
 * @param taskPolicy the root session's task policy, e.g. {@code IAMDeleteRootUserCredentials}
 * @param actions the actions denied, e.g. {@code iam:DeleteAccessKey}
 * @param certain false when a condition could not be decided: the statement may deny
 * @param accounts the planned accounts beneath it that the statement governs, ascending
 * @param message the same finding as one line, as {@code plan} prints it
 */
public record PreflightWarning(
    String policyId,
    String policyName,
    String policyType,
    Optional<String> statement,
    PolicyTarget target,
    String taskPolicy,
    List<String> actions,
    boolean certain,
    List<AccountId> accounts,
    String message) {
  public PreflightWarning {
    actions = List.copyOf(actions);
    accounts = List.copyOf(accounts);
  }

  /**
   * A root, OU or account a policy is attached to, as Organizations' ListTargetsForPolicy names it.
   *
   * @param type {@code ROOT}, {@code ORGANIZATIONAL_UNIT} or {@code ACCOUNT}
   * @param id {@code r-...}, {@code ou-...} or the 12-digit account id
   * @param name the OU's path ({@code /Root/Workloads}), {@code /Root} for the root, the account id
   *     for an account
   */
  public record PolicyTarget(String type, String id, String name) {}

  /**
   * A target whose policies could not be read: the preflight is incomplete there.
   *
   * @param error the error, with operation and error code
   * @param message the same as one line, as {@code plan} prints it
   */
  public record UnreadTarget(PolicyTarget target, String error, String message) {}
}
