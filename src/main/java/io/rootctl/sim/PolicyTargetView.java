package io.rootctl.sim;

/**
 * One entity an Organizations policy is attached to, as ListTargetsForPolicy returns it ({@code
 * PolicyTargetSummary}).
 *
 * @param targetId the root ({@code r-...}), OU ({@code ou-...}) or account (12 digits) id
 * @param arn the entity's ARN: {@code arn:aws:organizations::MANAGEMENT:root/o-.../r-...}, {@code
 *     ...:ou/o-.../ou-...} or {@code ...:account/o-.../ACCOUNT}
 * @param name the root's, OU's or account's name
 * @param type {@code ROOT}, {@code ORGANIZATIONAL_UNIT} or {@code ACCOUNT}
 * @see <a
 *     href="https://docs.aws.amazon.com/organizations/latest/APIReference/API_PolicyTargetSummary.html">PolicyTargetSummary</a>
 */
public record PolicyTargetView(String targetId, String arn, String name, String type) {}
