package io.rootctl.sim;

/**
 * An Organizations policy as DescribePolicy returns it ({@code Policy}: {@code PolicySummary} and
 * {@code Content}); ListPolicies and ListPoliciesForTarget return the summary fields only.
 *
 * @param id {@code p-...}
 * @param type {@code SERVICE_CONTROL_POLICY} or {@code RESOURCE_CONTROL_POLICY}
 * @param content the policy's JSON document
 * @see <a
 *     href="https://docs.aws.amazon.com/organizations/latest/APIReference/API_Policy.html">Policy</a>
 */
public record PolicyView(
    String id,
    String arn,
    String name,
    String description,
    String type,
    boolean awsManaged,
    String content) {}
