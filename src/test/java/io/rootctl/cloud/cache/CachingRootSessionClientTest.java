package io.rootctl.cloud.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.rootctl.cloud.RootSession;
import io.rootctl.cloud.RootSessionClient;
import io.rootctl.cloud.TerminalCloudException;
import io.rootctl.cloud.WriteResult;
import io.rootctl.live.RootCredentials;
import io.rootctl.model.AccountId;
import io.rootctl.model.TaskPolicy;
import io.rootctl.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CachingRootSessionClientTest {
  private static final AccountId ACCOUNT = AccountId.of("555555555555");
  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T10:00:00Z"));
  private final CountingSessions real = new CountingSessions(clock);
  private final CachingRootSessionClient cached =
      new CachingRootSessionClient(real, Duration.ofHours(1), Duration.ofSeconds(60), clock);

  /**
   * A tiny fake of the port: counts sessions and reads. AWS's clock runs {@link #awsAhead} ahead of
   * rootctl's: sessions expire by it, and a call with an expired session fails as AWS's
   * ExpiredToken does.
   */
  static final class CountingSessions implements RootSessionClient {
    final ManualClock clock;
    final List<TaskPolicy> opened = new ArrayList<>();
    Duration awsAhead = Duration.ZERO;
    RuntimeException writeFailure;
    int reads;
    int closed;

    Instant awsNow() {
      return clock.instant().plus(awsAhead);
    }

    CountingSessions(ManualClock clock) {
      this.clock = clock;
    }

    @Override
    public RootSession open(AccountId account, TaskPolicy policy, Duration duration) {
      opened.add(policy);
      var expires = awsNow().plus(duration);
      return new RootSession() {
        public AccountId account() {
          return account;
        }

        public TaskPolicy policy() {
          return policy;
        }

        public Instant expiresAt() {
          return expires;
        }

        public RootCredentials readRootCredentials() {
          if (!awsNow().isBefore(expires)) {
            throw new TerminalCloudException(
                TerminalCloudException.Kind.SESSION_EXPIRED,
                "iam:GetAccountSummary",
                Optional.of(account.value()),
                "ExpiredToken",
                "req-expired",
                "The security token included in the request is expired",
                null);
          }
          reads++;
          return RootCredentials.none();
        }

        public WriteResult deleteLoginProfile() {
          return WriteResult.DONE;
        }

        public WriteResult deleteAccessKey(String id) {
          if (writeFailure != null) {
            throw writeFailure;
          }
          return WriteResult.DONE;
        }

        public WriteResult deleteSigningCertificate(String id) {
          return WriteResult.DONE;
        }

        public WriteResult deactivateMfaDevice(String serial) {
          return WriteResult.DONE;
        }

        public WriteResult deleteVirtualMfaDevice(String serial) {
          return WriteResult.DONE;
        }

        public WriteResult createLoginProfile() {
          return WriteResult.DONE;
        }

        public void close() {
          closed++;
        }
      };
    }
  }

  private RootCredentials audit() {
    try (var s =
        cached.open(ACCOUNT, TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS, Duration.ofSeconds(900))) {
      return s.readRootCredentials();
    }
  }

  @Test
  void auditsAnAccountAtMostOncePerResync() {
    audit();
    clock.advance(Duration.ofMinutes(5));
    audit();
    clock.advance(Duration.ofMinutes(50));
    audit();

    assertThat(real.reads).isEqualTo(1);
    assertThat(real.opened).containsExactly(TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS);
  }

  /**
   * Issue 13: the re-read before a write (a writer lock taken after the planning read) and the
   * verify read go to AWS, but in the audit session the planning read opened: one event, one
   * AssumeRoot audit session.
   */
  @Test
  void freshReadsReadFromAwsInTheSharedAuditSession() {
    audit();
    var fresh = cached.freshReads();
    for (int i = 0; i < 2; i++) {
      try (var s =
          fresh.open(ACCOUNT, TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS, Duration.ofSeconds(900))) {
        s.readRootCredentials();
      }
    }
    assertThat(real.reads).as("every fresh read goes to AWS").isEqualTo(3);
    assertThat(real.opened).containsExactly(TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS);

    clock.advance(Duration.ofMinutes(14)); // less than the 60 s margin left: a new session
    try (var s =
        fresh.open(ACCOUNT, TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS, Duration.ofSeconds(900))) {
      s.readRootCredentials();
    }
    assertThat(real.opened).hasSize(2);
    audit();
    assertThat(real.reads).as("the audit cache still holds the first read").isEqualTo(4);
  }

  @Test
  void auditsAgainOnceTheResyncPeriodHasPassed() {
    audit();
    clock.advance(Duration.ofMinutes(61));
    audit();

    assertThat(real.reads).isEqualTo(2);
    assertThat(real.opened).as("the first session had expired").hasSize(2);
  }

  @Test
  void reusesASessionOnlyWhileMoreThanTheMarginIsLeft() {
    audit();
    cached.invalidate(ACCOUNT);
    clock.advance(Duration.ofSeconds(900 - 61));
    audit();
    assertThat(real.opened).as("61 s left > 60 s margin: reused").hasSize(1);

    cached.invalidate(ACCOUNT);
    clock.advance(Duration.ofSeconds(1));
    audit();
    assertThat(real.opened).as("60 s left is not more than the margin: a new session").hasSize(2);
    assertThat(real.closed).as("the worn-out session was closed").isEqualTo(1);
  }

  @Test
  void aWriteSessionIsNeverCachedAndDropsTheAccountsAudit() {
    audit();
    try (var s =
        cached.open(ACCOUNT, TaskPolicy.DELETE_ROOT_USER_CREDENTIALS, Duration.ofSeconds(120))) {
      s.deleteAccessKey("AKIAEXAMPLE");
    }
    audit();

    assertThat(real.reads).as("re-audited after the write").isEqualTo(2);
    assertThat(real.opened)
        .containsExactly(
            TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS, TaskPolicy.DELETE_ROOT_USER_CREDENTIALS);
  }

  @Test
  void theUncachedViewAlwaysReadsFresh() {
    audit();
    try (var s =
        cached
            .uncached()
            .open(ACCOUNT, TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS, Duration.ofSeconds(60))) {
      s.readRootCredentials();
    }
    assertThat(real.reads).isEqualTo(2);
  }

  @Test
  void aSessionAwsSaysExpiredIsEvictedAndTheNextAttemptOpensAFreshOne() {
    audit();
    cached.invalidate(ACCOUNT); // the next run reads again, through the cached session
    real.awsAhead = Duration.ofSeconds(901); // AWS's clock: that session is over; ours: 900 s left

    var expired = catchThrowableOfType(TerminalCloudException.class, this::audit);
    assertThat(expired.kind()).isEqualTo(TerminalCloudException.Kind.SESSION_EXPIRED);
    assertThat(real.closed).as("the rejected session was evicted and closed").isEqualTo(1);

    assertThat(audit()).isEqualTo(RootCredentials.none());
    assertThat(real.opened).as("the retry assumed root again").hasSize(2);
    assertThat(real.reads).isEqualTo(2);

    cached.invalidate(ACCOUNT);
    audit();
    assertThat(real.opened).as("the fresh session is cached and reused").hasSize(2);
  }

  @Test
  void aDenialIsNotAnExpiryAndKeepsTheCachedSession() {
    audit();
    real.writeFailure =
        new TerminalCloudException(
            TerminalCloudException.Kind.ACCESS_DENIED,
            "iam:DeleteAccessKey",
            Optional.of(ACCOUNT.value()),
            "AccessDenied",
            "req-denied",
            "an audit session may not delete",
            null);

    try (var s =
        cached.open(ACCOUNT, TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS, Duration.ofSeconds(900))) {
      assertThat(
              catchThrowableOfType(
                  TerminalCloudException.class, () -> s.deleteAccessKey("AKIAEXAMPLE")))
          .as("the denial reaches the caller")
          .isNotNull();
    }
    cached.invalidate(ACCOUNT);
    audit();

    assertThat(real.opened).as("the audit session was reused").hasSize(1);
    assertThat(real.closed).isZero();
  }
}
