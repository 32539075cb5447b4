package io.rootctl.lock;

import java.util.Optional;

/**
 * One writer at a time. A writer {@link #acquire}s the lock before its first AWS write and closes
 * the {@link Lease} after its last; a second writer fails at once with {@link LockHeldException}.
 * While a lease is held, {@link #checkWrite} passes; once it is lost (or none is held) it throws,
 * so the write ports refuse the next write (fail closed). Thread-safe.
 */
public interface WriterLock {

  /** What a writer says once when no lock location is configured. */
  String UNSERIALISED =
      "Warning: no writer lock is configured (--lock-url or ROOTCTL_LOCK_URL), so writers are"
          + " not serialised: another rootctl apply or controller may write at the same time.";

  /**
   * Takes the lock for applying desired-state {@code revision}; a lock whose lease has lapsed is
   * taken over ({@link Lease#tookOver()} says whose).
   *
   * @throws LockHeldException another writer holds the lock
   * @throws LockUnavailableException the store cannot be used; nothing is known, nothing is written
   * @throws IllegalStateException this lock is already held by this process
   */
  Lease acquire(String revision);

  /**
   * Passes while a lease of this lock is held and not lost.
   *
   * @param operation the write about to be made ({@code iam:DeleteAccessKey}), for the message
   * @throws LockLostException when no lease is held, or the one held was lost
   */
  void checkWrite(String operation);

  /**
   * The lock as stored now, or empty when no one holds it.
   *
   * @throws LockUnavailableException the store cannot be read, or holds something that is not a
   *     rootctl lock
   */
  Optional<LockInfo> current();

  /**
   * Removes the lock whose id is {@code lockId}, whoever holds it ({@code rootctl force-unlock}).
   * Returns the lock removed.
   *
   * @throws IllegalArgumentException when no lock is held, or the lock held has another id
   * @throws LockUnavailableException the store cannot be used
   */
  LockInfo forceUnlock(String lockId);

  /** Where the lock lives, {@code s3://BUCKET/KEY}, or a sentence saying there is none. */
  String location();

  /** Whether writers are serialised at all (a location is configured). */
  boolean serialises();

  /**
   * No lock: writers are not serialised. {@link #acquire} always succeeds (and runs {@code
   * warnOnce} the first time), {@link #checkWrite} always passes, {@link #forceUnlock} refuses.
   */
  static WriterLock none(Runnable warnOnce) {
    return new NoWriterLock(warnOnce);
  }
}
