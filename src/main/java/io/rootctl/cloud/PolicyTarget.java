package io.rootctl.cloud;

/**
 * A root, OU or account a policy is attached to, as ListTargetsForPolicy lists it.
 *
 * @param targetId {@code r-...}, {@code ou-...} or a 12-digit account id
 * @param type {@code ROOT}, {@code ORGANIZATIONAL_UNIT} or {@code ACCOUNT}
 * @param name the target's name (the root's, the OU's or the account's)
 * @see <a
 *     href="https://docs.aws.amazon.com/organizations/latest/APIReference/API_PolicyTargetSummary.html">PolicyTargetSummary</a>
 */
public record PolicyTarget(String targetId, String type, String name) {}
