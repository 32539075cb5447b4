package io.rootctl.lock;

import java.util.Optional;

/**
 * The writer lock, held: renewed in the background until closed. Closing releases the lock (the
 * lock object is deleted if it is still this lease's). Thread-safe.
 */
public interface Lease extends AutoCloseable {

  /** The lock as written when taken (its expiry moves on with each renewal). */
  LockInfo info();

  /**
   * The expired lock of another writer this lease replaced, if it took one over (that writer's
   * lease had lapsed).
   */
  Optional<LockInfo> tookOver();

  /**
   * Why the lease is no longer held (lapsed, or the lock object changed), or empty while it is. A
   * lost lease stays lost.
   */
  Optional<String> lost();

  /**
   * Renews the lease now, against the lock object, and says whether it is still held: what a writer
   * asks after its last write, so that a lock taken over or force-unlocked between two background
   * renewals (they run every 30 seconds) is noticed before the writer reports success.
   *
   * @return why the lease is lost, or empty while it is held
   */
  default Optional<String> confirm() {
    return lost();
  }

  /** Stops renewing and releases the lock. Never throws; closing twice is harmless. */
  @Override
  void close();
}
