package io.rootctl.plan;

/** A write at the organization level, made with the caller's own credentials. */
public sealed interface OrganizationAction extends Action
    permits EnableTrustedAccess, EnableRootFeature, DisableRootFeature {}
