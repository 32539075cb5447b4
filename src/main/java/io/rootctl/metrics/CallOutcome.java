package io.rootctl.metrics;

/** The {@code outcome} tag of AWS call metrics. */
public enum CallOutcome {
  OK,
  THROTTLED,
  ERROR;

  public String tag() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
