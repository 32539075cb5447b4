package io.rootctl.cloud;

/**
 * An Organizations policy with its content, as DescribePolicy returns it.
 *
 * @param id {@code p-...}
 * @param name the policy's name
 * @param type {@code SERVICE_CONTROL_POLICY} or {@code RESOURCE_CONTROL_POLICY}
 * @param content the policy's JSON document, unparsed
 * @see <a
 *     href="https://docs.aws.amazon.com/organizations/latest/APIReference/API_DescribePolicy.html">DescribePolicy</a>
 */
public record PolicyDocument(String id, String name, String type, String content) {}
