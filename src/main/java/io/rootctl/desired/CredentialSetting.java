package io.rootctl.desired;

import io.rootctl.model.CredentialKind;

/**
 * What rootctl does about one kind of root credential. {@link #REQUIRED} and {@link #HARDWARE} are
 * for {@code mfaDevices} only ({@link #allowedFor}): rootctl cannot create an MFA device, so an
 * unmet requirement is drift that needs a person, never an action.
 */
public enum CredentialSetting {
  /** Must not exist: rootctl deletes (or deactivates) it. */
  ABSENT,
  /** Left alone. */
  UNMANAGED,
  /**
   * {@code mfaDevices} only: at least one MFA device on the root user. rootctl never deactivates or
   * deletes one, and reports "needs a person" while there is none.
   */
  REQUIRED,
  /**
   * {@code mfaDevices} only: at least one device that is not a virtual MFA device (a hardware TOTP
   * token or a FIDO security key; see {@link io.rootctl.live.MfaDevice#isVirtualSerial}). Like
   * {@link #REQUIRED} otherwise.
   */
  HARDWARE;

  public String yamlName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Whether {@code kind} may take this value: the requirements are for {@code mfaDevices} only. */
  public boolean allowedFor(CredentialKind kind) {
    return !isRequirement() || kind == CredentialKind.MFA_DEVICES;
  }

  /** {@link #REQUIRED} or {@link #HARDWARE}: something must exist that rootctl cannot create. */
  public boolean isRequirement() {
    return this == REQUIRED || this == HARDWARE;
  }

  /**
   * Higher is stricter: {@code absent} (nothing may exist) &gt; {@code hardware} &gt; {@code
   * required} &gt; {@code unmanaged}. The requirements keep the devices that {@code absent} would
   * remove, so under {@code absent} defaults they are relaxations and need an exception.
   */
  int strictness() {
    return switch (this) {
      case ABSENT -> 3;
      case HARDWARE -> 2;
      case REQUIRED -> 1;
      case UNMANAGED -> 0;
    };
  }
}
