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
}
