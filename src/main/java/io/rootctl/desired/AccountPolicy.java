package io.rootctl.desired;

import io.rootctl.model.AccountId;
import io.rootctl.model.CredentialKind;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The effective policy for one member account, field by field, after inheritance and exception
 * expiry.
 *
 * @param rootCredentials one entry for each of the four kinds
 * @param exceptions the active exceptions whose relaxations this policy uses
 */
public record AccountPolicy(
    AccountId account,
    Map<CredentialKind, Resolved<CredentialSetting>> rootCredentials,
    Resolved<RecoverySetting> passwordRecovery,
    List<PolicyException> exceptions) {

  public AccountPolicy {
    rootCredentials = Map.copyOf(rootCredentials);
    exceptions = List.copyOf(exceptions);
    for (var kind : CredentialKind.values()) {
      if (!rootCredentials.containsKey(kind)) {
        throw new IllegalArgumentException("no setting for " + kind + " in " + account);
      }
    }
  }

  public CredentialSetting credential(CredentialKind kind) {
    // The constructor checks that every kind has a setting.
    return Objects.requireNonNull(rootCredentials.get(kind)).value();
  }

  public RecoverySetting recovery() {
    return passwordRecovery.value();
  }
}
