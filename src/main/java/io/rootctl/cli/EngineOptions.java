package io.rootctl.cli;

import io.rootctl.cloud.RateLimits;
import io.rootctl.lock.LockUrl;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How a command wants its engine wired, beyond the {@link GlobalOptions}.
 *
 * @param parallelism how many accounts are read (and changed) at once
 * @param auditLog where the executor records every write (JSON lines); empty for commands that
 *     never write (plan, show, audit), which get a log that discards
 * @param progress told about the organization and each root session, for progress on stderr
 * @param lock the writer lock for a command that writes; {@link Lock#NONE} for the others
 * @param rates the client-side AWS rate limits ({@code --rate})
 */
public record EngineOptions(
    int parallelism,
    Optional<Path> auditLog,
    ProgressListener progress,
    Lock lock,
    RateLimits rates) {

  /**
   * The writer lock of a command that writes.
   *
   * @param url where the lock lives; empty: no lock is configured, writers are not serialised
   * @param command what the lock records as the holder's command ({@code rootctl apply})
   * @param unserialised said once, on the first write, when {@code url} is empty
   */
  public record Lock(Optional<LockUrl> url, String command, Runnable unserialised) {
    /** No lock, and nothing said: for the commands that never write. */
    public static final Lock NONE = new Lock(Optional.empty(), "", () -> {});
  }

  /** Options with the default rate limits. */
  public EngineOptions(
      int parallelism, Optional<Path> auditLog, ProgressListener progress, Lock lock) {
    this(parallelism, auditLog, progress, lock, RateLimits.defaults());
  }

  /** Options of a command that never writes: no lock. */
  public EngineOptions(int parallelism, Optional<Path> auditLog, ProgressListener progress) {
    this(parallelism, auditLog, progress, Lock.NONE);
  }

  /** The same options with other rate limits. */
  public EngineOptions withRates(RateLimits newRates) {
    return new EngineOptions(parallelism, auditLog, progress, lock, newRates);
  }

  /**
   * Accounts read or changed at once when no {@code --parallelism} is given: 64. An account's read
   * is about four AWS calls in sequence (AssumeRoot, GetAccountSummary, GetLoginProfile, a list),
   * and the tree walk places about 100 accounts a second at AWS's published Organizations rates, so
   * matching the walk takes 100 x 4 x latency readers: 32 at 80 ms per call, 60 at 150 ms. More
   * readers only wait on the walk or on the AssumeRoot limit (300/s); fewer make a slow network the
   * pace ({@code make bench-scale}, docs/cli.md: at 150 ms, 186 s with 32 readers, 107 s with 64,
   * against a 100 s walk).
   */
  public static final int DEFAULT_PARALLELISM = 64;

  public EngineOptions {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1: " + parallelism);
    }
  }
}
