package io.rootctl.plan;

import io.rootctl.model.AccountId;

/**
 * A member account that the plan should cover but whose root user could not be read. It is neither
 * skipped nor in sync: "unknown" is never "nothing there", so a plan with an unreadable account is
 * incomplete, and every command that shows one exits non-zero.
 *
 * @param reason what failed, naming the AWS operation, the account, the error code and the request
 *     id (from the observation); never a secret
 */
public record Unreadable(AccountId account, String accountName, String reason) {}
