package io.rootctl.sim;

import java.time.Duration;

/** Waits out injected latency; tests pass one that records instead of sleeping. */
@FunctionalInterface
public interface Sleeper {
  void sleep(Duration duration) throws InterruptedException;

  /** Really sleeps (the emulator's simulated latency, never a retry path). */
  static Sleeper threadSleep() {
    return Thread::sleep;
  }
}
