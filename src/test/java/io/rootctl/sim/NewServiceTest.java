package io.rootctl.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.rootctl.model.AccountId;
import io.rootctl.model.TaskPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * A new service's backend is one class over the shared core, as docs/emulator.md describes: its
 * calls resolve the caller, meet the root session's task policy, the faults and the journal exactly
 * as the built-in services' calls do, without any change to the others.
 */
class NewServiceTest {
  static final AccountId PAYMENTS = AccountId.of("555555555555");

  /** A toy S3 backend, written as a new service's backend is. */
  static final class ToyS3Backend {
    private final CallPipeline pipeline;

    ToyS3Backend(SimulatedOrganization organization) {
      this.pipeline = organization.pipeline();
    }

    String getBucketPolicy(Caller caller) {
      return pipeline.call("s3:GetBucketPolicy", caller, p -> "policy of " + p.account());
    }

    String putBucketAcl(Caller caller) {
      return pipeline.call("s3:PutBucketAcl", caller, p -> "acl of " + p.account());
    }
  }

  final AdjustableClock clock =
      new AdjustableClock(Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC));
  final SimulatedOrganization org = SimulatedOrganization.of(Fixture.demo(), clock);
  final ToyS3Backend s3 = new ToyS3Backend(org);

  Caller session(TaskPolicy policy) {
    return new StsBackend(org)
        .assumeRoot(
            org.managementCredentials().caller(),
            PAYMENTS.value(),
            policy.arn(),
            OptionalInt.empty())
        .caller();
  }

  static SimException error(Runnable call) {
    return catchThrowableOfType(SimException.class, call::run);
  }

  @Test
  void aRootSessionMayCallWhatItsTaskPolicyLeavesPermittedAndTheJournalSaysSo() {
    var unlock = session(TaskPolicy.S3_UNLOCK_BUCKET_POLICY);
    assertThat(s3.getBucketPolicy(unlock)).isEqualTo("policy of 555555555555");
    assertThat(error(() -> s3.putBucketAcl(unlock)).errorCode()).isEqualTo("AccessDenied");
    assertThat(error(() -> s3.getBucketPolicy(session(TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS))))
        .extracting(SimException::errorCode)
        .isEqualTo("AccessDenied");
    var first =
        org.journal().recent().stream().filter(e -> e.operation().startsWith("s3:")).findFirst();
    assertThat(first).isPresent();
    assertThat(first.get().operation()).isEqualTo("s3:GetBucketPolicy");
    assertThat(first.get().account()).contains(PAYMENTS.value());
    assertThat(first.get().policy()).contains(TaskPolicy.S3_UNLOCK_BUCKET_POLICY);
    assertThat(org.journal().count("s3:PutBucketAcl", "AccessDenied")).isEqualTo(1);
  }

  @Test
  void unknownAndExpiredKeysAndQueuedFaultsApplyToIt() {
    // S3 answers an unknown key with its own code (the pipeline knows it since S3 joined).
    assertThat(error(() -> s3.getBucketPolicy(Caller.of("AKIANOTKNOWN00000000"))).errorCode())
        .isEqualTo("InvalidAccessKeyId");
    var unlock = session(TaskPolicy.S3_UNLOCK_BUCKET_POLICY);
    org.failNext("s3:GetBucketPolicy", 1, new SimException("SlowDown", 503, "Please reduce"));
    assertThat(error(() -> s3.getBucketPolicy(unlock)).errorCode()).isEqualTo("SlowDown");
    clock.advance(Duration.ofSeconds(900));
    assertThat(error(() -> s3.getBucketPolicy(unlock)).errorCode())
        .isEqualTo("ExpiredTokenException");
    assertThat(org.journal().countsBy("operation")).containsEntry("s3:GetBucketPolicy", 3L);
  }

  @Test
  void theAdministratorCallsAsItsOwnAccount() {
    assertThat(s3.getBucketPolicy(org.managementCredentials().caller()))
        .isEqualTo("policy of 111111111111");
    assertThat(org.journal().recent().get(0).account()).isEqualTo(Optional.of("111111111111"));
  }
}
