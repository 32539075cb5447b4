package io.rootctl.control;

import io.rootctl.cloud.RootSession;
import io.rootctl.cloud.RootSessionClient;
import io.rootctl.events.RootActivityParser;
import io.rootctl.model.AccountId;
import io.rootctl.model.TaskPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The temporary access key ids of the root sessions this controller opened recently, and in which
 * account: how the SQS event source tells rootctl's own writes (the events its deletes cause) from
 * anyone else's. {@link #recording} wraps the session opener so every session is remembered as it
 * opens. Bounded ({@code capacity} ids, the oldest forgotten first) and time-limited (an id is
 * forgotten {@code retention} after its session expires, which bounds how late an event may arrive
 * and still be recognised: CloudTrail delivers to EventBridge on a best-effort basis, usually
 * within minutes). An id forgotten too early makes an own write look unexpected: a false alarm,
 * never a missed one. Thread-safe.
 */
public final class OwnSessions implements RootActivityParser.OwnSessions {

  /** How long after its session's expiry an id is still recognised. */
  public static final Duration DEFAULT_RETENTION = Duration.ofHours(2);

  /**
   * The most ids kept: ten audit sessions per account of a 10,000-account organization, a few MB.
   */
  public static final int DEFAULT_CAPACITY = 100_000;

  private record Entry(AccountId account, Instant forgetAt) {}

  private final Clock clock;
  private final Duration retention;
  private final int capacity;
  private final LinkedHashMap<String, Entry> ids = new LinkedHashMap<>();

  public OwnSessions(Clock clock, Duration retention, int capacity) {
    if (capacity < 1 || retention.isNegative()) {
      throw new IllegalArgumentException("capacity must be positive and retention not negative");
    }
    this.clock = clock;
    this.retention = retention;
    this.capacity = capacity;
  }

  public OwnSessions(Clock clock) {
    this(clock, DEFAULT_RETENTION, DEFAULT_CAPACITY);
  }

  /** Remembers that rootctl opened a session with {@code accessKeyId} in {@code account}. */
  public synchronized void record(String accessKeyId, AccountId account, Instant expiresAt) {
    var now = clock.instant();
    var until = (expiresAt.isAfter(now) ? expiresAt : now).plus(retention);
    ids.remove(accessKeyId);
    ids.put(accessKeyId, new Entry(account, until));
    prune(now);
    while (ids.size() > capacity) {
      var first = ids.keySet().iterator();
      first.next();
      first.remove();
    }
  }

  @Override
  public synchronized boolean opened(String accessKeyId, AccountId account) {
    prune(clock.instant());
    var entry = ids.get(accessKeyId);
    return entry != null && entry.account().equals(account);
  }

  /** How many ids are remembered now. */
  public synchronized int size() {
    prune(clock.instant());
    return ids.size();
  }

  /** Drops the entries whose time has passed, oldest first (insertion order is opening order). */
  private void prune(Instant now) {
    Iterator<Map.Entry<String, Entry>> it = ids.entrySet().iterator();
    while (it.hasNext()) {
      var e = it.next();
      if (!e.getValue().forgetAt().isAfter(now)) {
        it.remove();
      } else {
        // sessions last at most 15 minutes: a later entry is rarely due before this one
        break;
      }
    }
  }

  /** {@code delegate}, remembering the access key id of every session it opens. */
  public RootSessionClient recording(RootSessionClient delegate) {
    return new RootSessionClient() {
      @Override
      public RootSession open(AccountId account, TaskPolicy policy, Duration duration) {
        var session = delegate.open(account, policy, duration);
        session.accessKeyId().ifPresent(id -> record(id, account, session.expiresAt()));
        return session;
      }

      @Override
      public String toString() {
        return "OwnSessions.recording(" + delegate + ")";
      }
    };
  }
}
