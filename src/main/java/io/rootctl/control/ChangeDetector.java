package io.rootctl.control;

import java.util.Optional;

/**
 * Decides when a polled directory should be loaded (pure, not thread-safe): the first look loads at
 * once; after that, a change is loaded only once the same snapshot has been seen on two polls in a
 * row, so a checkout being written is never loaded half-way. A snapshot is loaded once, whether the
 * load succeeds or not: a broken revision is not re-read every poll.
 */
public final class ChangeDetector {
  private Optional<DirectorySnapshot> loaded = Optional.empty();
  private Optional<DirectorySnapshot> candidate = Optional.empty();

  /** Whether {@code seen} should be loaded now. */
  public boolean shouldLoad(DirectorySnapshot seen) {
    if (loaded.isEmpty()) {
      loaded = Optional.of(seen);
      return true;
    }
    if (loaded.get().equals(seen)) {
      candidate = Optional.empty();
      return false;
    }
    if (candidate.isPresent() && candidate.get().equals(seen)) {
      loaded = Optional.of(seen);
      candidate = Optional.empty();
      return true;
    }
    candidate = Optional.of(seen);
    return false;
  }
}
