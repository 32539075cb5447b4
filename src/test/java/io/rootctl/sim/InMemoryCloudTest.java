package io.rootctl.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.rootctl.cloud.OrganizationClient;
import io.rootctl.cloud.RetryableCloudException;
import io.rootctl.cloud.RootSessionClient;
import io.rootctl.cloud.TerminalCloudException;
import io.rootctl.cloud.TerminalCloudException.Kind;
import io.rootctl.live.AccessKey;
import io.rootctl.live.AccountState;
import io.rootctl.live.MemberAccount;
import io.rootctl.live.MfaDevice;
import io.rootctl.live.RootCredentials;
import io.rootctl.model.AccountId;
import io.rootctl.model.OrgFeature;
import io.rootctl.model.OuPath;
import io.rootctl.model.TaskPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InMemoryCloudTest {
  static final AccountId PAYMENTS = AccountId.of("555555555555");
  static final AccountId STAGING = AccountId.of("666666666666");
  static final AccountId LOG_ARCHIVE = AccountId.of("222222222222");
  static final Duration FULL = RootSessionClient.MAX_DURATION;

  final AdjustableClock clock =
      new AdjustableClock(Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC));
  final InMemoryCloud cloud = InMemoryCloud.demo(clock);

  static TerminalCloudException terminal(Runnable call) {
    return catchThrowableOfType(TerminalCloudException.class, call::run);
  }

  @Test
  void listsPoliciesDescribesThemAndListsTheirTargets() {
    var org = cloud.organization();
    assertThat(cloud.listPolicies("SERVICE_CONTROL_POLICY"))
        .extracting(p -> p.id() + " " + p.name() + " " + p.type() + " " + p.awsManaged())
        .containsExactly("p-FullAWSAccess FullAWSAccess SERVICE_CONTROL_POLICY true");
    var deny = "{\"Statement\": [{\"Effect\": \"Deny\", \"Action\": \"iam:*\"}]}";
    // more than a page (20) of SCPs
    for (int i = 0; i < 21; i++) {
      org.attachPolicy("S" + i, "SERVICE_CONTROL_POLICY", deny, "ou-ex12-aaaaaaa2");
    }
    var rcp = org.attachPolicy("R", "RESOURCE_CONTROL_POLICY", deny, "555555555555");
    assertThat(cloud.listPolicies("SERVICE_CONTROL_POLICY")).hasSize(22);
    assertThat(cloud.listPolicies("RESOURCE_CONTROL_POLICY"))
        .extracting(p -> p.id() + " " + p.awsManaged())
        .containsExactly(rcp + " false");
    var described = cloud.describePolicy(rcp);
    assertThat(described.content()).isEqualTo(deny);
    assertThat(described.type()).isEqualTo("RESOURCE_CONTROL_POLICY");
    assertThat(cloud.targetsForPolicy(rcp))
        .extracting(t -> t.targetId() + " " + t.type() + " " + t.name())
        .containsExactly("555555555555 ACCOUNT prod-payments");
    assertThat(terminal(() -> cloud.describePolicy("p-zzzzzzzz")).kind())
        .isNotEqualTo(Kind.ACCESS_DENIED);
    // FullAWSAccess is attached to the root, every OU and every account, as in AWS
    assertThat(cloud.targetsForPolicy("p-FullAWSAccess"))
        .extracting(t -> t.targetId())
        .contains("r-ex12", "ou-ex12-aaaaaaa2", "555555555555");
    var member = new InMemoryCloud(org, org.addAdminCredentials(STAGING));
    assertThat(terminal(() -> member.listPolicies("SERVICE_CONTROL_POLICY")).kind())
        .isEqualTo(Kind.ACCESS_DENIED);
    assertThat(terminal(() -> member.targetsForPolicy(rcp)).kind()).isEqualTo(Kind.ACCESS_DENIED);
  }

  @Test
  void describesTheWholeDemoTree() {
    var tree = cloud.describeOrganization();
    assertThat(tree.organizationId()).isEqualTo("o-exampleorg1");
    assertThat(tree.managementAccount()).isEqualTo(AccountId.of("111111111111"));
    assertThat(tree.rootId()).isEqualTo("r-ex12");
    assertThat(tree.units()).hasSize(6);
    assertThat(tree.unitAt(OuPath.parse("/Root/Workloads/NonProd"))).isPresent();
    assertThat(tree.accounts()).hasSize(11);
    assertThat(tree.account(AccountId.of("888888888888")).map(MemberAccount::state))
        .contains(AccountState.SUSPENDED);
    assertThat(tree.pathOf(tree.account(PAYMENTS).orElseThrow()))
        .isEqualTo(OuPath.parse("/Root/Workloads/Prod"));
  }

  @Test
  void describesAGeneratedTreeAcrossManyPages() {
    var big =
        new InMemoryCloud(
            SimulatedOrganization.of(
                FixtureGenerator.generate(new GeneratorSpec(1200, 60, 9, 0.1)), clock));
    var tree = big.describeOrganization();
    assertThat(tree.accounts()).hasSize(1200);
    assertThat(tree.units()).hasSize(60);
    assertThat(tree.units()).allSatisfy(u -> assertThat(u.path().depth()).isBetween(1, 5));
  }

  @Test
  void readsFeaturesAndTrustedAccess() {
    assertThat(cloud.enabledRootFeatures()).containsExactlyInAnyOrder(OrgFeature.values());
    assertThat(cloud.trustedAccessEnabled(OrganizationClient.IAM_SERVICE_PRINCIPAL)).isTrue();
    assertThat(cloud.trustedAccessEnabled("sso.amazonaws.com")).isFalse();
    cloud.disableRootFeature(OrgFeature.ROOT_SESSIONS);
    cloud.disableRootFeature(OrgFeature.ROOT_SESSIONS);
    assertThat(cloud.enabledRootFeatures()).containsExactly(OrgFeature.ROOT_CREDENTIALS_MANAGEMENT);
    cloud.enableRootFeature(OrgFeature.ROOT_SESSIONS);
    cloud.enableTrustedAccess("sso.amazonaws.com");
    cloud.enableTrustedAccess("sso.amazonaws.com");
    assertThat(cloud.trustedAccessEnabled("sso.amazonaws.com")).isTrue();
    assertThat(cloud.enabledRootFeatures()).hasSize(2);
  }

  @Test
  void featuresWithoutTrustedAccessAreNotEnabled() {
    var demo = Fixture.demo();
    var noTrust =
        new Fixture(
            demo.organizationId(),
            demo.managementAccountId(),
            demo.root(),
            demo.enabledFeatures(),
            List.of(),
            List.of(),
            demo.organizationalUnits(),
            demo.accounts(),
            null);
    var c = new InMemoryCloud(SimulatedOrganization.of(noTrust, clock));
    var e = terminal(c::enabledRootFeatures);
    assertThat(e.kind()).isEqualTo(Kind.NOT_ENABLED);
    assertThat(e.errorCode()).isEqualTo("ServiceAccessNotEnabledException");
    assertThat(e.operation()).isEqualTo("iam:ListOrganizationsFeatures");
  }

  @Test
  void auditSessionReadsWhatTheRootUserHolds() {
    try (var s = cloud.open(PAYMENTS, TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS, FULL)) {
      var creds = s.readRootCredentials();
      assertThat(creds)
          .isEqualTo(
              new RootCredentials(
                  Optional.empty(),
                  Optional.of(false),
                  List.of(
                      new AccessKey(
                          "AKIAEXAMPLEPAYMNT001",
                          "Active",
                          Instant.parse("2022-02-10T10:30:00Z"),
                          Optional.of(Instant.parse("2026-11-20T07:45:00Z")))),
                  List.of(),
                  List.of(
                      new MfaDevice(
                          "arn:aws:iam::555555555555:mfa/root-account-mfa-device",
                          true,
                          Instant.parse("2022-02-10T10:35:00Z")))));
      assertThat(s.expiresAt()).isEqualTo(Instant.parse("2026-11-23T10:15:00Z"));
    }
    try (var s = cloud.open(STAGING, TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS, FULL)) {
      var creds = s.readRootCredentials();
      assertThat(creds.loginProfile()).isPresent();
      assertThat(creds.passwordPresent()).contains(true);
      assertThat(creds.accessKeys()).extracting(AccessKey::status).containsExactly("Inactive");
      assertThat(creds.signingCertificates()).hasSize(1);
    }
  }

  @Test
  void auditOfACleanAccountReadsOnlyTheSummaryAndLoginProfile() {
    try (var s = cloud.open(LOG_ARCHIVE, TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS, FULL)) {
      assertThat(s.readRootCredentials()).isEqualTo(RootCredentials.none());
    }
    var operations =
        cloud.journal().recent(e -> e.account().equals(Optional.of(LOG_ARCHIVE.value()))).stream()
            .map(CallJournal.Entry::operation)
            .toList();
    assertThat(operations)
        .containsExactly("sts:AssumeRoot", "iam:GetAccountSummary", "iam:GetLoginProfile");
  }

  @Test
  void deleteSessionRemovesEverythingAndIsIdempotent() {
    try (var s = cloud.open(STAGING, TaskPolicy.DELETE_ROOT_USER_CREDENTIALS, FULL)) {
      var before = s.readRootCredentials();
      assertThat(before.passwordPresent()).as("a delete session cannot read the summary").isEmpty();
      for (int attempt = 0; attempt < 2; attempt++) {
        s.deleteLoginProfile();
        s.deleteAccessKey("AKIAEXAMPLESTAGING01");
        s.deleteSigningCertificate("ASCAEXAMPLESTAGING01");
      }
      assertThat(s.readRootCredentials().isEmpty()).isTrue();
    }
    assertThat(cloud.organization().rootCredentials(STAGING).isEmpty()).isTrue();
    assertThat(cloud.journal().count("iam:GetAccountSummary", CallJournal.OK)).isZero();
  }

  @Test
  void virtualMfaIsDeactivatedThenDeleted() {
    var serial = "arn:aws:iam::555555555555:mfa/root-account-mfa-device";
    try (var s = cloud.open(PAYMENTS, TaskPolicy.DELETE_ROOT_USER_CREDENTIALS, FULL)) {
      var early = terminal(() -> s.deleteVirtualMfaDevice(serial));
      assertThat(early.kind()).isEqualTo(Kind.INVALID_REQUEST);
      assertThat(early.errorCode()).isEqualTo("DeleteConflict");
      s.deactivateMfaDevice(serial);
      s.deactivateMfaDevice(serial);
      s.deleteVirtualMfaDevice(serial);
      s.deleteVirtualMfaDevice(serial);
    }
    assertThat(cloud.organization().rootCredentials(PAYMENTS).mfaDevices()).isEmpty();
  }

  @Test
  void createLoginProfileIsIdempotent() {
    try (var s = cloud.open(LOG_ARCHIVE, TaskPolicy.CREATE_ROOT_USER_PASSWORD, FULL)) {
      s.createLoginProfile();
      s.createLoginProfile();
    }
    assertThat(cloud.organization().rootCredentials(LOG_ARCHIVE).loginProfile()).isPresent();
  }

  @Test
  void callsOutsideTheTaskPolicyAreAccessDenied() {
    try (var s = cloud.open(PAYMENTS, TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS, FULL)) {
      var e = terminal(() -> s.deleteAccessKey("AKIAEXAMPLEPAYMNT001"));
      assertThat(e.kind()).isEqualTo(Kind.ACCESS_DENIED);
      assertThat(e.account()).contains("555555555555");
      assertThat(e.operation()).isEqualTo("iam:DeleteAccessKey");
    }
    try (var s = cloud.open(PAYMENTS, TaskPolicy.CREATE_ROOT_USER_PASSWORD, FULL)) {
      assertThat(terminal(s::readRootCredentials).kind()).isEqualTo(Kind.ACCESS_DENIED);
    }
  }

  @Test
  void anExpiredSessionIsSessionExpired() {
    try (var s =
        cloud.open(PAYMENTS, TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS, Duration.ofSeconds(60))) {
      clock.advance(Duration.ofSeconds(60));
      assertThat(terminal(s::readRootCredentials).kind()).isEqualTo(Kind.SESSION_EXPIRED);
    }
  }

  @Test
  void openingOnTheManagementAccountIsAccessDenied() {
    var e =
        terminal(
            () ->
                cloud.open(
                    AccountId.of("111111111111"), TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS, FULL));
    assertThat(e.kind()).isEqualTo(Kind.ACCESS_DENIED);
    assertThat(e.operation()).isEqualTo("sts:AssumeRoot");
    assertThat(e.getMessage()).contains("111111111111").contains("AccessDenied");
  }

  @Test
  void throttlingAndServerErrorsAreRetryable() {
    cloud.throttleNext("sts:AssumeRoot", 1);
    var e =
        catchThrowableOfType(
            RetryableCloudException.class,
            () -> cloud.open(PAYMENTS, TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS, FULL));
    assertThat(e.errorCode()).isEqualTo("Throttling");
    cloud.throttleNext("organizations:ListAccountsForParent", 1);
    assertThat(
            catchThrowableOfType(RetryableCloudException.class, cloud::describeOrganization)
                .errorCode())
        .isEqualTo("TooManyRequestsException");
    cloud.organization().setFaultSettings(FaultSettings.none().withFaultRate(1));
    assertThat(
            catchThrowableOfType(RetryableCloudException.class, cloud::enabledRootFeatures)
                .errorCode())
        .isEqualTo("ServiceFailure");
  }

  @Test
  void journalTellsWhichSessionsWereOpened() {
    try (var s = cloud.open(PAYMENTS, TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS, FULL)) {
      s.readRootCredentials();
    }
    assertThat(cloud.sessionsOpened(PAYMENTS, TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS)).isEqualTo(1);
    assertThat(cloud.sessionsOpened(PAYMENTS, TaskPolicy.DELETE_ROOT_USER_CREDENTIALS)).isZero();
    assertThat(cloud.sessionsOpened(LOG_ARCHIVE, TaskPolicy.DELETE_ROOT_USER_CREDENTIALS)).isZero();
  }

  @Test
  void sessionToStringHidesCredentials() {
    try (var s = cloud.open(PAYMENTS, TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS, FULL)) {
      assertThat(s.toString())
          .contains("555555555555")
          .doesNotContain("ASIA")
          .doesNotContain("sim/");
    }
  }
}
