package io.rootctl.cli;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How a command wants its engine wired, beyond the {@link GlobalOptions}.
 *
 * @param parallelism how many accounts are read (and changed) at once
 * @param auditLog where the executor records every write (JSON lines); empty for commands that
 *     never write (plan, show, audit), which get a log that discards
 * @param progress told about the organization and each root session, for progress on stderr
 */
public record EngineOptions(int parallelism, Optional<Path> auditLog, ProgressListener progress) {

  /** Accounts read or changed at once when no {@code --parallelism} is given. */
  public static final int DEFAULT_PARALLELISM = 10;

  public EngineOptions {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1: " + parallelism);
    }
  }
}
