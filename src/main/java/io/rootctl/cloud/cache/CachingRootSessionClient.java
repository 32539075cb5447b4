package io.rootctl.cloud.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import io.rootctl.cloud.RootSession;
import io.rootctl.cloud.RootSessionClient;
import io.rootctl.cloud.TerminalCloudException;
import io.rootctl.cloud.WriteResult;
import io.rootctl.live.RootCredentials;
import io.rootctl.model.AccountId;
import io.rootctl.model.TaskPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The controller's view of root sessions. Audit sessions are lazy and their result is cached per
 * account for the resync period, so a steady-state run opens no AssumeRoot session for an account
 * audited recently. Opened sessions are reused while more than {@code margin} of their lifetime is
 * left by the local clock, and closed when evicted. A session that AWS rejects as expired ({@code
 * ExpiredToken}, {@link TerminalCloudException.Kind#SESSION_EXPIRED}: the clocks disagree, or the
 * session ended early) is evicted at once, whatever the local clock says, so the caller's retry
 * opens a fresh one. Write sessions (delete, create-password) are never served from cache and drop
 * the account's cached audit. Use {@link #freshReads()} for the fresh read before a write and for
 * verification (fresh reads, shared sessions), {@link #uncached()} for fresh sessions too.
 * Thread-safe.
 */
public final class CachingRootSessionClient implements RootSessionClient {
  private record Key(AccountId account, TaskPolicy policy) {}

  private final RootSessionClient delegate;
  private final Clock clock;
  private final Duration margin;
  private final Cache<AccountId, RootCredentials> audits;
  private final Cache<Key, RootSession> sessions;

  /**
   * @param resync how long an account's audited credentials are trusted
   * @param margin a session is not reused once less than this is left before it expires
   * @param clock the time both for the caches and for comparing with session expiry
   */
  public CachingRootSessionClient(
      RootSessionClient delegate, Duration resync, Duration margin, Clock clock) {
    this.delegate = delegate;
    this.clock = clock;
    Ticker ticker = tickerOf(clock);
    this.margin = margin;
    this.audits =
        Caffeine.newBuilder()
            .expireAfterWrite(resync)
            .ticker(ticker)
            .executor(Runnable::run)
            .recordStats()
            .build();
    this.sessions =
        Caffeine.newBuilder()
            .expireAfter(new SessionExpiry())
            .ticker(ticker)
            .executor(Runnable::run)
            .<Key, RootSession>removalListener(
                (key, session, cause) -> {
                  if (session != null && cause != RemovalCause.REPLACED) {
                    session.close();
                  }
                })
            .build();
  }

  /** The audit-result cache, for metrics. */
  public Cache<AccountId, RootCredentials> auditCache() {
    return audits;
  }

  /** The undecorated client: fresh sessions, fresh reads. */
  public RootSessionClient uncached() {
    return delegate;
  }

  /**
   * Fresh reads in shared sessions: an audit session of this view reads from AWS every time (the
   * audit cache is neither consulted nor filled), in the account's shared audit session while that
   * has more than the margin left, so the re-read before a write, seconds after the read that
   * planned it, opens no second {@code sts:AssumeRoot} session. Other task policies are opened as
   * {@link #open} opens them. For the stale-plan re-read and the verify read of the controller.
   */
  public RootSessionClient freshReads() {
    return new RootSessionClient() {
      @Override
      public RootSession open(AccountId account, TaskPolicy policy, Duration duration) {
        return policy == TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS
            ? new LazyAuditSession(account, duration, false)
            : CachingRootSessionClient.this.open(account, policy, duration);
      }

      @Override
      public String toString() {
        return "CachingRootSessionClient.freshReads()";
      }
    };
  }

  /** Forgets what is known of {@code account}, e.g. after a write to it. */
  public void invalidate(AccountId account) {
    audits.invalidate(account);
  }

  @Override
  public RootSession open(AccountId account, TaskPolicy policy, Duration duration) {
    if (policy == TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS) {
      return new LazyAuditSession(account, duration, true);
    }
    audits.invalidate(account);
    return delegate.open(account, policy, duration);
  }

  /** Reuses a cached session only while it has more than the margin left. */
  private RootSession shared(AccountId account, TaskPolicy policy, Duration duration) {
    var key = new Key(account, policy);
    var session = sessions.get(key, k -> delegate.open(account, policy, duration));
    if (remaining(session).compareTo(margin) <= 0) {
      sessions.invalidate(key);
      session = sessions.get(key, k -> delegate.open(account, policy, duration));
    }
    return session;
  }

  /**
   * Runs {@code call} on the shared audit session of {@code account}. When AWS answers that the
   * session expired, that session (and only that one: another thread may have replaced it by now)
   * is evicted and closed before the exception goes on to the caller.
   */
  private <T extends @Nullable Object> T onShared(
      AccountId account, Duration duration, Function<RootSession, T> call) {
    var policy = TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS;
    var session = shared(account, policy, duration);
    try {
      return call.apply(session);
    } catch (TerminalCloudException e) {
      if (e.kind() == TerminalCloudException.Kind.SESSION_EXPIRED) {
        sessions.asMap().remove(new Key(account, policy), session);
      }
      throw e;
    }
  }

  private Duration remaining(RootSession s) {
    return Duration.between(now(), s.expiresAt());
  }

  private Instant now() {
    return clock.instant();
  }

  /** A Caffeine ticker reading the same clock, in epoch nanoseconds. */
  static Ticker tickerOf(Clock clock) {
    return () -> {
      var t = clock.instant();
      return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    };
  }

  /** Sessions expire from the cache {@code margin} before AWS would reject them. */
  private final class SessionExpiry implements Expiry<Key, RootSession> {
    private long nanosLeft(RootSession s) {
      return Math.max(0, remaining(s).minus(margin).toNanos());
    }

    @Override
    public long expireAfterCreate(Key key, RootSession s, long currentTime) {
      return nanosLeft(s);
    }

    @Override
    public long expireAfterUpdate(Key key, RootSession s, long currentTime, long duration) {
      return nanosLeft(s);
    }

    @Override
    public long expireAfterRead(Key key, RootSession s, long currentTime, long duration) {
      return duration;
    }
  }

  /**
   * An audit session that assumes root only when it must: reads are served from the audit cache
   * ({@code cached}; otherwise every read goes to AWS), and a read from AWS opens (or reuses) a
   * real audit session. Closing it closes nothing shared.
   */
  private final class LazyAuditSession implements RootSession {
    private final AccountId account;
    private final Duration duration;
    private final boolean cached;

    LazyAuditSession(AccountId account, Duration duration, boolean cached) {
      this.account = Objects.requireNonNull(account);
      this.duration = duration;
      this.cached = cached;
    }

    private RootSession real() {
      return shared(account, TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS, duration);
    }

    private WriteResult onReal(Function<RootSession, WriteResult> call) {
      return onShared(account, duration, call);
    }

    @Override
    public AccountId account() {
      return account;
    }

    @Override
    public TaskPolicy policy() {
      return TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS;
    }

    @Override
    public Instant expiresAt() {
      return real().expiresAt();
    }

    @Override
    public RootCredentials readRootCredentials() {
      if (!cached) {
        return onShared(account, duration, RootSession::readRootCredentials);
      }
      return audits.get(
          account, a -> onShared(account, duration, RootSession::readRootCredentials));
    }

    // An audit session may not write; the real session answers AccessDenied as AWS would.
    @Override
    public WriteResult deleteLoginProfile() {
      return onReal(RootSession::deleteLoginProfile);
    }

    @Override
    public WriteResult deleteAccessKey(String accessKeyId) {
      return onReal(s -> s.deleteAccessKey(accessKeyId));
    }

    @Override
    public WriteResult deleteSigningCertificate(String certificateId) {
      return onReal(s -> s.deleteSigningCertificate(certificateId));
    }

    @Override
    public WriteResult deactivateMfaDevice(String serialNumber) {
      return onReal(s -> s.deactivateMfaDevice(serialNumber));
    }

    @Override
    public WriteResult deleteVirtualMfaDevice(String serialNumber) {
      return onReal(s -> s.deleteVirtualMfaDevice(serialNumber));
    }

    @Override
    public WriteResult createLoginProfile() {
      return onReal(RootSession::createLoginProfile);
    }

    @Override
    public void close() {
      // The real session is shared through the cache and closed on eviction.
    }

    @Override
    public String toString() {
      return (cached ? "CachedAuditSession[" : "FreshAuditSession[") + account + "]";
    }
  }
}
