package io.rootctl.sim;

import java.util.Optional;

/**
 * Who makes a call: the access key id the request was signed with (a long-term {@code AKIA} key of
 * an administrator, or an {@code ASIA} root-session key) and, for session keys, the session token.
 */
public record Caller(String accessKeyId, Optional<String> sessionToken) {

  /** A caller with long-term credentials. */
  public static Caller of(String accessKeyId) {
    return new Caller(accessKeyId, Optional.empty());
  }

  /** A caller with root-session credentials. */
  public static Caller session(String accessKeyId, String sessionToken) {
    return new Caller(accessKeyId, Optional.of(sessionToken));
  }

  @Override
  public String toString() {
    return "Caller[" + accessKeyId + "]";
  }
}
