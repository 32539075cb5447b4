package io.rootctl.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rootctl.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The writer lock's rules over an in-memory object with S3's conditional writes. */
class S3WriterLockTest {
  private static final Duration TTL = Duration.ofMinutes(2);
  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T05:00:00Z"));
  private final InMemoryLockObject object = new InMemoryLockObject();
  private final ManualRenewals renewals = new ManualRenewals();
  private final AtomicInteger ids = new AtomicInteger();

  private S3WriterLock lock(String holder, String command) {
    return new S3WriterLock(
        object,
        new LockOwner(holder, holder + "-host", 42, command),
        clock,
        renewals,
        TTL,
        () -> "lock-" + ids.incrementAndGet());
  }

  @Test
  void theFirstWriterTakesTheLockAndRecordsWhoWhereWhatAndUntilWhen() {
    var lease = lock("alice", "rootctl apply").acquire("rev-1");

    var stored = LockInfo.fromJson(object.read().orElseThrow().body());
    assertThat(stored).isEqualTo(lease.info());
    assertThat(stored.holder()).isEqualTo("alice");
    assertThat(stored.host()).isEqualTo("alice-host");
    assertThat(stored.pid()).isEqualTo(42);
    assertThat(stored.command()).isEqualTo("rootctl apply");
    assertThat(stored.revision()).isEqualTo("rev-1");
    assertThat(stored.created()).isEqualTo(clock.instant());
    assertThat(stored.expires()).isEqualTo(clock.instant().plus(TTL));
    assertThat(renewals.period).isEqualTo(TTL.dividedBy(4));
  }

  @Test
  void aSecondWriterFailsAtOnceNamingTheFirstAndHowToForceUnlock() {
    var first = lock("alice", "rootctl controller").acquire("rev-1");
    clock.advance(Duration.ofSeconds(10));
    int writesBefore = object.writes;

    assertThatThrownBy(() -> lock("bob", "rootctl apply").acquire("rev-2"))
        .isInstanceOf(LockHeldException.class)
        .hasMessageContaining("Error acquiring the writer lock")
        .hasMessageContaining("s3://locks/rootctl.lock")
        .hasMessageContaining("alice")
        .hasMessageContaining("alice-host (pid 42)")
        .hasMessageContaining("rootctl controller")
        .hasMessageContaining("rev-1")
        .hasMessageContaining("Created:   " + first.info().created())
        .hasMessageContaining(
            "rootctl force-unlock " + first.info().id() + " --lock-url s3://locks/rootctl.lock");
    assertThat(object.writes).isEqualTo(writesBefore);
    assertThat(LockInfo.fromJson(object.read().orElseThrow().body()).id())
        .isEqualTo(first.info().id());
  }

  @Test
  void aLapsedLockIsTakenOverAndTheTakeOverSaysWhose() {
    var first = lock("alice", "rootctl apply").acquire("rev-1");
    renewals.tasks.clear(); // alice's process is gone: no renewal
    clock.advance(TTL);

    var second = lock("bob", "rootctl apply").acquire("rev-2");

    assertThat(second.tookOver()).contains(first.info());
    assertThat(LockInfo.fromJson(object.read().orElseThrow().body()).holder()).isEqualTo("bob");
  }

  @Test
  void aLockOneMillisecondBeforeItsExpiryIsStillHeld() {
    lock("alice", "rootctl apply").acquire("rev-1");
    renewals.tasks.clear();
    clock.advance(TTL.minusMillis(1));

    assertThatThrownBy(() -> lock("bob", "rootctl apply").acquire("rev-2"))
        .isInstanceOf(LockHeldException.class);
  }

  @Test
  void renewalKeepsTheLeaseBeyondItsFirstExpiry() {
    var writer = lock("alice", "rootctl apply");
    var lease = writer.acquire("rev-1");
    for (int i = 0; i < 8; i++) {
      clock.advance(TTL.dividedBy(4));
      renewals.runAll();
    }

    assertThat(lease.lost()).isEmpty();
    writer.checkWrite("iam:DeleteAccessKey");
    var stored = LockInfo.fromJson(object.read().orElseThrow().body());
    assertThat(stored.expires()).isEqualTo(clock.instant().plus(TTL));
    assertThat(stored.created()).isEqualTo(lease.info().created());
    assertThatThrownBy(() -> lock("bob", "rootctl apply").acquire("rev-2"))
        .isInstanceOf(LockHeldException.class);
  }

  @Test
  void withoutRenewalTheLeaseIsLostAtItsExpiryAndWritesAreRefused() {
    var writer = lock("alice", "rootctl apply");
    var lease = writer.acquire("rev-1");
    writer.checkWrite("iam:DeleteAccessKey");
    clock.advance(TTL);

    assertThat(lease.lost()).get().asString().contains("lapsed");
    assertThatThrownBy(() -> writer.checkWrite("iam:DeleteAccessKey"))
        .isInstanceOf(LockLostException.class)
        .hasMessageContaining("iam:DeleteAccessKey")
        .hasMessageContaining("lapsed");
  }

  @Test
  void confirmAfterTheLastWriteFindsAChangeBetweenTwoRenewals() {
    var writer = lock("alice", "rootctl apply");
    var lease = writer.acquire("rev-1");
    assertThat(lease.confirm()).isEmpty();
    object.overwrite("{\"taken\":\"over\"}");

    assertThat(lease.lost()).as("no renewal has run yet").isEmpty();
    assertThat(lease.confirm()).get().asString().contains("changed by someone else");
  }

  @Test
  void aLeaseWhoseObjectChangedIsLostAtTheNextRenewal() {
    var writer = lock("alice", "rootctl apply");
    var lease = writer.acquire("rev-1");
    object.overwrite("{\"taken\":\"over\"}");
    clock.advance(TTL.dividedBy(4));
    renewals.runAll();

    assertThat(lease.lost()).get().asString().contains("changed by someone else");
    assertThatThrownBy(() -> writer.checkWrite("iam:CreateLoginProfile"))
        .isInstanceOf(LockLostException.class);
  }

  @Test
  void aForceUnlockedLeaseIsLostAtTheNextRenewal() {
    var writer = lock("alice", "rootctl apply");
    var lease = writer.acquire("rev-1");
    lock("admin", "rootctl force-unlock").forceUnlock(lease.info().id());
    assertThat(object.read()).isEmpty();
    renewals.runAll();

    assertThat(lease.lost()).isPresent();
    assertThatThrownBy(() -> writer.checkWrite("iam:DeleteLoginProfile"))
        .isInstanceOf(LockLostException.class);
  }

  @Test
  void aRenewalThatFailsForAnotherReasonKeepsTheLeaseUntilItsExpiry() {
    var failing =
        new InMemoryLockObject() {
          boolean down;

          @Override
          public synchronized String replace(String body, String etag) {
            if (down) {
              throw new LockUnavailableException("503 SlowDown", null);
            }
            return super.replace(body, etag);
          }
        };
    var writer = new S3WriterLock(failing, new LockOwner("a", "h", 1, "c"), clock, renewals, TTL);
    var lease = writer.acquire("rev-1");
    failing.down = true;
    clock.advance(TTL.dividedBy(2));
    renewals.runAll();
    assertThat(lease.lost()).isEmpty();
    clock.advance(TTL.dividedBy(2));
    assertThat(lease.lost()).isPresent();
  }

  @Test
  void closingReleasesTheLockAndStopsRenewing() {
    var writer = lock("alice", "rootctl apply");
    var lease = writer.acquire("rev-1");
    lease.close();

    assertThat(object.read()).isEmpty();
    assertThat(renewals.tasks).isEmpty();
    assertThatThrownBy(() -> writer.checkWrite("iam:DeleteAccessKey"))
        .isInstanceOf(LockLostException.class)
        .hasMessageContaining("does not hold");
    lock("bob", "rootctl apply").acquire("rev-2");
  }

  @Test
  void closingALeaseTakenOverByAnotherLeavesTheirLock() {
    var lease = lock("alice", "rootctl apply").acquire("rev-1");
    renewals.tasks.clear();
    clock.advance(TTL);
    var bob = lock("bob", "rootctl apply").acquire("rev-2");

    lease.close();

    assertThat(LockInfo.fromJson(object.read().orElseThrow().body()).id())
        .isEqualTo(bob.info().id());
  }

  @Test
  void noWriteIsAllowedBeforeTheLockIsTaken() {
    assertThatThrownBy(() -> lock("alice", "rootctl apply").checkWrite("iam:DeleteAccessKey"))
        .isInstanceOf(LockLostException.class);
  }

  @Test
  void forceUnlockNeedsTheLocksId() {
    var lease = lock("alice", "rootctl apply").acquire("rev-1");
    var admin = lock("admin", "rootctl force-unlock");

    assertThatThrownBy(() -> admin.forceUnlock("not-the-id"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(lease.info().id());
    assertThat(object.read()).isPresent();
    assertThat(admin.forceUnlock(lease.info().id())).isEqualTo(lease.info());
    assertThat(object.read()).isEmpty();
    assertThatThrownBy(() -> admin.forceUnlock(lease.info().id()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no writer lock");
  }

  @Test
  void aLockObjectRootctlDidNotWriteStopsTheWriter() {
    object.overwrite("<html>not a lock</html>");

    assertThatThrownBy(() -> lock("alice", "rootctl apply").acquire("rev-1"))
        .isInstanceOf(LockUnavailableException.class)
        .hasMessageContaining("did not write");
  }

  @Test
  void theLockInfoRoundTripsThroughJsonAndRefusesMissingFields() {
    var info =
        new LockInfo(
            "id-1",
            "alice",
            "host",
            7,
            "rootctl apply",
            "abc123",
            Instant.parse("2026-12-01T05:00:00Z"),
            Instant.parse("2026-12-01T05:02:00Z"));
    assertThat(LockInfo.fromJson(info.toJson())).isEqualTo(info);
    assertThatThrownBy(() -> LockInfo.fromJson("{\"id\":\"x\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no holder");
  }

  @Test
  void aHostileLockObjectIsShownEscapedNeverRaw() {
    var hostile =
        new LockInfo(
            "y\u001b]0;PWNED\u0007\u001b[2J",
            "a\u001b[31m",
            "h\nFAKE: lock released",
            1,
            "rootctl apply\u202e",
            "rev",
            Instant.parse("2026-12-01T05:00:00Z"),
            Instant.parse("2099-12-01T05:02:00Z"));

    var message = new LockHeldException(hostile, "s3://b/k").getMessage();
    var summary = LockHeldException.summary(hostile, "s3://b/k");

    for (var text : java.util.List.of(message, summary)) {
      assertThat(text)
          .doesNotContain("\u001b", "\u0007", "\u202e", "\nFAKE")
          .contains("\\u001b]0;PWNED")
          .contains("h\\nFAKE: lock released");
    }
  }

  @Test
  void withoutALocationWritersAreNotSerialisedAndItIsSaidOnce() {
    var said = new AtomicInteger();
    var none = WriterLock.none(said::incrementAndGet);
    none.acquire("rev-1").close();
    none.acquire("rev-2").close();
    none.checkWrite("iam:DeleteAccessKey");

    assertThat(said).hasValue(1);
    assertThat(none.serialises()).isFalse();
  }

  @Test
  void lockUrlsAreS3BucketAndKey() {
    assertThat(LockUrl.parse("s3://my-locks/rootctl/writer.lock"))
        .isEqualTo(new LockUrl("my-locks", "rootctl/writer.lock"));
    assertThat(LockUrl.parse("s3://my-locks/k").toString()).isEqualTo("s3://my-locks/k");
    for (var bad : new String[] {"https://b/k", "s3://my-locks", "s3://my-locks/", "s3://B_/k"}) {
      assertThatThrownBy(() -> LockUrl.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
