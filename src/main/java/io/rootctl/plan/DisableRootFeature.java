package io.rootctl.plan;

import io.rootctl.model.OrgFeature;

/** iam:DisableOrganizations...; planned only when the desired state says {@code disabled}. */
public record DisableRootFeature(OrgFeature feature) implements OrganizationAction {}
