package io.rootctl.unlock;

import io.rootctl.cloud.ResourcePolicyKind;
import io.rootctl.model.AccountId;
import java.util.Objects;

/**
 * What to unlock: a resource of {@code kind} in member account {@code account}.
 *
 * @param resource the bucket name or the queue URL, as given
 */
public record UnlockTarget(AccountId account, ResourcePolicyKind kind, String resource) {
  public UnlockTarget {
    Objects.requireNonNull(account);
    Objects.requireNonNull(kind);
    if (resource.isBlank()) {
      throw new IllegalArgumentException("no " + kind.noun() + " given");
    }
  }
}
