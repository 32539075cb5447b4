package io.rootctl.desired;

/** The desired value of an organization root feature. */
public enum FeatureSetting {
  ENABLED,
  DISABLED,
  /** Left as it is: rootctl never enables or disables it. */
  UNMANAGED;

  public String yamlName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
