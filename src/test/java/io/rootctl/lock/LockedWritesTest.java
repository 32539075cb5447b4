package io.rootctl.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rootctl.cloud.TerminalCloudException;
import io.rootctl.model.AccountId;
import io.rootctl.model.OrgFeature;
import io.rootctl.model.TaskPolicy;
import io.rootctl.sim.InMemoryCloud;
import io.rootctl.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A writer whose lease is lost makes no further AWS write: the write ports refuse it unsent. */
class LockedWritesTest {
  private static final AccountId PAYMENTS = AccountId.of("555555555555");
  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T09:00:00Z"));
  private final InMemoryCloud cloud = InMemoryCloud.demo(clock);
  private final InMemoryLockObject object = new InMemoryLockObject();
  private final ManualRenewals renewals = new ManualRenewals();
  private final S3WriterLock lock =
      new S3WriterLock(
          object,
          new LockOwner("alice", "host", 1, "rootctl apply"),
          clock,
          renewals,
          Duration.ofMinutes(2));

  private long writes() {
    return cloud
        .journal()
        .count(
            k ->
                k.operation().startsWith("iam:Delete")
                    || k.operation().startsWith("iam:Deactivate")
                    || k.operation().startsWith("iam:Enable")
                    || k.operation().startsWith("iam:Disable")
                    || k.operation().equals("iam:CreateLoginProfile"));
  }

  @Test
  void writesPassWhileTheLeaseIsHeldAndAreRefusedUnsentOnceItIsLost() {
    var sessions = LockedWrites.sessions(cloud, lock);
    var lease = lock.acquire("rev-1");
    try (var session =
        sessions.open(PAYMENTS, TaskPolicy.DELETE_ROOT_USER_CREDENTIALS, Duration.ofMinutes(15))) {
      session.deleteLoginProfile();
      assertThat(writes()).isEqualTo(1);

      object.overwrite("{}"); // another writer took the lock over
      renewals.runAll();
      assertThat(lease.lost()).isPresent();

      var keys = session.readRootCredentials().accessKeys();
      assertThat(keys).isNotEmpty();
      assertThatThrownBy(() -> session.deleteAccessKey(keys.get(0).id()))
          .isInstanceOf(TerminalCloudException.class)
          .hasMessageContaining("iam:DeleteAccessKey in account 555555555555 failed")
          .hasMessageContaining(LockedWrites.ERROR_CODE)
          .hasMessageContaining("not sent");
      assertThatThrownBy(session::createLoginProfile).isInstanceOf(TerminalCloudException.class);
      assertThat(writes()).isEqualTo(1);
    }
  }

  @Test
  void organizationSwitchesNeedTheLeaseToo() {
    var organization = LockedWrites.organization(cloud, lock);
    assertThatThrownBy(() -> organization.disableRootFeature(OrgFeature.ROOT_SESSIONS))
        .isInstanceOf(TerminalCloudException.class)
        .hasMessageContaining(LockedWrites.ERROR_CODE);
    assertThat(writes()).isZero();
    assertThat(organization.enabledRootFeatures()).contains(OrgFeature.ROOT_SESSIONS);
  }
}
