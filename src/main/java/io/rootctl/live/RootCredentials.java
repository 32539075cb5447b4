package io.rootctl.live;

import io.rootctl.model.CredentialKind;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a member account's root user holds.
 *
 * @param loginProfile the login profile, if one exists (GetLoginProfile)
 * @param passwordPresent {@code AccountPasswordPresent} from GetAccountSummary, when it was read;
 *     empty when the session could not read the summary
 */
public record RootCredentials(
    Optional<LoginProfile> loginProfile,
    Optional<Boolean> passwordPresent,
    List<AccessKey> accessKeys,
    List<SigningCertificate> signingCertificates,
    List<MfaDevice> mfaDevices)
    implements RootObservation {

  public RootCredentials {
    accessKeys = List.copyOf(accessKeys);
    signingCertificates = List.copyOf(signingCertificates);
    mfaDevices = List.copyOf(mfaDevices);
  }

  /** A root user with no credentials of any kind. */
  public static RootCredentials none() {
    return new RootCredentials(
        Optional.empty(), Optional.of(false), List.of(), List.of(), List.of());
  }

  /** The kinds present; {@link CredentialKind#PASSWORD} stands for the login profile. */
  public Set<CredentialKind> present() {
    var kinds = EnumSet.noneOf(CredentialKind.class);
    if (loginProfile.isPresent()) {
      kinds.add(CredentialKind.PASSWORD);
    }
    if (!accessKeys.isEmpty()) {
      kinds.add(CredentialKind.ACCESS_KEYS);
    }
    if (!signingCertificates.isEmpty()) {
      kinds.add(CredentialKind.SIGNING_CERTIFICATES);
    }
    if (!mfaDevices.isEmpty()) {
      kinds.add(CredentialKind.MFA_DEVICES);
    }
    return kinds;
  }

  public boolean isEmpty() {
    return present().isEmpty();
  }
}
