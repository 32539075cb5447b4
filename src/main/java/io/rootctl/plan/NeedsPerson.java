package io.rootctl.plan;

import io.rootctl.desired.CredentialSetting;
import io.rootctl.model.AccountId;
import io.rootctl.model.CredentialKind;
import io.rootctl.model.OuPath;

/**
 * A requirement of the desired state that the live root user does not meet and that rootctl cannot
 * meet itself: today {@code mfaDevices: required} (no MFA device) or {@code mfaDevices: hardware}
 * (no device that is not a virtual MFA device). rootctl cannot create an MFA device (only the root
 * user, signed in, can), so this is never an action: {@code plan} shows it, counts it as drift
 * ({@code --detailed-exitcode} exits 2), {@code apply} writes nothing for it and says it remains,
 * and the controller keeps the account out of "in sync" and exports {@code
 * rootctl_account_requirement_unmet}. An account with such an entry is never in {@link
 * Plan#inSync()}; it may also have actions ({@link Plan#accounts()}).
 *
 * @param ou the path of the OU (or root) that holds the account
 * @param ouId the id of that OU ({@code ou-...}) or root ({@code r-...})
 * @param kind the credential kind the requirement is about ({@link CredentialKind#MFA_DEVICES})
 * @param requirement {@link CredentialSetting#REQUIRED} or {@link CredentialSetting#HARDWARE}
 * @param found what the root user holds instead, e.g. {@code "no MFA device"} or {@code "1 virtual
 *     MFA device, no hardware device"}
 * @param reason where the requirement comes from, e.g. {@code mfaDevices: required (from account
 *     break-glass (accounts/break-glass.yaml:9:17))}; for humans only
 */
public record NeedsPerson(
    AccountId account,
    String accountName,
    OuPath ou,
    String ouId,
    CredentialKind kind,
    CredentialSetting requirement,
    String found,
    String reason) {

  public NeedsPerson {
    if (!requirement.isRequirement() || !requirement.allowedFor(kind)) {
      throw new IllegalArgumentException(
          kind.yamlName() + ": " + requirement.yamlName() + " is not a requirement");
    }
  }

  /** What a person must do, e.g. {@code add an MFA device to the root user}. */
  public String todo() {
    return requirement == CredentialSetting.HARDWARE
        ? "add a hardware MFA device or FIDO security key to the root user"
        : "add an MFA device to the root user";
  }
}
