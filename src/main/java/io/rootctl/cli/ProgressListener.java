package io.rootctl.cli;

import io.rootctl.model.AccountId;
import io.rootctl.model.TaskPolicy;

/**
 * Told what a run is doing, so a long run can show progress on stderr. Called from many threads at
 * once; implementations are thread-safe and fast, and never fail.
 */
public interface ProgressListener {

  /** Ignores everything. */
  ProgressListener NONE =
      new ProgressListener() {
        @Override
        public void organizationRead(int memberAccounts) {}

        @Override
        public void sessionOpened(AccountId account, TaskPolicy policy) {}
      };

  /**
   * The root user of {@code account} was read (in a session of any policy). Called again when the
   * same account is read again (a retry, the re-read before writes): count accounts, not calls.
   */
  default void accountRead(AccountId account) {}

  /** The organization tree was read: it has {@code memberAccounts} accounts besides management. */
  void organizationRead(int memberAccounts);

  /** A root session was opened in {@code account} with {@code policy}. */
  void sessionOpened(AccountId account, TaskPolicy policy);
}
