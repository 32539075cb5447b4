package io.rootctl.metrics;

/** The {@code state} tag of {@code rootctl_accounts}. */
public enum AccountSyncState {
  IN_SYNC,
  DRIFTED,
  NEEDS_PERSON,
  SKIPPED,
  FAILED,
  UNREADABLE;

  public String tag() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
