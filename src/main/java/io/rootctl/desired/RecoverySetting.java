package io.rootctl.desired;

/** {@code passwordRecovery}: whether the root login profile (password recovery) may exist. */
public enum RecoverySetting {
  /** No login profile: DeleteLoginProfile. */
  DISABLED,
  /** A login profile must exist: CreateLoginProfile without a password, when none exists. */
  ENABLED,
  /** The login profile follows {@code rootCredentials.password}. */
  UNMANAGED;

  public String yamlName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Higher is stricter: disabled > enabled > unmanaged. */
  int strictness() {
    return switch (this) {
      case DISABLED -> 2;
      case ENABLED -> 1;
      case UNMANAGED -> 0;
    };
  }
}
