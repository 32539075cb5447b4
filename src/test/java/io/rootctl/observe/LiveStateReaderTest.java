package io.rootctl.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootctl.cloud.Backoff;
import io.rootctl.cloud.Retrier;
import io.rootctl.live.ObservationFailed;
import io.rootctl.live.RootCredentials;
import io.rootctl.model.AccountId;
import io.rootctl.model.OrgFeature;
import io.rootctl.model.TaskPolicy;
import io.rootctl.plan.Targets;
import io.rootctl.sim.CallJournal;
import io.rootctl.sim.InMemoryCloud;
import io.rootctl.sim.SimException;
import io.rootctl.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LiveStateReaderTest {
  private static final AccountId MANAGEMENT = AccountId.of("111111111111");
  private static final AccountId LOG_ARCHIVE = AccountId.of("222222222222");
  private static final AccountId STAGING = AccountId.of("666666666666");
  private static final AccountId SUSPENDED = AccountId.of("888888888888");

  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T09:00:00Z"));
  private final InMemoryCloud cloud = InMemoryCloud.demo(clock);
  private final LiveStateReader reader =
      new LiveStateReader(
          cloud,
          cloud,
          new Retrier(Backoff.DEFAULT, clock::advance, () -> 0.5),
          new ReadOptions(4, 3, Duration.ofSeconds(60)));

  private long calls(String operation, AccountId account) {
    return cloud
        .journal()
        .count(
            k ->
                k.operation().equals(operation)
                    && k.account().equals(Optional.of(account.value())));
  }

  @Test
  void readsEveryActiveMemberAccountAndNeitherTheManagementNorASuspendedOne() {
    var live = reader.read();

    assertThat(live.iamTrustedAccess()).isTrue();
    assertThat(live.enabledFeatures())
        .containsExactlyInAnyOrder(
            OrgFeature.ROOT_CREDENTIALS_MANAGEMENT, OrgFeature.ROOT_SESSIONS);
    assertThat(live.roots()).hasSize(9).doesNotContainKeys(MANAGEMENT, SUSPENDED);
    for (var entry : live.roots().entrySet()) {
      assertThat(entry.getValue())
          .as(entry.getKey().value())
          .isEqualTo(cloud.organization().rootCredentials(entry.getKey()));
    }
    assertThat(calls("sts:AssumeRoot", MANAGEMENT)).isZero();
    assertThat(calls("sts:AssumeRoot", SUSPENDED)).isZero();
  }

  @Test
  void usesOneAuditSessionPerAccountAndListsOnlyWhatTheSummarySaysIsThere() {
    var live = reader.read();

    for (var account : live.roots().keySet()) {
      assertThat(cloud.sessionsOpened(account, TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS))
          .isEqualTo(1);
      assertThat(cloud.sessionsOpened(account, TaskPolicy.DELETE_ROOT_USER_CREDENTIALS)).isZero();
    }
    for (var operation :
        List.of("iam:ListAccessKeys", "iam:ListSigningCertificates", "iam:ListMFADevices")) {
      assertThat(calls(operation, LOG_ARCHIVE)).as(operation + " for a clean account").isZero();
    }
    assertThat(calls("iam:GetAccountSummary", LOG_ARCHIVE)).isEqualTo(1);
    assertThat(calls("iam:GetLoginProfile", LOG_ARCHIVE)).isEqualTo(1);
    assertThat(calls("iam:ListSigningCertificates", STAGING)).isEqualTo(1);
  }

  @Test
  void reportsAnUnreadableAccountAsObservationFailedNamingOperationCodeAndRequestId() {
    cloud.failNext("iam:GetAccountSummary", 1, new SimException("AccessDenied", 403, "SCP deny"));

    var live = reader.read();

    var failed =
        live.roots().entrySet().stream()
            .filter(e -> e.getValue() instanceof ObservationFailed)
            .toList();
    assertThat(failed).hasSize(1);
    var observation = (ObservationFailed) failed.get(0).getValue();
    assertThat(observation.retryable()).isFalse();
    assertThat(observation.reason())
        .contains(
            "iam:GetAccountSummary", failed.get(0).getKey().value(), "AccessDenied", "inmem-");
    assertThat(live.roots().values().stream().filter(r -> r instanceof RootCredentials)).hasSize(8);
  }

  @Test
  void retriesThrottlingWithAFreshSessionAndBackoff() {
    cloud.throttleNext("iam:ListAccessKeys", 2);
    var before = clock.instant();

    var live = reader.read();

    assertThat(live.roots().values()).allMatch(r -> r instanceof RootCredentials);
    assertThat(cloud.journal().count("iam:ListAccessKeys", "Throttling")).isEqualTo(2);
    assertThat(clock.instant()).as("backoff went through the sleeper").isAfter(before);
  }

  @Test
  void persistentThrottlingIsARetryableObservationFailureNotNoCredentials() {
    cloud.throttleNext("iam:GetAccountSummary", 100);

    var observation = reader.readAccount(STAGING);

    assertThat(observation)
        .isInstanceOfSatisfying(
            ObservationFailed.class,
            f -> {
              assertThat(f.retryable()).isTrue();
              assertThat(f.reason()).contains("Throttling", "666666666666");
            });
    assertThat(cloud.journal().count("iam:GetAccountSummary", "Throttling")).isEqualTo(3);
  }

  @Test
  void readsNoAccountWhenRootSessionsAreOff() {
    cloud.disableRootFeature(OrgFeature.ROOT_SESSIONS);
    var assumeRootBefore = cloud.journal().count(k -> k.operation().equals("sts:AssumeRoot"));

    var live = reader.read();

    assertThat(live.enabledFeatures()).containsExactly(OrgFeature.ROOT_CREDENTIALS_MANAGEMENT);
    assertThat(live.roots()).hasSize(9);
    assertThat(live.roots().values())
        .allSatisfy(
            r ->
                assertThat(r)
                    .isInstanceOfSatisfying(
                        ObservationFailed.class,
                        f -> assertThat(f.reason()).contains("root sessions are not enabled")));
    assertThat(cloud.journal().count(k -> k.operation().equals("sts:AssumeRoot")))
        .isEqualTo(assumeRootBefore);
  }

  private long assumeRoots() {
    return cloud.journal().count(k -> k.operation().equals("sts:AssumeRoot"));
  }

  @Test
  void auditsOnlyTheTargetedAccountButWalksTheWholeTree() {
    var live = reader.read(Targets.parse(List.of("account:" + STAGING))::selects);

    assertThat(live.tree().accounts()).as("the whole tree is walked").hasSize(11);
    assertThat(live.roots().keySet()).containsExactly(STAGING);
    assertThat(assumeRoots()).as("one root session, in the targeted account").isEqualTo(1);
    assertThat(calls("sts:AssumeRoot", STAGING)).isEqualTo(1);
    assertThat(live.enabledFeatures()).contains(OrgFeature.ROOT_SESSIONS);
  }

  @Test
  void anOuTargetAuditsExactlyTheActiveMembersBeneathIt() {
    var targets = Targets.parse(List.of("ou:/Root/Security"));

    var live = reader.read(targets::selects);

    var expected =
        live.tree().accounts().stream()
            .filter(a -> !live.tree().isManagement(a.id()))
            .filter(a -> a.state() == io.rootctl.live.AccountState.ACTIVE)
            .filter(a -> live.tree().pathOf(a).toString().startsWith("/Root/Security"))
            .map(a -> a.id())
            .toList();
    assertThat(expected).isNotEmpty();
    assertThat(live.roots().keySet()).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(assumeRoots()).isEqualTo(expected.size());
  }

  @Test
  void aTargetOpensNoSessionForOtherAccountsEvenWhenRootSessionsAreOff() {
    cloud.disableRootFeature(OrgFeature.ROOT_SESSIONS);
    var before = assumeRoots();

    var live = reader.read(Targets.parse(List.of("account:" + STAGING))::selects);

    assertThat(live.roots().keySet()).containsExactly(STAGING);
    assertThat(live.roots().get(STAGING)).isInstanceOf(ObservationFailed.class);
    assertThat(assumeRoots()).isEqualTo(before);
  }

  @Test
  void readsASubsetInIdOrderForTheStaleCheck() {
    var subset = reader.readAccounts(List.of(STAGING, LOG_ARCHIVE, STAGING));

    assertThat(subset.keySet()).containsExactly(LOG_ARCHIVE, STAGING);
    assertThat(
            cloud
                .journal()
                .count(
                    k ->
                        k.operation().equals("sts:AssumeRoot")
                            && k.outcome().equals(CallJournal.OK)))
        .isEqualTo(2);
  }

  /** A walk that hands its accounts over one by one, pausing after each as {@code pause} says. */
  private LiveStateReader streamingReader(
      java.util.function.BiConsumer<io.rootctl.live.MemberAccount, Integer> pause) {
    var streaming =
        new io.rootctl.cloud.ForwardingOrganizationClient(cloud) {
          @Override
          public io.rootctl.live.OrganizationTree describeOrganization(AccountPlaced placed) {
            var tree = delegate().describeOrganization();
            var n = 0;
            for (var account : tree.accounts()) {
              placed.placed(tree.managementAccount(), account);
              pause.accept(account, n++);
            }
            return tree;
          }
        };
    return new LiveStateReader(
        streaming,
        cloud,
        new Retrier(Backoff.DEFAULT, clock::advance, () -> 0.5),
        new ReadOptions(4, 3, Duration.ofSeconds(60)));
  }

  @Test
  void anAccountsAuditStartsAsSoonAsTheWalkHasPlacedIt() {
    var reader =
        streamingReader(
            (account, n) -> {
              if (account.id().equals(STAGING)) {
                // The walk goes on only once STAGING's audit session is open: with the phases in
                // sequence (walk, then audits) this never happens and the wait times out.
                org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(
                        () ->
                            cloud.sessionsOpened(STAGING, TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS)
                                == 1);
              }
            });

    var live = reader.read();

    assertThat(live.roots()).hasSize(9).containsKey(STAGING);
  }

  @Test
  void theOverlappedReadEqualsTheSequentialOneAndAnUnreadableAccountStaysUnreadable() {
    cloud
        .organization()
        .failAlways(
            "iam:GetAccountSummary", STAGING, new SimException("AccessDenied", 403, "SCP deny"));

    var overlapped = streamingReader((account, n) -> {}).read();
    var sequential = reader.read(LiveStateReader.EVERY_ACCOUNT.and((t, a) -> true));

    assertThat(overlapped.tree()).isEqualTo(sequential.tree());
    assertThat(overlapped.enabledFeatures()).isEqualTo(sequential.enabledFeatures());
    assertThat(overlapped.roots().keySet()).isEqualTo(sequential.roots().keySet());
    for (var id : sequential.roots().keySet()) {
      if (!id.equals(STAGING)) {
        assertThat(overlapped.roots().get(id)).as(id.value()).isEqualTo(sequential.roots().get(id));
      }
    }
    // Never in sync: the same failure, request id aside.
    assertThat(overlapped.roots().get(STAGING)).isInstanceOf(ObservationFailed.class);
    assertThat(((ObservationFailed) overlapped.roots().get(STAGING)).reason())
        .contains("iam:GetAccountSummary", "AccessDenied", "SCP deny");
  }

  @Test
  void aWalkThatFailsHalfwayFailsTheReadAndStopsTheAudits() {
    var failing =
        streamingReader(
            (account, n) -> {
              if (n == 4) {
                throw new io.rootctl.cloud.TerminalCloudException(
                    io.rootctl.cloud.TerminalCloudException.Kind.ACCESS_DENIED,
                    "organizations:ListAccountsForParent",
                    Optional.empty(),
                    "AccessDenied",
                    "req-1",
                    "denied halfway",
                    null);
              }
            });

    org.assertj.core.api.Assertions.assertThatThrownBy(failing::read)
        .isInstanceOf(io.rootctl.cloud.TerminalCloudException.class)
        .hasMessageContaining("denied halfway");
  }
}
