package io.rootctl.desired;

import io.rootctl.model.AccountId;
import java.util.Optional;

/** An Account document: settings for one member account, overriding its OUs and the defaults. */
public record AccountSpec(
    SourceLocation location,
    String name,
    AccountId account,
    PolicySettings settings,
    Optional<PolicyException> exception) {}
