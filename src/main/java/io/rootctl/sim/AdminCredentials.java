package io.rootctl.sim;

import io.rootctl.model.AccountId;

/**
 * Long-term credentials of an administrator IAM user ({@code rootctl-admin}) in one account of the
 * organization: the management account always has one. {@code toString()} hides the secret.
 */
public record AdminCredentials(AccountId account, String accessKeyId, String secretAccessKey) {

  public Caller caller() {
    return Caller.of(accessKeyId);
  }

  @Override
  public String toString() {
    return "AdminCredentials[" + account + ", " + accessKeyId + "]";
  }
}
