package io.rootctl.sim;

import io.rootctl.model.AccountId;
import java.util.Optional;

/**
 * Who a caller turned out to be: an administrator of {@code account}, or the root user of {@code
 * account} in a root {@code session}.
 */
record Principal(AccountId account, Optional<SimState.Session> session) {
  /** The caller's ARN, as AWS names it in AccessDenied messages and GetCallerIdentity. */
  String arn() {
    return session.isPresent()
        ? "arn:aws:iam::" + account + ":root"
        : "arn:aws:iam::" + account + ":user/" + SimulatedOrganization.ADMIN_USER;
  }
}
