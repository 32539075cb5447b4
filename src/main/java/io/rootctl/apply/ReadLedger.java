package io.rootctl.apply;

import io.rootctl.cloud.RootSession;
import io.rootctl.cloud.RootSessionClient;
import io.rootctl.cloud.WriteResult;
import io.rootctl.live.Fingerprint;
import io.rootctl.live.RootCredentials;
import io.rootctl.model.AccountId;
import io.rootctl.model.TaskPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What this process read of each account's root user from AWS, and when: the evidence that lets
 * {@link Executor#applyFromRecentReads} skip the stale-plan re-read of an account it read seconds
 * ago. {@link #recording} decorates the uncached {@link RootSessionClient} (beneath any cache, so a
 * cache hit is not a read): every {@code readRootCredentials} in an {@code
 * IAMAuditRootUserCredentials} session records the instant it started (on the injected clock) and
 * the {@link Fingerprint} of what it found; opening a session with any other task policy (a write
 * session) counts as a write to that account and forgets its read, as does a write that started
 * while a read was in flight.
 *
 * <p>{@link #confirms} is the rule, and it fails closed: no recorded read, a read older than the
 * bound or stamped in the future, a different fingerprint, a write since the read started, or a
 * read that started before other writers were excluded, each means "re-read". {@link #none()}
 * records nothing and confirms nothing (the behaviour before the ledger). Thread-safe.
 */
public final class ReadLedger {

  /** How old a read may be and still stand for a fresh one: "the plan was made seconds ago". */
  public static final Duration RECENT = Duration.ofSeconds(30);

  private record Read(Instant started, Fingerprint fingerprint) {}

  private final @Nullable Clock clock;
  private final Map<AccountId, Read> reads = new HashMap<>();
  private final Map<AccountId, Long> writes = new HashMap<>();

  /** A ledger stamping reads with {@code clock}, the clock the executor decides with. */
  public ReadLedger(Clock clock) {
    this.clock = clock;
  }

  private ReadLedger() {
    this.clock = null;
  }

  /** Records nothing, confirms nothing: every account is re-read before a write. */
  public static ReadLedger none() {
    return new ReadLedger();
  }

  /**
   * {@code delegate}, with every audit read and every write session recorded here. Use the result
   * wherever root sessions are opened (the readers and the executor), beneath any cache.
   */
  public RootSessionClient recording(RootSessionClient delegate) {
    if (clock == null) {
      return delegate;
    }
    return (account, policy, duration) -> {
      if (policy != TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS) {
        wrote(account);
        return delegate.open(account, policy, duration);
      }
      return new RecordingSession(delegate.open(account, policy, duration));
    };
  }

  /**
   * Whether a read this process made of {@code account} stands for a fresh one now: it started at
   * most {@link #RECENT} ago and not in the future (by the ledger's clock), not before {@code
   * writersExcludedSince}, found exactly {@code basedOn}, and no write session was opened in the
   * account since it started.
   *
   * @param writersExcludedSince since when no other writer can have written (the writer lock held
   *     since then); {@link Instant#MIN} when nothing is known of other writers but this process
   */
  public boolean confirms(AccountId account, Fingerprint basedOn, Instant writersExcludedSince) {
    var now = clock;
    if (now == null) {
      return false;
    }
    Read read;
    synchronized (this) {
      read = reads.get(account);
    }
    if (read == null) {
      return false;
    }
    var instant = now.instant();
    return !read.started().isAfter(instant)
        && !read.started().isBefore(instant.minus(RECENT))
        && !read.started().isBefore(writersExcludedSince)
        && read.fingerprint().equals(basedOn);
  }

  private synchronized void wrote(AccountId account) {
    writes.merge(account, 1L, Long::sum);
    reads.remove(account);
  }

  private synchronized long writesTo(AccountId account) {
    return writes.getOrDefault(account, 0L);
  }

  private synchronized void read(
      AccountId account, Instant started, long writesAtStart, RootCredentials found) {
    if (writesTo(account) != writesAtStart) {
      return; // a write began while this read was in flight: it may show either side
    }
    var previous = reads.get(account);
    if (previous == null || !previous.started().isAfter(started)) {
      reads.put(account, new Read(started, Fingerprint.of(found)));
    }
  }

  @Override
  public String toString() {
    return clock == null ? "ReadLedger[none]" : "ReadLedger[" + RECENT + "]";
  }

  /** An audit session whose reads are recorded. */
  private final class RecordingSession implements RootSession {
    private final RootSession delegate;

    RecordingSession(RootSession delegate) {
      this.delegate = delegate;
    }

    @Override
    public AccountId account() {
      return delegate.account();
    }

    @Override
    public TaskPolicy policy() {
      return delegate.policy();
    }

    @Override
    public Instant expiresAt() {
      return delegate.expiresAt();
    }

    @Override
    public RootCredentials readRootCredentials() {
      var account = delegate.account();
      var writesAtStart = writesTo(account);
      var started = java.util.Objects.requireNonNull(clock).instant();
      var found = delegate.readRootCredentials();
      read(account, started, writesAtStart, found);
      return found;
    }

    // An audit session cannot write (AWS answers AccessDenied); any attempt still counts.
    @Override
    public WriteResult deleteLoginProfile() {
      wrote(delegate.account());
      return delegate.deleteLoginProfile();
    }

    @Override
    public WriteResult deleteAccessKey(String accessKeyId) {
      wrote(delegate.account());
      return delegate.deleteAccessKey(accessKeyId);
    }

    @Override
    public WriteResult deleteSigningCertificate(String certificateId) {
      wrote(delegate.account());
      return delegate.deleteSigningCertificate(certificateId);
    }

    @Override
    public WriteResult deactivateMfaDevice(String serialNumber) {
      wrote(delegate.account());
      return delegate.deactivateMfaDevice(serialNumber);
    }

    @Override
    public WriteResult deleteVirtualMfaDevice(String serialNumber) {
      wrote(delegate.account());
      return delegate.deleteVirtualMfaDevice(serialNumber);
    }

    @Override
    public WriteResult createLoginProfile() {
      wrote(delegate.account());
      return delegate.createLoginProfile();
    }

    @Override
    public void close() {
      delegate.close();
    }

    @Override
    public String toString() {
      return delegate.toString();
    }
  }
}
