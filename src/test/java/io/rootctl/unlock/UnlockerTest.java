package io.rootctl.unlock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rootctl.audit.AuditResult;
import io.rootctl.cloud.OrganizationClient;
import io.rootctl.cloud.ResourcePolicyClient;
import io.rootctl.cloud.ResourcePolicyKind;
import io.rootctl.cloud.ResourcePolicySession;
import io.rootctl.cloud.TerminalCloudException;
import io.rootctl.live.OrganizationTree;
import io.rootctl.lock.InMemoryLockObject;
import io.rootctl.lock.LockHeldException;
import io.rootctl.lock.LockOwner;
import io.rootctl.lock.ManualRenewals;
import io.rootctl.lock.S3WriterLock;
import io.rootctl.lock.WriterLock;
import io.rootctl.model.AccountId;
import io.rootctl.model.OrgFeature;
import io.rootctl.model.TaskPolicy;
import io.rootctl.testing.ManualClock;
import io.rootctl.testing.RecordingAuditLog;
import io.rootctl.testing.Trees;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UnlockerTest {
  private static final AccountId AUDIT = AccountId.of("444444444444");
  private static final String DENY_ALL = "{\"Statement\":[{\"Effect\":\"Deny\"}]}";
  private static final UnlockTarget BUCKET =
      new UnlockTarget(AUDIT, ResourcePolicyKind.S3_BUCKET, "locked-data");

  private final FakeOrganization organization = new FakeOrganization();
  private final FakePolicies policies = new FakePolicies();
  private final RecordingAuditLog audit = new RecordingAuditLog();
  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T08:00:00Z"));
  private final InMemoryLockObject lockObject = new InMemoryLockObject();
  private final List<String> unserialised = new ArrayList<>();

  private Unlocker unlocker(WriterLock lock) {
    return new Unlocker(organization, policies, audit, lock, () -> "unlock-0001");
  }

  private Unlocker unlocker() {
    return unlocker(WriterLock.none(() -> unserialised.add("warned")));
  }

  private S3WriterLock s3Lock(String holder) {
    return new S3WriterLock(
        lockObject,
        new LockOwner(holder, "host", 1, "rootctl unlock"),
        clock,
        new ManualRenewals(),
        Duration.ofMinutes(1));
  }

  @Test
  void inspectShowsThePolicyOrNothingAndWritesNothing() {
    policies.policies.put("locked-data", DENY_ALL);

    var shown = unlocker().inspect(BUCKET);

    assertThat(shown.policy()).contains(DENY_ALL);
    assertThat(policies.opened).containsExactly(TaskPolicy.S3_UNLOCK_BUCKET_POLICY);
    assertThat(policies.writes).isEmpty();
    assertThat(audit.entries()).isEmpty();
    assertThat(policies.openSessions).isZero();

    policies.policies.clear();
    assertThat(unlocker().inspect(BUCKET).policy()).isEmpty();
  }

  @Test
  void refusesWithoutRootSessionsBeforeOpeningAnySession() {
    organization.features = EnumSet.of(OrgFeature.ROOT_CREDENTIALS_MANAGEMENT);

    assertThatThrownBy(() -> unlocker().inspect(BUCKET))
        .isInstanceOf(UnlockRefusedException.class)
        .hasMessageContaining("RootSessions")
        .hasMessageContaining("enable-organizations-root-sessions");
    assertThat(policies.opened).isEmpty();
  }

  @Test
  void refusesAnAccountThatIsNotAnActiveMember() {
    for (var account : List.of("123412341234", "111111111111", "888888888888")) {
      var target = new UnlockTarget(AccountId.of(account), ResourcePolicyKind.S3_BUCKET, "b-1");
      assertThatThrownBy(() -> unlocker().inspect(target))
          .as(account)
          .isInstanceOf(UnlockRefusedException.class)
          .hasMessageContaining(account);
    }
    assertThat(policies.opened).isEmpty();
  }

  @Test
  void deletesUnderTheLockJournaledAheadAndReleasesTheLock() {
    policies.policies.put("locked-data", DENY_ALL);
    var lock = s3Lock("alice");
    var unlocker = unlocker(lock);

    var outcome = unlocker.unlock(unlocker.inspect(BUCKET), Optional.empty());

    assertThat(outcome).isEqualTo(Unlocker.Outcome.DELETED);
    assertThat(policies.policies).doesNotContainKey("locked-data");
    assertThat(policies.writes).containsExactly("delete locked-data");
    var entries = audit.entries();
    assertThat(entries)
        .extracting(e -> e.result())
        .containsExactly(AuditResult.STARTED, AuditResult.OK);
    assertThat(entries.get(0).action()).isEqualTo("s3:DeleteBucketPolicy");
    assertThat(entries.get(0).target()).isEqualTo("locked-data");
    assertThat(entries.get(0).account()).contains(AUDIT);
    assertThat(entries.get(0).taskPolicy()).contains(TaskPolicy.S3_UNLOCK_BUCKET_POLICY);
    assertThat(entries.get(1).writeId()).isEqualTo(entries.get(0).writeId());
    assertThat(lockObject.read()).as("the lock is released").isEmpty();
    assertThat(policies.openSessions).isZero();
  }

  @Test
  void replacesWithTheGivenPolicyAsSetQueueAttributesForAQueue() {
    var url = "https://sqs.eu-west-1.amazonaws.com/444444444444/orders";
    var queue = new UnlockTarget(AUDIT, ResourcePolicyKind.SQS_QUEUE, url);
    policies.policies.put(url, DENY_ALL);
    var unlocker = unlocker();

    var outcome = unlocker.unlock(unlocker.inspect(queue), Optional.of("{\"Statement\":[]}"));

    assertThat(outcome).isEqualTo(Unlocker.Outcome.REPLACED);
    assertThat(policies.policies).containsEntry(url, "{\"Statement\":[]}");
    assertThat(policies.opened).containsOnly(TaskPolicy.SQS_UNLOCK_QUEUE_POLICY);
    assertThat(audit.entries()).extracting(e -> e.action()).containsOnly("sqs:SetQueueAttributes");
    assertThat(unserialised).containsExactly("warned");
  }

  @Test
  void refusesWhenThePolicyChangedSinceItWasShown() {
    policies.policies.put("locked-data", DENY_ALL);
    var unlocker = unlocker();
    var shown = unlocker.inspect(BUCKET);
    policies.policies.put("locked-data", "{\"Statement\":[]}");

    assertThatThrownBy(() -> unlocker.unlock(shown, Optional.empty()))
        .isInstanceOf(UnlockRefusedException.class)
        .hasMessageContaining("changed since it was shown");
    assertThat(policies.writes).isEmpty();
    assertThat(audit.entries()).isEmpty();
  }

  @Test
  void anotherWriterHoldingTheLockStopsItBeforeAnyWrite() {
    policies.policies.put("locked-data", DENY_ALL);
    var held = s3Lock("bob").acquire("rev");
    var unlocker = unlocker(s3Lock("alice"));
    var shown = unlocker.inspect(BUCKET);

    assertThatThrownBy(() -> unlocker.unlock(shown, Optional.empty()))
        .isInstanceOf(LockHeldException.class);
    assertThat(policies.writes).isEmpty();
    assertThat(audit.entries()).isEmpty();
    held.close();
  }

  @Test
  void aFailedWriteIsJournaledWithCodeAndRequestAndRethrown() {
    policies.policies.put("locked-data", DENY_ALL);
    policies.failWrites = true;
    var unlocker = unlocker();
    var shown = unlocker.inspect(BUCKET);

    assertThatThrownBy(() -> unlocker.unlock(shown, Optional.empty()))
        .isInstanceOf(TerminalCloudException.class)
        .hasMessageContaining("AccessDenied");
    var entries = audit.entries();
    assertThat(entries)
        .extracting(e -> e.result())
        .containsExactly(AuditResult.STARTED, AuditResult.FAILED);
    var error = entries.get(1).error().orElseThrow();
    assertThat(error.code()).isEqualTo("AccessDenied");
    assertThat(error.requestId()).isEqualTo("req-1");
    assertThat(error.operation()).isEqualTo("s3:DeleteBucketPolicy");
  }

  @Test
  void policyDocumentsAreCheckedAndPrettyPrinted() {
    assertThatThrownBy(() -> PolicyDocuments.requireDocument("{\"Statement\": [\n"))
        .hasMessageContaining("not valid JSON at line 2");
    assertThatThrownBy(() -> PolicyDocuments.requireDocument("[]"))
        .hasMessageContaining("JSON object");
    assertThatThrownBy(() -> PolicyDocuments.requireDocument("{\"Version\":\"2012-10-17\"}"))
        .hasMessageContaining("Statement");
    assertThat(PolicyDocuments.pretty("{\"a\":{\"b\":1}}"))
        .contains("\n  \"a\" : {\n    \"b\" : 1");
    assertThat(PolicyDocuments.pretty("not json")).isEqualTo("not json");
  }

  /** The demo organization, RootSessions on unless a test turns it off. */
  private static final class FakeOrganization implements OrganizationClient {
    Set<OrgFeature> features = EnumSet.allOf(OrgFeature.class);

    @Override
    public OrganizationTree describeOrganization() {
      return Trees.demo();
    }

    @Override
    public Set<OrgFeature> enabledRootFeatures() {
      return features;
    }

    @Override
    public boolean trustedAccessEnabled(String servicePrincipal) {
      return true;
    }

    @Override
    public void enableTrustedAccess(String servicePrincipal) {
      throw new AssertionError("unlock never enables anything");
    }

    @Override
    public void enableRootFeature(OrgFeature feature) {
      throw new AssertionError("unlock never enables anything");
    }

    @Override
    public void disableRootFeature(OrgFeature feature) {
      throw new AssertionError("unlock never disables anything");
    }
  }

  /** Policies by resource, in memory; records the sessions opened and the writes made. */
  private static final class FakePolicies implements ResourcePolicyClient {
    final Map<String, String> policies = new HashMap<>();
    final List<TaskPolicy> opened = new ArrayList<>();
    final List<String> writes = new ArrayList<>();
    int openSessions;
    boolean failWrites;

    @Override
    public ResourcePolicySession open(AccountId account, ResourcePolicyKind kind, String resource) {
      opened.add(kind.taskPolicy());
      openSessions++;
      return new ResourcePolicySession() {
        @Override
        public AccountId account() {
          return account;
        }

        @Override
        public ResourcePolicyKind kind() {
          return kind;
        }

        @Override
        public String resource() {
          return resource;
        }

        @Override
        public Optional<String> read() {
          return Optional.ofNullable(policies.get(resource));
        }

        @Override
        public void delete() {
          fail(kind.deleteOperation(), account);
          writes.add("delete " + resource);
          policies.remove(resource);
        }

        @Override
        public void put(String policy) {
          fail(kind.putOperation(), account);
          writes.add("put " + resource);
          policies.put(resource, policy);
        }

        @Override
        public void close() {
          openSessions--;
        }
      };
    }

    private void fail(String operation, AccountId account) {
      if (failWrites) {
        throw new TerminalCloudException(
            TerminalCloudException.Kind.ACCESS_DENIED,
            operation,
            Optional.of(account.value()),
            "AccessDenied",
            "req-1",
            "denied",
            null);
      }
    }
  }
}
