package io.rootctl.control;

import io.rootctl.model.AccountId;

/** Where an account stands with the controller, as its latest run saw the organization. */
public enum AccountStanding {
  /** A member account the desired state manages (or no run has read the organization yet). */
  MEMBER,
  /**
   * A member account the latest plan skipped (suspended, excluded, ...), or the management account
   * (which AssumeRoot cannot act in): its root activity is a signal, but no run repairs it.
   */
  SKIPPED,
  /** Not a member account of the organization as last read. */
  UNKNOWN;

  /** Looks an account up. Thread-safe, cheap, never blocks on a run. */
  @FunctionalInterface
  public interface Lookup {
    AccountStanding of(AccountId account);
  }
}
