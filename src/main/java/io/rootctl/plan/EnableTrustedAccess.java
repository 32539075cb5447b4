package io.rootctl.plan;

/** organizations:EnableAWSServiceAccess for one service principal (additive). */
public record EnableTrustedAccess(String servicePrincipal) implements OrganizationAction {}
