package io.rootctl.cloud;

import io.rootctl.model.AccountId;
import io.rootctl.model.TaskPolicy;
import java.time.Duration;

/**
 * Opens {@code sts:AssumeRoot} sessions (always on a regional STS endpoint; the global one rejects
 * AssumeRoot). Thread-safe.
 */
public interface RootSessionClient {

  /** The longest root session AWS issues. */
  Duration MAX_DURATION = Duration.ofSeconds(900);

  /**
   * Opens a root session in {@code account} scoped by {@code policy}, lasting {@code duration} (at
   * most {@link #MAX_DURATION}). Not idempotent (each call is a new session), but safe to repeat.
   * Throws {@link TerminalCloudException} ACCESS_DENIED when the caller may not assume root there
   * (management account, not a member, RootSessions disabled, SCP), or {@link
   * RetryableCloudException} on throttling.
   */
  RootSession open(AccountId account, TaskPolicy policy, Duration duration);
}
