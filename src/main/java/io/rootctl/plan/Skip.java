package io.rootctl.plan;

import io.rootctl.model.AccountId;

/** An account left out of the plan, and why (detail names the state or the AWS error). */
public record Skip(AccountId account, String accountName, SkipReason reason, String detail) {}
