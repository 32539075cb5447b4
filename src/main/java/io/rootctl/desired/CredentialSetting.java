package io.rootctl.desired;

/** What rootctl does about one kind of root credential. */
public enum CredentialSetting {
  /** Must not exist: rootctl deletes (or deactivates) it. */
  ABSENT,
  /** Left alone. */
  UNMANAGED;

  public String yamlName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Higher is stricter. */
  int strictness() {
    return this == ABSENT ? 1 : 0;
  }
}
