package io.rootctl.cloud;

import io.rootctl.live.MemberAccount;
import io.rootctl.live.OrganizationTree;
import io.rootctl.model.AccountId;
import io.rootctl.model.OrgFeature;
import java.util.Set;

/**
 * Reads the organization and switches its root-access prerequisites, as the management account or
 * the IAM delegated administrator. Implementations are thread-safe. Every method may throw {@link
 * RetryableCloudException} (throttling, 5xx) or {@link TerminalCloudException} (access denied,
 * organization not in use or not in all-features mode).
 */
public interface OrganizationClient {

  /** The IAM service principal whose trusted access centralized root access needs. */
  String IAM_SERVICE_PRINCIPAL = "iam.amazonaws.com";

  /**
   * Walks the whole tree: the organization, its root, every OU (all levels) and every account with
   * its State and direct parent. Follows every page until NextToken is absent, including empty
   * pages that still carry a token. Read-only.
   */
  OrganizationTree describeOrganization();

  /**
   * Walks the whole tree as {@link #describeOrganization()} does, and hands each account to {@code
   * placed} as soon as the walk has placed it (its parent known), so that its audit can start
   * before the walk ends. {@code placed} is called once per account of a walk, from any thread,
   * possibly concurrently, and may block (the walk waits for it); whatever it throws ends the walk
   * and is thrown here. An implementation that cannot stream hands every account over once the walk
   * is done (this default). Read-only.
   */
  default OrganizationTree describeOrganization(AccountPlaced placed) {
    var tree = describeOrganization();
    for (var account : tree.accounts()) {
      placed.placed(tree.managementAccount(), account);
    }
    return tree;
  }

  /** Hears of each account the walk places ({@link #describeOrganization(AccountPlaced)}). */
  @FunctionalInterface
  interface AccountPlaced {
    /**
     * @param managementAccount the organization's management account (never a target)
     * @param account one account, with its state and direct parent
     */
    void placed(AccountId managementAccount, MemberAccount account);
  }

  /**
   * The IAM organization root features enabled now (iam:ListOrganizationsFeatures). Throws {@link
   * TerminalCloudException} of kind NOT_ENABLED when trusted access for IAM is off.
   */
  Set<OrgFeature> enabledRootFeatures();

  /** Whether trusted access is enabled for {@code servicePrincipal}. Read-only. */
  boolean trustedAccessEnabled(String servicePrincipal);

  /**
   * Enables trusted access for {@code servicePrincipal}, additively (never rewrites the
   * organization's service list). Idempotent. Management account only.
   */
  void enableTrustedAccess(String servicePrincipal);

  /** Enables one root feature. Idempotent. Management account only. */
  void enableRootFeature(OrgFeature feature);

  /** Disables one root feature. Idempotent. Only called when the desired state says disabled. */
  void disableRootFeature(OrgFeature feature);

  /**
   * The organization's feature set and management account (DescribeOrganization), the caller's
   * account ({@code sts:GetCallerIdentity} on the regional STS endpoint) and the IAM delegated
   * administrators (ListDelegatedAdministrators for {@code iam.amazonaws.com}). Read-only. The
   * default throws {@link UnsupportedOperationException}, for clients that cannot tell.
   */
  default OrganizationProfile profile() {
    throw new UnsupportedOperationException("this organization client cannot read its profile");
  }

  /** The policy types whose explicit denies apply inside root sessions. */
  java.util.List<String> ROOT_SESSION_POLICY_TYPES =
      java.util.List.of("SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY");

  /**
   * Every policy of {@code type} (one of {@link #ROOT_SESSION_POLICY_TYPES}) in the organization:
   * ListPolicies with that Filter, every page (empty pages with a token included). Read-only; needs
   * {@code organizations:ListPolicies}. The default throws {@link UnsupportedOperationException},
   * for clients that cannot tell.
   *
   * @throws TerminalCloudException e.g. access denied, the policy type not enabled
   * @see <a
   *     href="https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListPolicies.html">ListPolicies</a>
   */
  default java.util.List<PolicySummary> listPolicies(String type) {
    throw new UnsupportedOperationException("this organization client cannot read policies");
  }

  /**
   * One policy with its content (DescribePolicy). Read-only; needs {@code
   * organizations:DescribePolicy}. The default throws {@link UnsupportedOperationException}.
   *
   * @throws TerminalCloudException e.g. access denied, PolicyNotFoundException
   * @see <a
   *     href="https://docs.aws.amazon.com/organizations/latest/APIReference/API_DescribePolicy.html">DescribePolicy</a>
   */
  default PolicyDocument describePolicy(String policyId) {
    throw new UnsupportedOperationException("this organization client cannot read policies");
  }

  /**
   * The roots, OUs and accounts {@code policyId} is attached to directly: ListTargetsForPolicy,
   * every page (empty pages with a token included). Read-only; needs {@code
   * organizations:ListTargetsForPolicy}. The default throws {@link UnsupportedOperationException}.
   *
   * @throws TerminalCloudException e.g. access denied, PolicyNotFoundException
   * @see <a
   *     href="https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListTargetsForPolicy.html">ListTargetsForPolicy</a>
   */
  default java.util.List<PolicyTarget> targetsForPolicy(String policyId) {
    throw new UnsupportedOperationException("this organization client cannot read policies");
  }
}
