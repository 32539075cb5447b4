package io.rootctl.desired;

import java.util.Optional;

/** An OrganizationalUnit document: settings for every account beneath one OU. */
public record OuSpec(
    SourceLocation location,
    String name,
    OuSelector selector,
    PolicySettings settings,
    Optional<PolicyException> exception) {}
