package io.rootctl.app;

import io.rootctl.cloud.aws.AwsClients;
import io.rootctl.lock.LockOwner;
import io.rootctl.lock.LockUrl;
import io.rootctl.lock.Renewals;
import io.rootctl.lock.S3WriterLock;
import io.rootctl.lock.WriterLock;
import io.rootctl.lock.s3.S3LockObject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Builds the writer lock of one command: an {@link S3WriterLock} over the S3 object at the
 * configured {@link LockUrl}, renewed by a daemon thread, or {@link WriterLock#none} that says
 * {@code unserialised} once. Close it to stop the renewal thread.
 */
final class WriterLocks implements AutoCloseable {
  private final WriterLock lock;
  private final Optional<ScheduledExecutorService> scheduler;

  private WriterLocks(WriterLock lock, Optional<ScheduledExecutorService> scheduler) {
    this.lock = lock;
    this.scheduler = scheduler;
  }

  static WriterLocks create(
      AwsClients aws, Optional<LockUrl> url, String command, Clock clock, Runnable unserialised) {
    if (url.isEmpty()) {
      return new WriterLocks(WriterLock.none(unserialised), Optional.empty());
    }
    var scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              var t = new Thread(r, "rootctl-lock-renewal");
              t.setDaemon(true);
              return t;
            });
    Renewals renewals =
        (period, renewal) -> {
          var future =
              scheduler.scheduleWithFixedDelay(
                  renewal, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
          return () -> future.cancel(false);
        };
    var lock =
        new S3WriterLock(
            new S3LockObject(aws.s3(), url.get()),
            owner(command),
            clock,
            renewals,
            S3WriterLock.DEFAULT_TTL);
    return new WriterLocks(lock, Optional.of(scheduler));
  }

  /** This process: the OS user, the host name (a pod's name), the pid. */
  static LockOwner owner(String command) {
    var user = Optional.ofNullable(System.getProperty("user.name")).orElse("unknown");
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = Optional.ofNullable(System.getenv("HOSTNAME")).orElse("unknown");
    }
    return new LockOwner(user, host, ProcessHandle.current().pid(), command);
  }

  WriterLock lock() {
    return lock;
  }

  @Override
  public void close() {
    scheduler.ifPresent(ScheduledExecutorService::shutdownNow);
  }
}
