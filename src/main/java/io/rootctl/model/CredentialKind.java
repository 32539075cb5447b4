package io.rootctl.model;

/** The four kinds of root user credential that {@code rootCredentials} governs. */
public enum CredentialKind {
  /** The root login profile (console password). */
  PASSWORD("password"),
  ACCESS_KEYS("accessKeys"),
  SIGNING_CERTIFICATES("signingCertificates"),
  MFA_DEVICES("mfaDevices");

  private final String yamlName;

  CredentialKind(String yamlName) {
    this.yamlName = yamlName;
  }

  /** The key used in desired-state YAML, e.g. {@code accessKeys}. */
  public String yamlName() {
    return yamlName;
  }
}
