package io.rootctl.cli;

import io.rootctl.unlock.Unlocker;

/**
 * An {@link Unlocker} wired for one {@code rootctl unlock} command, and what it holds open (SDK
 * clients, the audit log file, the writer lock's renewal thread). Closing twice is harmless.
 */
public final class UnlockHandle implements AutoCloseable {
  private final Unlocker unlocker;
  private final Runnable release;
  private boolean closed;

  /**
   * @param release closes what the unlocker holds; runs once
   */
  public UnlockHandle(Unlocker unlocker, Runnable release) {
    this.unlocker = unlocker;
    this.release = release;
  }

  public Unlocker unlocker() {
    return unlocker;
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      release.run();
    }
  }
}
