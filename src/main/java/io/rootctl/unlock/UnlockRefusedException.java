package io.rootctl.unlock;

/**
 * The unlock was refused before anything was written: a prerequisite is missing (the RootSessions
 * feature), the account is not an active member account, or the policy changed since it was shown.
 * The message says why and what to do.
 */
public final class UnlockRefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UnlockRefusedException(String message) {
    super(message);
  }
}
