package io.rootctl.cloud;

import io.rootctl.model.AccountId;
import java.util.List;

/**
 * Who is calling and what kind of organization it is: what {@code rootctl check} needs besides the
 * features and trusted access.
 *
 * @param featureSet DescribeOrganization's {@code FeatureSet}: {@code ALL} or {@code
 *     CONSOLIDATED_BILLING} (centralized root access needs {@code ALL})
 * @param managementAccount the organization's management account
 * @param caller the caller's account, from {@code sts:GetCallerIdentity} on the regional STS
 *     endpoint (the one {@code sts:AssumeRoot} goes to), so reading it proves that endpoint answers
 * @param iamDelegatedAdministrators the accounts registered as delegated administrator for {@code
 *     iam.amazonaws.com} (ListDelegatedAdministrators); empty when none
 * @see <a
 *     href="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-enable-root-access.html">Centrally
 *     manage root access for member accounts</a>
 */
public record OrganizationProfile(
    String featureSet,
    AccountId managementAccount,
    AccountId caller,
    List<AccountId> iamDelegatedAdministrators) {
  public OrganizationProfile {
    iamDelegatedAdministrators = List.copyOf(iamDelegatedAdministrators);
  }
}
