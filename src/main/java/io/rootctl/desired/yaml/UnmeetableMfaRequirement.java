package io.rootctl.desired.yaml;

import io.rootctl.desired.CredentialSetting;
import io.rootctl.desired.DesiredState;
import io.rootctl.desired.Located;
import io.rootctl.desired.PolicySettings;
import io.rootctl.desired.Problem;
import io.rootctl.desired.RecoverySetting;
import io.rootctl.model.CredentialKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An {@code mfaDevices: required | hardware} requirement that no person can meet as the desired
 * state is written: only the root user, signed in, can <a
 * href="https://docs.aws.amazon.com/IAM/latest/UserGuide/enable-mfa-for-root.html">enable an MFA
 * device</a>, and signing in as root needs the login profile, which {@code passwordRecovery:
 * disabled} deletes, and so does {@code passwordRecovery: unmanaged} under {@code password: absent}
 * (the login profile then follows the password). With neither a password nor password recovery, a
 * missing device can never be added. Pure.
 *
 * <p>Offline, without the organization's tree, each document is judged with what it writes itself
 * and, for a field it leaves out, the Organization defaults, but only when no OrganizationalUnit
 * document writes that field (an OU the account may sit in could keep the password): a warning is
 * given only when the requirement certainly cannot be met. A warning, never an error: an existing
 * device still meets the requirement.
 */
final class UnmeetableMfaRequirement {
  private UnmeetableMfaRequirement() {}

  /** One warning at each {@code mfaDevices} requirement that no person can meet. */
  static List<Problem> warnings(DesiredState desired) {
    var out = new ArrayList<Problem>();
    var defaults = desired.organization().defaults();
    var defaultPassword = desired.organization().defaultFor(CredentialKind.PASSWORD);
    var defaultRecovery = desired.organization().defaultRecovery();
    boolean ouWritesPassword =
        desired.units().stream()
            .anyMatch(u -> u.settings().rootCredentials().containsKey(CredentialKind.PASSWORD));
    boolean ouWritesRecovery =
        desired.units().stream().anyMatch(u -> u.settings().passwordRecovery().isPresent());
    check(defaults, Optional.of(defaultPassword), Optional.of(defaultRecovery), "defaults.")
        .ifPresent(out::add);
    for (var unit : desired.units()) {
      // another OU document (a parent) may write what this one leaves out
      check(unit.settings(), Optional.empty(), Optional.empty(), "").ifPresent(out::add);
    }
    for (var account : desired.accounts()) {
      check(
              account.settings(),
              ouWritesPassword ? Optional.empty() : Optional.of(defaultPassword),
              ouWritesRecovery ? Optional.empty() : Optional.of(defaultRecovery),
              "")
          .ifPresent(out::add);
    }
    return out;
  }

  /**
   * The warning for one document's settings, with what it inherits when known (empty: unknown, so
   * no warning).
   */
  private static Optional<Problem> check(
      PolicySettings settings,
      Optional<CredentialSetting> inheritedPassword,
      Optional<RecoverySetting> inheritedRecovery,
      String prefix) {
    var mfa = settings.rootCredentials().get(CredentialKind.MFA_DEVICES);
    if (mfa == null || !mfa.value().isRequirement()) {
      return Optional.empty();
    }
    var password =
        Optional.ofNullable(settings.rootCredentials().get(CredentialKind.PASSWORD))
            .map(Located::value)
            .or(() -> inheritedPassword);
    var recovery = settings.passwordRecovery().map(Located::value).or(() -> inheritedRecovery);
    if (password.isEmpty() || recovery.isEmpty()) {
      return Optional.empty();
    }
    boolean noLoginProfile =
        recovery.get() == RecoverySetting.DISABLED
            || recovery.get() == RecoverySetting.UNMANAGED
                && password.get() == CredentialSetting.ABSENT;
    if (!noLoginProfile) {
      return Optional.empty();
    }
    return Optional.of(
        Problem.warning(
            mfa.location(),
            prefix
                + "rootCredentials.mfaDevices: "
                + mfa.value().yamlName()
                + " cannot be met by a person as configured: with password: "
                + password.get().yamlName()
                + " and passwordRecovery: "
                + recovery.get().yamlName()
                + " the root user keeps no login profile, so nobody can sign in as the root user"
                + " to add one (only the root user can enable a root MFA device). Set"
                + " passwordRecovery: enabled (a password can then be recovered), or password:"
                + " unmanaged with passwordRecovery: unmanaged, beside the requirement"));
  }
}
