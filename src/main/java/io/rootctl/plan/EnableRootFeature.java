package io.rootctl.plan;

import io.rootctl.model.OrgFeature;

/** iam:EnableOrganizationsRootCredentialsManagement or ...RootSessions. */
public record EnableRootFeature(OrgFeature feature) implements OrganizationAction {}
