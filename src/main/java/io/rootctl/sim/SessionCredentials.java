package io.rootctl.sim;

import io.rootctl.model.AccountId;
import io.rootctl.model.TaskPolicy;
import java.time.Instant;

/**
 * The credentials of one root session and what they are bound to. {@code toString()} shows only the
 * access key id.
 */
public record SessionCredentials(
    String accessKeyId,
    String secretAccessKey,
    String sessionToken,
    Instant expiration,
    AccountId account,
    TaskPolicy policy) {

  /** The caller these credentials make. */
  public Caller caller() {
    return Caller.session(accessKeyId, sessionToken);
  }

  @Override
  public String toString() {
    return "SessionCredentials["
        + accessKeyId
        + ", "
        + account
        + ", "
        + policy.policyName()
        + ", expires "
        + expiration
        + "]";
  }
}
