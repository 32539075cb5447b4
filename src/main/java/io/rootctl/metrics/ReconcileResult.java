package io.rootctl.metrics;

/** The {@code result} tag of reconcile metrics. */
public enum ReconcileResult {
  SUCCESS,
  RETRYABLE_FAILURE,
  TERMINAL_FAILURE;

  public String tag() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
