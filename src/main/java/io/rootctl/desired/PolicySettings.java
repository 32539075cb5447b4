package io.rootctl.desired;

import io.rootctl.model.CredentialKind;
import java.util.Map;
import java.util.Optional;

/**
 * The root-user settings one document makes. Partial: a key absent from {@code rootCredentials}, or
 * an empty {@code passwordRecovery}, means "this document says nothing; inherit".
 */
public record PolicySettings(
    Map<CredentialKind, Located<CredentialSetting>> rootCredentials,
    Optional<Located<RecoverySetting>> passwordRecovery) {

  public PolicySettings {
    rootCredentials = Map.copyOf(rootCredentials);
  }

  public static PolicySettings none() {
    return new PolicySettings(Map.of(), Optional.empty());
  }
}
