package io.rootctl.lock;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/** {@link WriterLock#none}: no lock location configured; says so once. */
final class NoWriterLock implements WriterLock {
  private final Runnable warnOnce;
  private final AtomicBoolean warned = new AtomicBoolean();

  NoWriterLock(Runnable warnOnce) {
    this.warnOnce = warnOnce;
  }

  @Override
  public Lease acquire(String revision) {
    if (warned.compareAndSet(false, true)) {
      warnOnce.run();
    }
    var info = new LockInfo("none", "", "", 0, "", revision, Instant.EPOCH, Instant.MAX);
    return new Lease() {
      @Override
      public LockInfo info() {
        return info;
      }

      @Override
      public Optional<LockInfo> tookOver() {
        return Optional.empty();
      }

      @Override
      public Optional<String> lost() {
        return Optional.empty();
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public void checkWrite(String operation) {}

  @Override
  public Optional<LockInfo> current() {
    return Optional.empty();
  }

  @Override
  public LockInfo forceUnlock(String lockId) {
    throw new IllegalArgumentException(
        "no writer lock is configured: give --lock-url s3://BUCKET/KEY or set ROOTCTL_LOCK_URL");
  }

  @Override
  public String location() {
    return "no lock location";
  }

  @Override
  public boolean serialises() {
    return false;
  }
}
