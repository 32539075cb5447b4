package io.rootctl.model;

/**
 * Whether rootctl may write: {@code enforce} applies plans, {@code observe} only plans and reports.
 */
public enum Mode {
  ENFORCE,
  OBSERVE;

  public String yamlName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
