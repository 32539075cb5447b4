package io.rootctl.apply;

import io.rootctl.live.Fingerprint;
import io.rootctl.model.AccountId;

/**
 * An account a plan touches that changed since it was planned: the fingerprint the plan was
 * computed from and the one a fresh read shows. Only ever part of a {@link StalePlanException}: a
 * stale account refuses the whole plan, so it is never one account's outcome.
 */
public record StaleAccount(AccountId account, Fingerprint planned, Fingerprint current) {}
