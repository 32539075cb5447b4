package io.rootctl.sim;

/** DescribeOrganization's {@code Organization}. */
public record OrganizationView(
    String id,
    String arn,
    String featureSet,
    String managementAccountArn,
    String managementAccountId,
    String managementAccountEmail) {}
