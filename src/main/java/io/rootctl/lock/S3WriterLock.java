package io.rootctl.lock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer lock as one object written with conditional requests, as Terraform's S3 backend locks
 * its state since 1.10 ({@code use_lockfile}): taking it is {@code PutObject} with {@code
 * If-None-Match: *} (only one of two racing writers can create the object), renewing it is {@code
 * PutObject} with {@code If-Match: ETAG} (only the holder, and only while no one replaced it),
 * releasing it is {@code DeleteObject} with {@code If-Match}. The object holds a {@link LockInfo}
 * with an expiry {@link #DEFAULT_TTL} ahead, renewed every quarter of it; a lock whose expiry has
 * passed is taken over with {@code If-Match} on its ETag, so that of two writers taking over the
 * same lapsed lock only one succeeds. Times are the writers' clocks: they must agree to well within
 * the renewal period.
 *
 * @see <a href="https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html">S3
 *     conditional writes</a>
 * @see <a href="https://developer.hashicorp.com/terraform/language/backend/s3#state-locking">
 *     Terraform's S3 backend: state locking</a>
 */
public final class S3WriterLock implements WriterLock {
  private static final Logger log = LoggerFactory.getLogger(S3WriterLock.class);

  /** How long a lease lasts without renewal. */
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(2);

  private static final int ATTEMPTS = 3;

  private final LockObject object;
  private final LockOwner owner;
  private final Clock clock;
  private final Renewals renewals;
  private final Duration ttl;
  private final Supplier<String> ids;
  private volatile @Nullable Held current;

  /**
   * @param object the lock object
   * @param owner who this process is, as its locks record it
   * @param clock the time written into the lock and compared with its expiry
   * @param renewals runs the renewal in the background while a lease is held
   * @param ttl how long a lease lasts without renewal; renewed every quarter of it
   */
  public S3WriterLock(
      LockObject object, LockOwner owner, Clock clock, Renewals renewals, Duration ttl) {
    this(object, owner, clock, renewals, ttl, () -> UUID.randomUUID().toString());
  }

  S3WriterLock(
      LockObject object,
      LockOwner owner,
      Clock clock,
      Renewals renewals,
      Duration ttl,
      Supplier<String> ids) {
    if (ttl.compareTo(Duration.ofSeconds(4)) < 0) {
      throw new IllegalArgumentException("the lock's lease must last at least 4 s: " + ttl);
    }
    this.object = Objects.requireNonNull(object);
    this.owner = Objects.requireNonNull(owner);
    this.clock = Objects.requireNonNull(clock);
    this.renewals = Objects.requireNonNull(renewals);
    this.ttl = ttl;
    this.ids = ids;
  }

  @Override
  public String location() {
    return object.location();
  }

  @Override
  public boolean serialises() {
    return true;
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  @Override
  public synchronized Lease acquire(String revision) {
    var held = current;
    if (held != null && held.lostReason() == null) {
      throw new IllegalStateException("the writer lock is already held: " + held.info.id());
    }
    var now = now();
    var mine =
        new LockInfo(
            ids.get(),
            owner.holder(),
            owner.host(),
            owner.pid(),
            owner.command(),
            revision,
            now,
            now.plus(ttl));
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        return start(mine, object.create(mine.toJson()), Optional.empty());
      } catch (LockObject.Conflict exists) {
        var stored = object.read();
        if (stored.isEmpty()) {
          continue; // released between the two calls: try again
        }
        var theirs = parse(stored.get());
        if (!theirs.expiredAt(now())) {
          throw new LockHeldException(theirs, object.location());
        }
        try {
          var etag = object.replace(mine.toJson(), stored.get().etag());
          log.atWarn()
              .addKeyValue("lock", object.location())
              .addKeyValue("expiredLock", theirs.id())
              .addKeyValue("expiredHolder", theirs.holder() + "@" + theirs.host())
              .log("took over an expired writer lock");
          return start(mine, etag, Optional.of(theirs));
        } catch (LockObject.Conflict raced) {
          // another writer renewed or took it over first: look again
        }
      }
    }
    throw new LockUnavailableException(
        "cannot take the writer lock at "
            + object.location()
            + ": it changed on each of "
            + ATTEMPTS
            + " attempts",
        null);
  }

  private LockInfo parse(LockObject.Stored stored) {
    try {
      return LockInfo.fromJson(stored.body());
    } catch (IllegalArgumentException e) {
      throw new LockUnavailableException(
          "the lock object "
              + object.location()
              + " holds something rootctl did not write ("
              + e.getMessage()
              + "); rootctl will not write until it is a rootctl lock or removed",
          e);
    }
  }

  private Lease start(LockInfo mine, String etag, Optional<LockInfo> tookOver) {
    var held = new Held(mine, etag, tookOver);
    current = held;
    var period = ttl.dividedBy(4);
    held.task = renewals.every(period, held::renew);
    return held;
  }

  @Override
  public void checkWrite(String operation) {
    var held = current;
    if (held == null) {
      throw new LockLostException(
          "refusing "
              + operation
              + ": this writer does not hold the writer lock at "
              + object.location());
    }
    var reason = held.lostReason();
    if (reason != null) {
      throw new LockLostException(
          "refusing " + operation + ": the writer lock " + held.info.id() + " was lost: " + reason);
    }
  }

  @Override
  public Optional<LockInfo> current() {
    return object.read().map(this::parse);
  }

  @Override
  public LockInfo forceUnlock(String lockId) {
    var stored =
        object
            .read()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "no writer lock is held at " + object.location() + ": nothing to unlock"));
    var theirs = parse(stored);
    if (!theirs.id().equals(lockId)) {
      throw new IllegalArgumentException(
          "the writer lock at "
              + object.location()
              + " has ID "
              + theirs.id()
              + ", not "
              + lockId
              + "; nothing was unlocked");
    }
    try {
      object.delete(stored.etag());
    } catch (LockObject.Conflict changed) {
      throw new IllegalArgumentException(
          "the writer lock at "
              + object.location()
              + " changed while unlocking (renewed or released); nothing was unlocked: look again",
          changed);
    }
    return theirs;
  }

  /** One lease: the lock as written, its current ETag, and whether it was lost. */
  private final class Held implements Lease {
    private final LockInfo info;
    private final Optional<LockInfo> tookOver;
    private @Nullable String etag;
    private Instant expires;
    private @Nullable String lost;
    private Renewals.@Nullable Task task;

    Held(LockInfo info, String etag, Optional<LockInfo> tookOver) {
      this.info = info;
      this.etag = etag;
      this.expires = info.expires();
      this.tookOver = tookOver;
    }

    @Override
    public LockInfo info() {
      return info;
    }

    @Override
    public Optional<LockInfo> tookOver() {
      return tookOver;
    }

    @Override
    public Optional<String> lost() {
      return Optional.ofNullable(lostReason());
    }

    /**
     * Why the lease is lost, or null; a lease past its expiry is lost even before renewal says so.
     */
    synchronized @Nullable String lostReason() {
      if (lost == null && !now().isBefore(expires)) {
        lost = "its lease lapsed at " + expires + " before it could be renewed";
      }
      return lost;
    }

    @Override
    public Optional<String> confirm() {
      renew();
      return lost();
    }

    synchronized void renew() {
      if (lostReason() != null || etag == null) {
        return;
      }
      var newExpiry = now().plus(ttl);
      try {
        etag = object.replace(info.until(newExpiry).toJson(), etag);
        expires = newExpiry;
      } catch (LockObject.Conflict changed) {
        lost =
            "the lock object "
                + object.location()
                + " was changed by someone else (taken over or force-unlocked)";
        log.atError().addKeyValue("lock", object.location()).log("writer lock lost: " + lost);
      } catch (RuntimeException e) {
        // Not lost yet: the next renewal tries again; once the expiry passes, lostReason says so.
        log.atWarn()
            .addKeyValue("lock", object.location())
            .addKeyValue("expires", expires)
            .log("cannot renew the writer lock: " + e.getMessage());
      }
    }

    @Override
    public void close() {
      Renewals.Task t;
      String tag;
      synchronized (this) {
        t = task;
        task = null;
        tag = lost == null ? etag : null;
        etag = null;
        if (lost == null) {
          lost = "released";
        }
      }
      if (t != null) {
        t.cancel();
      }
      synchronized (S3WriterLock.this) {
        if (current == this) {
          current = null;
        }
      }
      if (tag == null) {
        return;
      }
      try {
        object.delete(tag);
      } catch (LockObject.Conflict changed) {
        log.atWarn()
            .addKeyValue("lock", object.location())
            .log("the writer lock changed before its release; left as it is");
      } catch (RuntimeException e) {
        log.atWarn()
            .addKeyValue("lock", object.location())
            .addKeyValue("lockId", info.id())
            .log(
                "cannot release the writer lock ("
                    + e.getMessage()
                    + "); it lapses by itself, or run rootctl force-unlock "
                    + info.id());
      }
    }
  }
}
