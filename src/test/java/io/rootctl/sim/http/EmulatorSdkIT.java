package io.rootctl.sim.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import io.rootctl.model.AccountId;
import io.rootctl.model.TaskPolicy;
import io.rootctl.sim.AdjustableClock;
import io.rootctl.sim.CallJournal;
import io.rootctl.sim.FaultSettings;
import io.rootctl.sim.Fixture;
import io.rootctl.sim.FixtureGenerator;
import io.rootctl.sim.GeneratorSpec;
import io.rootctl.sim.SimulatedOrganization;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.DeleteConflictException;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.FeatureType;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.ServiceAccessNotEnabledException;
import software.amazon.awssdk.services.iam.model.StatusType;
import software.amazon.awssdk.services.iam.model.SummaryKeyType;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.AccessDeniedException;
import software.amazon.awssdk.services.organizations.model.AccountAlreadyRegisteredException;
import software.amazon.awssdk.services.organizations.model.AccountState;
import software.amazon.awssdk.services.organizations.model.ChildNotFoundException;
import software.amazon.awssdk.services.organizations.model.ChildType;
import software.amazon.awssdk.services.organizations.model.InvalidInputException;
import software.amazon.awssdk.services.organizations.model.ParentNotFoundException;
import software.amazon.awssdk.services.organizations.model.ParentType;
import software.amazon.awssdk.services.organizations.model.PolicyNotFoundException;
import software.amazon.awssdk.services.organizations.model.TargetType;
import software.amazon.awssdk.services.organizations.model.TooManyRequestsException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.StsException;

/** Every emulated operation, driven through the real AWS SDK v2 clients over HTTP. */
class EmulatorSdkIT {
  static final String PAYMENTS = "555555555555";
  static final String STAGING = "666666666666";
  static final String LOG_ARCHIVE = "222222222222";

  final AdjustableClock clock = new AdjustableClock(Clock.systemUTC());
  SimulatedOrganization org;
  EmulatorServer server;
  OrganizationsClient organizations;
  IamClient iam;
  StsClient sts;

  @BeforeEach
  void start() {
    org = SimulatedOrganization.of(Fixture.demo(), clock);
    server = new EmulatorServer(org, 0).start();
    var admin = SdkClients.of(org.managementCredentials());
    organizations = SdkClients.organizations(server.endpoint(), admin);
    iam = SdkClients.iam(server.endpoint(), admin);
    sts = SdkClients.sts(server.endpoint(), admin);
  }

  @AfterEach
  void stop() {
    organizations.close();
    iam.close();
    sts.close();
    server.close();
  }

  IamClient rootSession(String account, TaskPolicy policy) {
    var creds =
        sts.assumeRoot(r -> r.targetPrincipal(account).taskPolicyArn(p -> p.arn(policy.arn())))
            .credentials();
    return SdkClients.iam(
        server.endpoint(),
        software.amazon.awssdk.auth.credentials.AwsSessionCredentials.create(
            creds.accessKeyId(), creds.secretAccessKey(), creds.sessionToken()));
  }

  static <T extends AwsServiceException> T thrown(Class<T> type, Runnable call) {
    var e = catchThrowableOfType(type, call::run);
    assertThat(e).as("expected %s", type.getSimpleName()).isNotNull();
    return e;
  }

  // ------------------------------------------------------------ Organizations

  @Test
  void organizationsReadsTheTree() {
    var o = organizations.describeOrganization().organization();
    assertThat(o.id()).isEqualTo("o-exampleorg1");
    assertThat(o.masterAccountId()).isEqualTo("111111111111");
    assertThat(o.featureSetAsString()).isEqualTo("ALL");
    var root = organizations.listRoots().roots().get(0);
    assertThat(root.id()).isEqualTo("r-ex12");
    assertThat(root.name()).isEqualTo("Root");
    var ous =
        organizations.listOrganizationalUnitsForParentPaginator(r -> r.parentId("r-ex12")).stream()
            .flatMap(p -> p.organizationalUnits().stream())
            .toList();
    assertThat(ous)
        .extracting(u -> u.name())
        .containsExactly("Security", "Workloads", "Sandbox", "Suspended");
    var prod = organizations.listAccountsForParent(r -> r.parentId("ou-ex12-aaaaaaa3")).accounts();
    assertThat(prod)
        .extracting(a -> a.id())
        .containsExactly(PAYMENTS, "555555555556", "999999999999");
    assertThat(prod.get(0).state()).isEqualTo(AccountState.ACTIVE);
    assertThat(prod.get(0).joinedTimestamp())
        .isEqualTo(java.time.Instant.parse("2022-02-10T10:00:00Z"));
    var all =
        organizations.listAccountsPaginator().stream().flatMap(p -> p.accounts().stream()).toList();
    assertThat(all).hasSize(11);
    assertThat(all)
        .filteredOn(a -> a.id().equals("888888888888"))
        .extracting(a -> a.state())
        .containsExactly(AccountState.SUSPENDED);
    var parents = organizations.listParents(r -> r.childId(PAYMENTS)).parents();
    assertThat(parents).hasSize(1);
    assertThat(parents.get(0).id()).isEqualTo("ou-ex12-aaaaaaa3");
    assertThat(parents.get(0).type()).isEqualTo(ParentType.ORGANIZATIONAL_UNIT);
  }

  @Test
  void organizationsErrorsAreTypedWithCodesAndStatus() {
    var child =
        thrown(
            ChildNotFoundException.class,
            () -> organizations.listParents(r -> r.childId("123456789012")));
    assertThat(child.awsErrorDetails().errorCode()).isEqualTo("ChildNotFoundException");
    assertThat(child.statusCode()).isEqualTo(400);
    assertThat(child.requestId()).isNotBlank();
    thrown(
        ParentNotFoundException.class,
        () -> organizations.listAccountsForParent(r -> r.parentId("ou-ex12-zzzzzzzz")));
    var token =
        thrown(
            InvalidInputException.class,
            () -> organizations.listAccounts(r -> r.nextToken("garbage")));
    assertThat(token.reasonAsString()).isEqualTo("INVALID_NEXT_TOKEN");
    var size =
        thrown(
            InvalidInputException.class, () -> organizations.listAccounts(r -> r.maxResults(21)));
    assertThat(size.reasonAsString()).isEqualTo("MAX_VALUE_EXCEEDED");
  }

  @Test
  void listChildrenListsAccountsAndOusByIdPageByPageWithTheSdkPaginator() {
    var accounts =
        organizations
            .listChildrenPaginator(
                r -> r.parentId("ou-ex12-aaaaaaa3").childType(ChildType.ACCOUNT).maxResults(1))
            .stream()
            .flatMap(p -> p.children().stream())
            .toList();
    assertThat(accounts)
        .extracting(c -> c.id())
        .containsExactly(PAYMENTS, "555555555556", "999999999999");
    assertThat(accounts).extracting(c -> c.type()).containsOnly(ChildType.ACCOUNT);
    assertThat(org.journal().count("organizations:ListChildren", CallJournal.OK))
        .as("one page per child, and the emulator's occasional empty page")
        .isGreaterThanOrEqualTo(3);
    var ous =
        organizations
            .listChildren(r -> r.parentId("r-ex12").childType(ChildType.ORGANIZATIONAL_UNIT))
            .children();
    assertThat(ous)
        .extracting(c -> c.id())
        .containsExactly(
            "ou-ex12-aaaaaaa1", "ou-ex12-aaaaaaa2", "ou-ex12-aaaaaaa5", "ou-ex12-aaaaaaa6");
    assertThat(ous).extracting(c -> c.type()).containsOnly(ChildType.ORGANIZATIONAL_UNIT);
    var described = organizations.describeAccount(r -> r.accountId(PAYMENTS)).account();
    assertThat(described.state()).isEqualTo(AccountState.ACTIVE);
    assertThat(described.name())
        .isEqualTo(
            organizations
                .listAccountsForParent(r -> r.parentId("ou-ex12-aaaaaaa3"))
                .accounts()
                .get(0)
                .name());

    thrown(
        ParentNotFoundException.class,
        () ->
            organizations.listChildren(
                r -> r.parentId("ou-ex12-zzzzzzzz").childType(ChildType.ACCOUNT)));
    var badType =
        thrown(
            InvalidInputException.class,
            () -> organizations.listChildren(r -> r.parentId("r-ex12").childType("ROOT")));
    assertThat(badType.reasonAsString()).isEqualTo("INVALID_ENUM");
    thrown(
        software.amazon.awssdk.services.organizations.model.AccountNotFoundException.class,
        () -> organizations.describeAccount(r -> r.accountId("123456789012")));
    try (var member =
        SdkClients.organizations(
            server.endpoint(),
            SdkClients.of(org.addAdminCredentials(io.rootctl.model.AccountId.of(PAYMENTS))))) {
      thrown(
          software.amazon.awssdk.services.organizations.model.AccessDeniedException.class,
          () -> member.listChildren(r -> r.parentId("r-ex12").childType(ChildType.ACCOUNT)));
    }
  }

  @Test
  void organizationsServiceAccessAndDelegatedAdministrators() {
    organizations.enableAWSServiceAccess(r -> r.servicePrincipal("sso.amazonaws.com"));
    var enabled = organizations.listAWSServiceAccessForOrganization().enabledServicePrincipals();
    assertThat(enabled)
        .extracting(s -> s.servicePrincipal())
        .containsExactly("iam.amazonaws.com", "sso.amazonaws.com");
    assertThat(enabled.get(0).dateEnabled())
        .isEqualTo(java.time.Instant.parse("2024-11-20T10:00:00Z"));
    organizations.registerDelegatedAdministrator(
        r -> r.accountId(LOG_ARCHIVE).servicePrincipal("iam.amazonaws.com"));
    thrown(
        AccountAlreadyRegisteredException.class,
        () ->
            organizations.registerDelegatedAdministrator(
                r -> r.accountId(LOG_ARCHIVE).servicePrincipal("iam.amazonaws.com")));
    var admins =
        organizations
            .listDelegatedAdministrators(r -> r.servicePrincipal("iam.amazonaws.com"))
            .delegatedAdministrators();
    assertThat(admins).extracting(a -> a.id()).containsExactly(LOG_ARCHIVE);
    assertThat(admins.get(0).delegationEnabledDate()).isNotNull();
  }

  @Test
  void paginatesOverTwelveHundredAccountsWithTheSdkPaginators() {
    var big =
        SimulatedOrganization.of(
            FixtureGenerator.generate(new GeneratorSpec(1200, 40, 5, 0.3)), clock);
    try (var bigServer = new EmulatorServer(big, 0).start();
        var client =
            SdkClients.organizations(
                bigServer.endpoint(), SdkClients.of(big.managementCredentials()))) {
      var ids = new HashSet<String>();
      client.listAccountsPaginator().stream()
          .flatMap(p -> p.accounts().stream())
          .forEach(a -> ids.add(a.id()));
      assertThat(ids).hasSize(1200);
      var rootId = client.listRoots().roots().get(0).id();
      var underRoot =
          client.listAccountsForParentPaginator(r -> r.parentId(rootId).maxResults(7)).stream()
              .mapToLong(p -> p.accounts().size())
              .sum();
      assertThat(underRoot).isPositive();
      assertThat(big.journal().count("organizations:ListAccounts", CallJournal.OK))
          .isEqualTo(61); // 60 pages + 1 empty
    }
  }

  @Test
  void listTargetsForPolicyAnswersTheSdkAndItsPaginator() {
    var id =
        org.attachPolicy(
            "DenyRootKeys",
            "SERVICE_CONTROL_POLICY",
            "{\"Statement\": [{\"Effect\": \"Deny\", \"Action\": \"iam:DeleteAccessKey\","
                + " \"Resource\": \"*\"}]}",
            "r-ex12");
    organizations.attachPolicy(r -> r.policyId(id).targetId("ou-ex12-aaaaaaa2"));
    organizations.attachPolicy(r -> r.policyId(id).targetId(PAYMENTS));

    var all = organizations.listTargetsForPolicy(r -> r.policyId(id));
    assertThat(all.nextToken()).isNull();
    assertThat(all.targets())
        .extracting(t -> t.targetId(), t -> t.type(), t -> t.name(), t -> t.arn())
        .containsExactly(
            tuple(
                "r-ex12",
                TargetType.ROOT,
                "Root",
                "arn:aws:organizations::111111111111:root/o-exampleorg1/r-ex12"),
            tuple(
                "ou-ex12-aaaaaaa2",
                TargetType.ORGANIZATIONAL_UNIT,
                "Workloads",
                "arn:aws:organizations::111111111111:ou/o-exampleorg1/ou-ex12-aaaaaaa2"),
            tuple(
                PAYMENTS,
                TargetType.ACCOUNT,
                "prod-payments",
                "arn:aws:organizations::111111111111:account/o-exampleorg1/" + PAYMENTS));

    // One a page: the paginator follows NextToken across the empty page Organizations may send.
    var pages =
        organizations.listTargetsForPolicyPaginator(r -> r.policyId(id).maxResults(1)).stream()
            .toList();
    assertThat(pages.size()).isGreaterThan(3);
    assertThat(pages.stream().flatMap(p -> p.targets().stream()).map(t -> t.targetId()))
        .containsExactly("r-ex12", "ou-ex12-aaaaaaa2", PAYMENTS);

    var missing =
        thrown(
            PolicyNotFoundException.class,
            () -> organizations.listTargetsForPolicy(r -> r.policyId("p-nosuchpolicy")));
    assertThat(missing.statusCode()).isEqualTo(400);
    var member = SdkClients.of(org.addAdminCredentials(AccountId.of(STAGING)));
    try (var memberOrganizations = SdkClients.organizations(server.endpoint(), member)) {
      thrown(
          AccessDeniedException.class,
          () -> memberOrganizations.listTargetsForPolicy(r -> r.policyId(id)));
    }
  }

  @Test
  void anUnlistedOrganizationsApiIsThrottledWithTooManyRequests() {
    // A rate too low to refill during the test: every retry of the SDK is throttled too.
    org.setFaultSettings(FaultSettings.awsDefaults().withOrganizationsUnlistedLimit(0.001, 1));
    organizations.listTargetsForPolicy(r -> r.policyId("p-FullAWSAccess"));
    var e =
        thrown(
            TooManyRequestsException.class,
            () -> organizations.listTargetsForPolicy(r -> r.policyId("p-FullAWSAccess")));
    assertThat(e.isThrottlingException()).isTrue();
    assertThat(org.journal().count("organizations:ListTargetsForPolicy", CallJournal.OK))
        .isEqualTo(1);
  }

  // ------------------------------------------------------------ IAM organization features

  @Test
  void iamFeatureApis() {
    var listed = iam.listOrganizationsFeatures(r -> {});
    assertThat(listed.organizationId()).isEqualTo("o-exampleorg1");
    assertThat(listed.enabledFeatures())
        .containsExactlyInAnyOrder(
            FeatureType.ROOT_CREDENTIALS_MANAGEMENT, FeatureType.ROOT_SESSIONS);
    assertThat(iam.disableOrganizationsRootSessions(r -> {}).enabledFeatures())
        .containsExactly(FeatureType.ROOT_CREDENTIALS_MANAGEMENT);
    assertThat(iam.disableOrganizationsRootCredentialsManagement(r -> {}).enabledFeatures())
        .isEmpty();
    assertThat(iam.enableOrganizationsRootCredentialsManagement(r -> {}).enabledFeatures())
        .containsExactly(FeatureType.ROOT_CREDENTIALS_MANAGEMENT);
    assertThat(iam.enableOrganizationsRootSessions(r -> {}).enabledFeatures()).hasSize(2);
  }

  @Test
  void iamFeatureApisNeedTrustedAccess() {
    var demo = Fixture.demo();
    var noTrust =
        SimulatedOrganization.of(
            new Fixture(
                demo.organizationId(),
                demo.managementAccountId(),
                demo.root(),
                demo.enabledFeatures(),
                java.util.List.of(),
                java.util.List.of(),
                demo.organizationalUnits(),
                demo.accounts(),
                null),
            clock);
    try (var s = new EmulatorServer(noTrust, 0).start();
        var client = SdkClients.iam(s.endpoint(), SdkClients.of(noTrust.managementCredentials()))) {
      var e =
          thrown(
              ServiceAccessNotEnabledException.class,
              () -> client.enableOrganizationsRootSessions(r -> {}));
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ServiceAccessNotEnabledException");
      assertThat(e.statusCode()).isEqualTo(400);
    }
  }

  // ------------------------------------------------------------ STS

  @Test
  void assumeRootIssuesBoundSessionCredentials() {
    var result =
        sts.assumeRoot(
            r ->
                r.targetPrincipal(PAYMENTS)
                    .taskPolicyArn(p -> p.arn(TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS.arn()))
                    .durationSeconds(600));
    var c = result.credentials();
    assertThat(c.accessKeyId()).startsWith("ASIA");
    assertThat(c.secretAccessKey()).isNotBlank();
    assertThat(c.sessionToken()).isNotBlank();
    assertThat(Duration.between(clock.instant(), c.expiration()).toSeconds()).isBetween(590L, 600L);
    var session =
        SdkClients.sts(
            server.endpoint(),
            software.amazon.awssdk.auth.credentials.AwsSessionCredentials.create(
                c.accessKeyId(), c.secretAccessKey(), c.sessionToken()));
    var identity = session.getCallerIdentity();
    assertThat(identity.account()).isEqualTo(PAYMENTS);
    assertThat(identity.arn()).isEqualTo("arn:aws:iam::555555555555:root");
    assertThat(sts.getCallerIdentity().arn())
        .isEqualTo("arn:aws:iam::111111111111:user/rootctl-admin");
  }

  @Test
  void assumeRootRefusesWithAwsErrors() {
    var management =
        thrown(
            StsException.class,
            () ->
                sts.assumeRoot(
                    r ->
                        r.targetPrincipal("111111111111")
                            .taskPolicyArn(
                                p -> p.arn(TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS.arn()))));
    assertThat(management.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
    assertThat(management.statusCode()).isEqualTo(403);
    var tooLong =
        thrown(
            StsException.class,
            () ->
                sts.assumeRoot(
                    r ->
                        r.targetPrincipal(PAYMENTS)
                            .taskPolicyArn(p -> p.arn(TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS.arn()))
                            .durationSeconds(901)));
    assertThat(tooLong.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
    assertThat(tooLong.statusCode()).isEqualTo(400);
  }

  // ------------------------------------------------------------ IAM in root sessions

  @Test
  void auditSessionReadsRootCredentials() {
    try (var audit = rootSession(STAGING, TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS)) {
      var summary = audit.getAccountSummary().summaryMap();
      assertThat(summary)
          .containsEntry(SummaryKeyType.ACCOUNT_PASSWORD_PRESENT, 1)
          .containsEntry(SummaryKeyType.ACCOUNT_ACCESS_KEYS_PRESENT, 1)
          .containsEntry(SummaryKeyType.ACCOUNT_SIGNING_CERTIFICATES_PRESENT, 1)
          .containsEntry(SummaryKeyType.ACCOUNT_MFA_ENABLED, 0);
      assertThat(audit.getLoginProfile(r -> {}).loginProfile().createDate()).isNotNull();
      var user = audit.getUser().user();
      assertThat(user.arn()).isEqualTo("arn:aws:iam::666666666666:root");
      var keys = audit.listAccessKeys().accessKeyMetadata();
      assertThat(keys).extracting(k -> k.accessKeyId()).containsExactly("AKIAEXAMPLESTAGING01");
      assertThat(keys.get(0).status()).isEqualTo(StatusType.INACTIVE);
      assertThat(
              audit
                  .getAccessKeyLastUsed(r -> r.accessKeyId("AKIAEXAMPLESTAGING01"))
                  .accessKeyLastUsed()
                  .serviceName())
          .isEqualTo("N/A");
      assertThat(audit.listSigningCertificates().certificates())
          .extracting(c -> c.certificateId())
          .containsExactly("ASCAEXAMPLESTAGING01");
      assertThat(audit.listMFADevices().mfaDevices()).isEmpty();
    }
    try (var audit = rootSession(PAYMENTS, TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS)) {
      assertThat(audit.listMFADevices().mfaDevices())
          .extracting(m -> m.serialNumber())
          .containsExactly("arn:aws:iam::555555555555:mfa/root-account-mfa-device");
      var used =
          audit
              .getAccessKeyLastUsed(r -> r.accessKeyId("AKIAEXAMPLEPAYMNT001"))
              .accessKeyLastUsed();
      assertThat(used.lastUsedDate()).isEqualTo(java.time.Instant.parse("2026-11-20T07:45:00Z"));
      assertThat(used.serviceName()).isEqualTo("s3");
      thrown(NoSuchEntityException.class, () -> audit.getLoginProfile(r -> {}));
    }
  }

  @Test
  void deleteSessionDeletesAndAnswersAwsErrors() {
    try (var delete = rootSession(PAYMENTS, TaskPolicy.DELETE_ROOT_USER_CREDENTIALS)) {
      var serial = "arn:aws:iam::555555555555:mfa/root-account-mfa-device";
      var conflict =
          thrown(
              DeleteConflictException.class,
              () -> delete.deleteVirtualMFADevice(r -> r.serialNumber(serial)));
      assertThat(conflict.statusCode()).isEqualTo(409);
      delete.deactivateMFADevice(r -> r.serialNumber(serial));
      delete.deleteVirtualMFADevice(r -> r.serialNumber(serial));
      delete.deleteAccessKey(r -> r.accessKeyId("AKIAEXAMPLEPAYMNT001"));
      var gone =
          thrown(
              NoSuchEntityException.class,
              () -> delete.deleteAccessKey(r -> r.accessKeyId("AKIAEXAMPLEPAYMNT001")));
      assertThat(gone.awsErrorDetails().errorCode()).isEqualTo("NoSuchEntity");
      assertThat(gone.statusCode()).isEqualTo(404);
      var summary = thrown(IamException.class, delete::getAccountSummary);
      assertThat(summary.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
      assertThat(summary.statusCode()).isEqualTo(403);
    }
    try (var delete = rootSession(STAGING, TaskPolicy.DELETE_ROOT_USER_CREDENTIALS)) {
      delete.deleteLoginProfile(r -> {});
      delete.deleteSigningCertificate(r -> r.certificateId("ASCAEXAMPLESTAGING01"));
      thrown(NoSuchEntityException.class, () -> delete.deleteLoginProfile(r -> {}));
    }
    assertThat(org.rootCredentials(AccountId.of(PAYMENTS)).isEmpty()).isTrue();
    assertThat(org.rootCredentials(AccountId.of(STAGING)).present()).hasSize(1);
  }

  @Test
  void createPasswordSessionAllowsRecoveryOnce() {
    try (var create = rootSession(LOG_ARCHIVE, TaskPolicy.CREATE_ROOT_USER_PASSWORD)) {
      assertThat(create.createLoginProfile(r -> {}).loginProfile().passwordResetRequired())
          .isFalse();
      var again =
          thrown(EntityAlreadyExistsException.class, () -> create.createLoginProfile(r -> {}));
      assertThat(again.statusCode()).isEqualTo(409);
      var denied = thrown(IamException.class, create::listAccessKeys);
      assertThat(denied.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
    }
  }

  @Test
  void iamListsPageWithMarkers() {
    org.addRootAccessKey(AccountId.of(LOG_ARCHIVE));
    org.addRootAccessKey(AccountId.of(LOG_ARCHIVE));
    org.addRootAccessKey(AccountId.of(LOG_ARCHIVE));
    try (var audit = rootSession(LOG_ARCHIVE, TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS)) {
      var first = audit.listAccessKeys(r -> r.maxItems(2));
      assertThat(first.isTruncated()).isTrue();
      assertThat(first.marker()).isNotBlank();
      var keys =
          audit.listAccessKeysPaginator(r -> r.maxItems(1)).accessKeyMetadata().stream().toList();
      assertThat(keys).hasSize(3);
    }
  }

  @Test
  void expiredSessionsGetExpiredToken() {
    try (var audit = rootSession(PAYMENTS, TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS)) {
      audit.getAccountSummary();
      clock.advance(Duration.ofSeconds(901));
      var e = thrown(IamException.class, audit::getAccountSummary);
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ExpiredToken");
    }
  }

  // ------------------------------------------------------------ faults over the wire

  @Test
  void sdkRetriesThrottlingAndSucceeds() {
    org.setFaultSettings(FaultSettings.awsDefaults().withIamRatePerAccount(OptionalDouble.of(5)));
    for (int i = 0; i < 20; i++) {
      assertThat(organizations.listAccounts(r -> r.maxResults(5)).accounts()).hasSize(5);
    }
    assertThat(org.journal().count("organizations:ListAccounts", "TooManyRequestsException"))
        .isPositive();
    assertThat(org.journal().count("organizations:ListAccounts", CallJournal.OK)).isEqualTo(20);
    try (var audit = rootSession(PAYMENTS, TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS)) {
      for (int i = 0; i < 10; i++) {
        audit.getUser();
      }
    }
    assertThat(org.journal().count("iam:GetUser", "Throttling")).isPositive();
    assertThat(org.journal().count("iam:GetUser", CallJournal.OK)).isEqualTo(10);
  }

  @Test
  void serverFaultsAreReceiverErrorsThatTheSdkRetries() {
    org.setFaultSettings(FaultSettings.none().withFaultRate(0.3).withSeed(11));
    for (int i = 0; i < 10; i++) {
      sts.getCallerIdentity();
    }
    assertThat(org.journal().count("sts:GetCallerIdentity", "InternalFailure")).isPositive();
    assertThat(org.journal().count("sts:GetCallerIdentity", CallJournal.OK)).isEqualTo(10);
  }
}
