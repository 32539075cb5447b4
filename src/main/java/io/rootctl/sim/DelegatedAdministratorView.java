package io.rootctl.sim;

import java.time.Instant;

/** A delegated administrator account (for some service) and when it was registered. */
public record DelegatedAdministratorView(AccountView account, Instant delegationEnabled) {}
