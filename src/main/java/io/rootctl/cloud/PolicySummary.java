package io.rootctl.cloud;

/**
 * One Organizations policy as ListPolicies lists it (no content).
 *
 * @param id {@code p-...}, or {@code p-FullAWSAccess} for an AWS managed one
 * @param name the policy's name
 * @param type {@code SERVICE_CONTROL_POLICY} or {@code RESOURCE_CONTROL_POLICY}
 * @param awsManaged whether AWS manages it (e.g. {@code FullAWSAccess})
 * @see <a
 *     href="https://docs.aws.amazon.com/organizations/latest/APIReference/API_PolicySummary.html">PolicySummary</a>
 */
public record PolicySummary(String id, String name, String type, boolean awsManaged) {}
