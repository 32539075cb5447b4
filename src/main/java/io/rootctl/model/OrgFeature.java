package io.rootctl.model;

/** The two IAM organization features of centralized root access (IAM {@code FeatureType}). */
public enum OrgFeature {
  ROOT_CREDENTIALS_MANAGEMENT("RootCredentialsManagement", "rootCredentialsManagement"),
  ROOT_SESSIONS("RootSessions", "rootSessions");

  private final String awsName;
  private final String yamlName;

  OrgFeature(String awsName, String yamlName) {
    this.awsName = awsName;
    this.yamlName = yamlName;
  }

  /** The IAM enum string, e.g. {@code RootCredentialsManagement}. */
  public String awsName() {
    return awsName;
  }

  /** The key used in desired-state YAML, e.g. {@code rootCredentialsManagement}. */
  public String yamlName() {
    return yamlName;
  }

  public static OrgFeature fromAwsName(String name) {
    for (OrgFeature f : values()) {
      if (f.awsName.equals(name)) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown organization feature: " + name);
  }
}
