package io.rootctl.cloud;

import java.time.Duration;

/**
 * Waits. The one seam through which rootctl's retry and rate-limit paths pass time, so tests can
 * advance a manual clock instead of sleeping. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Sleeper {

  /** Returns after {@code duration}; throws {@link InterruptedException} if interrupted first. */
  void sleep(Duration duration) throws InterruptedException;

  /**
   * The production sleeper: parks the calling thread (a virtual thread in rootctl's per-account
   * work, so nothing but that account waits).
   */
  static Sleeper threadSleep() {
    return duration -> {
      if (duration.isPositive()) {
        Thread.sleep(duration);
      }
    };
  }
}
