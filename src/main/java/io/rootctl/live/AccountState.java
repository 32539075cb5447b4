package io.rootctl.live;

/** Organizations {@code Account.State} (the successor of the retiring {@code Status}). */
public enum AccountState {
  PENDING_ACTIVATION,
  ACTIVE,
  SUSPENDED,
  PENDING_CLOSURE,
  CLOSED
}
