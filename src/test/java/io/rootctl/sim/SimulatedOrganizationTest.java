package io.rootctl.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.rootctl.live.AccountState;
import io.rootctl.model.AccountId;
import io.rootctl.model.TaskPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SimulatedOrganizationTest {
  static final AccountId PAYMENTS = AccountId.of("555555555555");
  static final AccountId STAGING = AccountId.of("666666666666");
  static final AccountId BREAK_GLASS = AccountId.of("333344445555");
  static final AccountId LOG_ARCHIVE = AccountId.of("222222222222");

  final AdjustableClock clock =
      new AdjustableClock(Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC));
  final SimulatedOrganization org = SimulatedOrganization.of(Fixture.demo(), clock);
  final OrganizationsBackend organizations = new OrganizationsBackend(org);
  final IamBackend iam = new IamBackend(org);
  final StsBackend sts = new StsBackend(org);
  final Caller admin = org.managementCredentials().caller();

  Caller session(AccountId account, TaskPolicy policy) {
    return sts.assumeRoot(admin, account.value(), policy.arn(), OptionalInt.empty()).caller();
  }

  static SimException error(Runnable call) {
    return catchThrowableOfType(SimException.class, call::run);
  }

  // ------------------------------------------------------------ task policy matrix

  /** Every IAM operation a root session may attempt, called with harmless arguments. */
  static final Map<String, BiConsumer<IamBackend, Caller>> IAM_OPERATIONS = iamOperations();

  static Map<String, BiConsumer<IamBackend, Caller>> iamOperations() {
    var ops = new LinkedHashMap<String, BiConsumer<IamBackend, Caller>>();
    ops.put("iam:GetAccountSummary", (o, c) -> o.getAccountSummary(c));
    ops.put("iam:GetUser", (o, c) -> o.getUser(c));
    ops.put("iam:GetLoginProfile", (o, c) -> o.getLoginProfile(c));
    ops.put("iam:CreateLoginProfile", (o, c) -> o.createLoginProfile(c, false));
    ops.put("iam:DeleteLoginProfile", (o, c) -> o.deleteLoginProfile(c));
    ops.put(
        "iam:ListAccessKeys", (o, c) -> o.listAccessKeys(c, Optional.empty(), OptionalInt.empty()));
    ops.put(
        "iam:GetAccessKeyLastUsed", (o, c) -> o.getAccessKeyLastUsed(c, "AKIAEXAMPLEPAYMNT001"));
    ops.put("iam:DeleteAccessKey", (o, c) -> o.deleteAccessKey(c, "AKIANOSUCHKEY0000000"));
    ops.put(
        "iam:ListSigningCertificates",
        (o, c) -> o.listSigningCertificates(c, Optional.empty(), OptionalInt.empty()));
    ops.put("iam:DeleteSigningCertificate", (o, c) -> o.deleteSigningCertificate(c, "NOSUCHCERT"));
    ops.put(
        "iam:ListMFADevices", (o, c) -> o.listMfaDevices(c, Optional.empty(), OptionalInt.empty()));
    ops.put("iam:DeactivateMFADevice", (o, c) -> o.deactivateMfaDevice(c, "GAKTNOSUCH"));
    ops.put(
        "iam:DeleteVirtualMFADevice",
        (o, c) -> o.deleteVirtualMfaDevice(c, "arn:aws:iam::555555555555:mfa/none"));
    return ops;
  }

  record Case(String name, String reason, TaskPolicy policy, String operation, boolean permitted) {
    @Override
    public String toString() {
      return name;
    }
  }

  static final Map<TaskPolicy, List<String>> PERMITTED =
      Map.of(
          TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS,
          List.of(
              "iam:GetAccountSummary",
              "iam:GetUser",
              "iam:GetLoginProfile",
              "iam:ListAccessKeys",
              "iam:GetAccessKeyLastUsed",
              "iam:ListSigningCertificates",
              "iam:ListMFADevices"),
          TaskPolicy.DELETE_ROOT_USER_CREDENTIALS,
          List.of(
              "iam:GetUser",
              "iam:GetLoginProfile",
              "iam:DeleteLoginProfile",
              "iam:ListAccessKeys",
              "iam:GetAccessKeyLastUsed",
              "iam:DeleteAccessKey",
              "iam:ListSigningCertificates",
              "iam:DeleteSigningCertificate",
              "iam:ListMFADevices",
              "iam:DeactivateMFADevice",
              "iam:DeleteVirtualMFADevice"),
          TaskPolicy.CREATE_ROOT_USER_PASSWORD,
          List.of("iam:CreateLoginProfile", "iam:GetLoginProfile"),
          TaskPolicy.S3_UNLOCK_BUCKET_POLICY,
          List.of(),
          TaskPolicy.SQS_UNLOCK_QUEUE_POLICY,
          List.of());

  static Stream<Case> taskPolicyMatrix() {
    var cases = new ArrayList<Case>();
    for (var policy : TaskPolicy.values()) {
      for (var op : IAM_OPERATIONS.keySet()) {
        boolean permitted = PERMITTED.get(policy).contains(op);
        cases.add(
            new Case(
                policy.policyName() + " " + (permitted ? "permits " : "denies ") + op,
                policy.policyName()
                    + " leaves exactly "
                    + PERMITTED.get(policy)
                    + " permitted (https://docs.aws.amazon.com/IAM/latest/UserGuide/"
                    + "id_root-user-privileged-task.html)",
                policy,
                op,
                permitted));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("taskPolicyMatrix")
  void taskPolicyDecidesWhichIamCallsARootSessionMayMake(Case c) {
    var caller = session(PAYMENTS, c.policy());
    var thrown = error(() -> IAM_OPERATIONS.get(c.operation()).accept(iam, caller));
    if (c.permitted()) {
      assertThat(thrown == null ? "OK" : thrown.errorCode())
          .as(c.reason())
          .isNotEqualTo("AccessDenied");
    } else {
      assertThat(thrown).as(c.reason()).isNotNull();
      assertThat(thrown.errorCode()).as(c.reason()).isEqualTo("AccessDenied");
      assertThat(thrown.httpStatus()).isEqualTo(403);
      assertThat(thrown.getMessage())
          .contains(c.operation())
          .contains("explicit deny in a session policy");
    }
  }

  @Test
  void auditPolicyPermitsSevenActionsDeleteElevenCreatePasswordTwo() {
    assertThat(RootTaskPolicies.permitted(TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS))
        .hasSize(7)
        .contains("iam:GetAccountSummary");
    assertThat(RootTaskPolicies.permitted(TaskPolicy.DELETE_ROOT_USER_CREDENTIALS))
        .hasSize(11)
        .doesNotContain("iam:GetAccountSummary");
    assertThat(RootTaskPolicies.permitted(TaskPolicy.CREATE_ROOT_USER_PASSWORD))
        .containsExactlyInAnyOrder("iam:CreateLoginProfile", "iam:GetLoginProfile");
  }

  // ------------------------------------------------------------ sessions

  @Test
  void sessionWorksUntilItsExpiryAndThenAnswersExpiredToken() {
    var creds =
        sts.assumeRoot(
            admin,
            PAYMENTS.value(),
            TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS.arn(),
            OptionalInt.of(900));
    assertThat(creds.accessKeyId()).startsWith("ASIA").hasSize(20);
    assertThat(creds.expiration()).isEqualTo(Instant.parse("2026-11-23T10:15:00Z"));
    assertThat(creds.toString())
        .doesNotContain(creds.secretAccessKey())
        .doesNotContain(creds.sessionToken());
    clock.advance(Duration.ofSeconds(899));
    assertThat(iam.getAccountSummary(creds.caller())).containsEntry("AccountAccessKeysPresent", 1);
    clock.advance(Duration.ofSeconds(1));
    var e = error(() -> iam.getAccountSummary(creds.caller()));
    assertThat(e.errorCode()).isEqualTo("ExpiredToken");
  }

  @Test
  void assumeRootAcceptsAnAccountIdOrTheRootArn() {
    var byArn =
        sts.assumeRoot(
            admin,
            "arn:aws:iam::555555555555:root",
            TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS.arn(),
            OptionalInt.empty());
    assertThat(byArn.account()).isEqualTo(PAYMENTS);
    assertThat(sts.getCallerIdentity(byArn.caller()).arn())
        .isEqualTo("arn:aws:iam::555555555555:root");
  }

  record Refusal(
      String name,
      String reason,
      String target,
      String policyArn,
      OptionalInt duration,
      String code) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Refusal> refusals() {
    var audit = TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS.arn();
    return Stream.of(
        new Refusal(
            "management account",
            "the management root is out of scope, member accounts only"
                + " (https://docs.aws.amazon.com/IAM/latest/UserGuide/"
                + "id_root-enable-root-access.html)",
            "111111111111",
            audit,
            OptionalInt.empty(),
            "AccessDenied"),
        new Refusal(
            "non-member",
            "only member accounts",
            "123456789012",
            audit,
            OptionalInt.empty(),
            "AccessDenied"),
        new Refusal(
            "suspended",
            "only ACTIVE accounts",
            "888888888888",
            audit,
            OptionalInt.empty(),
            "AccessDenied"),
        new Refusal(
            "duration over 900",
            "RootDurationSecondsType max 900",
            "555555555555",
            audit,
            OptionalInt.of(901),
            "ValidationError"),
        new Refusal(
            "not a task policy",
            "one of the five root-task policies",
            "555555555555",
            "arn:aws:iam::aws:policy/AdministratorAccess",
            OptionalInt.empty(),
            "ValidationError"),
        new Refusal(
            "malformed target",
            "an id or a root ARN",
            "payments",
            audit,
            OptionalInt.empty(),
            "ValidationError"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void assumeRootRefuses(Refusal r) {
    var e = error(() -> sts.assumeRoot(admin, r.target(), r.policyArn(), r.duration()));
    assertThat(e).as(r.reason()).isNotNull();
    assertThat(e.errorCode()).as(r.reason()).isEqualTo(r.code());
  }

  @Test
  void assumeRootIsDeniedWhileRootSessionsAreDisabled() {
    iam.disableOrganizationsRootSessions(admin);
    var e = error(() -> session(PAYMENTS, TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS));
    assertThat(e.errorCode()).isEqualTo("AccessDenied");
    assertThat(e.getMessage()).contains("sts:AssumeRoot").contains("not enabled");
  }

  @Test
  void aRootSessionCannotAssumeRootOrCallOrganizations() {
    var s = session(PAYMENTS, TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS);
    assertThat(
            error(
                    () ->
                        sts.assumeRoot(
                            s,
                            STAGING.value(),
                            TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS.arn(),
                            OptionalInt.empty()))
                .errorCode())
        .isEqualTo("AccessDenied");
    assertThat(
            error(() -> organizations.listAccounts(s, Optional.empty(), OptionalInt.empty()))
                .errorCode())
        .isEqualTo("AccessDeniedException");
  }

  @Test
  void anUnknownAccessKeyIsAnInvalidClientTokenId() {
    var e = error(() -> sts.getCallerIdentity(Caller.of("AKIANOTKNOWN00000000")));
    assertThat(e.errorCode()).isEqualTo("InvalidClientTokenId");
    assertThat(e.httpStatus()).isEqualTo(403);
  }

  // ------------------------------------------------------------ IAM feature APIs

  @Test
  void featureApisNeedTrustedAccessForIam() {
    var fixture = Fixture.demo();
    var noTrust =
        new Fixture(
            fixture.organizationId(),
            fixture.managementAccountId(),
            fixture.root(),
            fixture.enabledFeatures(),
            List.of(),
            List.of(),
            fixture.organizationalUnits(),
            fixture.accounts(),
            null);
    var o = SimulatedOrganization.of(noTrust, clock);
    var oIam = new IamBackend(o);
    var e = error(() -> oIam.listOrganizationsFeatures(o.managementCredentials().caller()));
    assertThat(e.errorCode()).isEqualTo("ServiceAccessNotEnabledException");
    assertThat(e.httpStatus()).isEqualTo(400);
    new OrganizationsBackend(o)
        .enableAwsServiceAccess(o.managementCredentials().caller(), "iam.amazonaws.com");
    assertThat(oIam.listOrganizationsFeatures(o.managementCredentials().caller()).enabledFeatures())
        .hasSize(2);
  }

  @Test
  void onlyTheManagementAccountMayEnableFeaturesButTheDelegatedAdminMayListAndDisable() {
    organizations.registerDelegatedAdministrator(admin, LOG_ARCHIVE.value(), "iam.amazonaws.com");
    var delegatedAdmin = org.addAdminCredentials(LOG_ARCHIVE).caller();
    assertThat(error(() -> iam.enableOrganizationsRootSessions(delegatedAdmin)).errorCode())
        .isEqualTo("CallerIsNotManagementAccountException");
    assertThat(iam.listOrganizationsFeatures(delegatedAdmin).enabledFeatures()).hasSize(2);
    assertThat(iam.disableOrganizationsRootSessions(delegatedAdmin).enabledFeatures()).hasSize(1);
    var stranger = org.addAdminCredentials(STAGING).caller();
    assertThat(error(() -> iam.listOrganizationsFeatures(stranger)).errorCode())
        .isEqualTo("AccountNotManagementOrDelegatedAdministratorException");
  }

  // ------------------------------------------------------------ root credentials

  @Test
  void deletingWhatIsGoneIsNoSuchEntity() {
    var s = session(LOG_ARCHIVE, TaskPolicy.DELETE_ROOT_USER_CREDENTIALS);
    assertThat(error(() -> iam.deleteLoginProfile(s)).errorCode()).isEqualTo("NoSuchEntity");
    assertThat(error(() -> iam.deleteAccessKey(s, "AKIAEXAMPLEPAYMNT001")).errorCode())
        .isEqualTo("NoSuchEntity");
    assertThat(error(() -> iam.getLoginProfile(s)).httpStatus()).isEqualTo(404);
  }

  @Test
  void createLoginProfileOnAnExistingProfileIsEntityAlreadyExists() {
    var s = session(STAGING, TaskPolicy.CREATE_ROOT_USER_PASSWORD);
    var e = error(() -> iam.createLoginProfile(s, false));
    assertThat(e.errorCode()).isEqualTo("EntityAlreadyExists");
    assertThat(e.httpStatus()).isEqualTo(409);
  }

  @Test
  void createLoginProfileWithoutPasswordAllowsRecoveryWithoutSettingAPassword() {
    var s = session(LOG_ARCHIVE, TaskPolicy.CREATE_ROOT_USER_PASSWORD);
    iam.createLoginProfile(s, false);
    var creds = org.rootCredentials(LOG_ARCHIVE);
    assertThat(creds.loginProfile()).isPresent();
    assertThat(creds.passwordPresent()).contains(false);
  }

  @Test
  void virtualMfaMustBeDeactivatedBeforeItIsDeleted() {
    var s = session(PAYMENTS, TaskPolicy.DELETE_ROOT_USER_CREDENTIALS);
    var serial = "arn:aws:iam::555555555555:mfa/root-account-mfa-device";
    var e = error(() -> iam.deleteVirtualMfaDevice(s, serial));
    assertThat(e.errorCode()).isEqualTo("DeleteConflict");
    assertThat(e.httpStatus()).isEqualTo(409);
    iam.deactivateMfaDevice(s, serial);
    assertThat(iam.listMfaDevices(s, Optional.empty(), OptionalInt.empty()).items()).isEmpty();
    iam.deleteVirtualMfaDevice(s, serial);
    assertThat(error(() -> iam.deleteVirtualMfaDevice(s, serial)).errorCode())
        .isEqualTo("NoSuchEntity");
  }

  @Test
  void summaryReportsEachKindAndThePassword() {
    var s = session(STAGING, TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS);
    assertThat(iam.getAccountSummary(s))
        .containsEntry("AccountPasswordPresent", 1)
        .containsEntry("AccountAccessKeysPresent", 1)
        .containsEntry("AccountSigningCertificatesPresent", 1)
        .containsEntry("AccountMFAEnabled", 0);
  }

  @Test
  void iamListsPageByMarker() {
    org.addRootAccessKey(LOG_ARCHIVE);
    org.addRootAccessKey(LOG_ARCHIVE);
    var s = session(LOG_ARCHIVE, TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS);
    var first = iam.listAccessKeys(s, Optional.empty(), OptionalInt.of(1));
    assertThat(first.items()).hasSize(1);
    assertThat(first.next()).isPresent();
    var second = iam.listAccessKeys(s, first.next(), OptionalInt.of(1));
    assertThat(second.items()).hasSize(1).doesNotContainAnyElementsOf(first.items());
    assertThat(second.next()).isEmpty();
    assertThat(
            error(() -> iam.listAccessKeys(s, Optional.empty(), OptionalInt.of(1001))).errorCode())
        .isEqualTo("ValidationError");
  }

  // ------------------------------------------------------------ Organizations pagination

  @Test
  void listAccountsPagesTwentyAtATimeWithOneEmptyPageThatStillCarriesAToken() {
    var big =
        SimulatedOrganization.of(
            FixtureGenerator.generate(new GeneratorSpec(1000, 30, 7, 0.2)), clock);
    var caller = big.managementCredentials().caller();
    var seen = new HashSet<AccountId>();
    int pages = 0;
    int empty = 0;
    Optional<String> token = Optional.empty();
    do {
      var page = new OrganizationsBackend(big).listAccounts(caller, token, OptionalInt.empty());
      assertThat(page.items().size()).isLessThanOrEqualTo(20);
      if (page.items().isEmpty()) {
        empty++;
        assertThat(page.next()).as("an empty page must carry a token").isPresent();
      }
      page.items().forEach(a -> seen.add(a.id()));
      token = page.next();
      pages++;
    } while (token.isPresent());
    assertThat(seen).hasSize(1000);
    assertThat(pages).isEqualTo(51);
    assertThat(empty).isEqualTo(1);
  }

  @Test
  void organizationsRejectsBadTokensAndPageSizes() {
    var e =
        error(() -> organizations.listAccounts(admin, Optional.of("bm9wZQ"), OptionalInt.empty()));
    assertThat(e.errorCode()).isEqualTo("InvalidInputException");
    assertThat(e.reason()).contains("INVALID_NEXT_TOKEN");
    var tokenOfAnotherListing =
        organizations.listAccounts(admin, Optional.empty(), OptionalInt.of(1)).next();
    assertThat(
            error(() -> organizations.listRoots(admin, tokenOfAnotherListing, OptionalInt.empty()))
                .reason())
        .contains("INVALID_NEXT_TOKEN");
    assertThat(
            error(() -> organizations.listAccounts(admin, Optional.empty(), OptionalInt.of(21)))
                .reason())
        .contains("MAX_VALUE_EXCEEDED");
  }

  @Test
  void treeCallsAnswerParentsPathsAndMissingEntities() {
    var prod =
        organizations.listOrganizationalUnitsForParent(
            admin, "ou-ex12-aaaaaaa2", Optional.empty(), OptionalInt.empty());
    assertThat(prod.items()).extracting(OuView::name).containsExactly("Prod", "NonProd");
    assertThat(prod.items().get(0).path())
        .isEqualTo("o-exampleorg1/r-ex12/ou-ex12-aaaaaaa2/ou-ex12-aaaaaaa3/");
    assertThat(
            organizations
                .listParents(admin, "555555555555", Optional.empty(), OptionalInt.empty())
                .items())
        .containsExactly(new ParentView("ou-ex12-aaaaaaa3", "ORGANIZATIONAL_UNIT"));
    assertThat(
            organizations
                .listParents(admin, "ou-ex12-aaaaaaa1", Optional.empty(), OptionalInt.empty())
                .items())
        .containsExactly(new ParentView("r-ex12", "ROOT"));
    assertThat(
            error(
                    () ->
                        organizations.listParents(
                            admin, "123456789012", Optional.empty(), OptionalInt.empty()))
                .errorCode())
        .isEqualTo("ChildNotFoundException");
    assertThat(
            error(
                    () ->
                        organizations.listAccountsForParent(
                            admin, "ou-ex12-zzzzzzzz", Optional.empty(), OptionalInt.empty()))
                .errorCode())
        .isEqualTo("ParentNotFoundException");
  }

  @Test
  void delegatedAdministratorsAreRegisteredOnceAndListed() {
    organizations.registerDelegatedAdministrator(admin, LOG_ARCHIVE.value(), "iam.amazonaws.com");
    assertThat(
            error(
                    () ->
                        organizations.registerDelegatedAdministrator(
                            admin, LOG_ARCHIVE.value(), "iam.amazonaws.com"))
                .errorCode())
        .isEqualTo("AccountAlreadyRegisteredException");
    assertThat(
            error(
                    () ->
                        organizations.registerDelegatedAdministrator(
                            admin, "123456789012", "iam.amazonaws.com"))
                .errorCode())
        .isEqualTo("AccountNotFoundException");
    var list =
        organizations.listDelegatedAdministrators(
            admin, Optional.of("iam.amazonaws.com"), Optional.empty(), OptionalInt.empty());
    assertThat(list.items()).extracting(d -> d.account().id()).containsExactly(LOG_ARCHIVE);
  }

  // ------------------------------------------------------------ faults and journal

  @Test
  void organizationsLimitsThrottleWithTooManyRequestsUntilTheBucketRefills() {
    org.setFaultSettings(FaultSettings.awsDefaults());
    organizations.listRoots(admin, Optional.empty(), OptionalInt.empty());
    organizations.listRoots(admin, Optional.empty(), OptionalInt.empty());
    var e = error(() -> organizations.listRoots(admin, Optional.empty(), OptionalInt.empty()));
    assertThat(e.errorCode()).isEqualTo("TooManyRequestsException");
    assertThat(e.httpStatus()).isEqualTo(400);
    clock.advance(Duration.ofSeconds(1));
    organizations.listRoots(admin, Optional.empty(), OptionalInt.empty());
    assertThat(org.journal().count("organizations:ListRoots", "TooManyRequestsException"))
        .isEqualTo(1);
    assertThat(org.journal().count("organizations:ListRoots", CallJournal.OK)).isEqualTo(3);
  }

  @Test
  void organizationsAlsoThrottlesPerOrganizationAboveEveryCallersOwnBucket() {
    org.setFaultSettings(FaultSettings.awsDefaults());
    // ListRoots: 1/s, burst 2 per calling account; 1/s, burst 3 per organization.
    var other = org.addAdminCredentials(LOG_ARCHIVE).caller();
    organizations.listRoots(admin, Optional.empty(), OptionalInt.empty());
    organizations.listRoots(admin, Optional.empty(), OptionalInt.empty());
    try {
      organizations.listRoots(other, Optional.empty(), OptionalInt.empty());
    } catch (SimException notDelegated) {
      // Admitted (a token from both buckets), then refused for who the caller is.
      assertThat(notDelegated.throttling()).isFalse();
    }
    var e = error(() -> organizations.listRoots(other, Optional.empty(), OptionalInt.empty()));
    assertThat(e.errorCode()).isEqualTo("TooManyRequestsException");
    assertThat(e.httpStatus()).isEqualTo(400);
  }

  @Test
  void awsDefaultsThrottleAssumeRootAtTheStsQuota() {
    org.setFaultSettings(FaultSettings.awsDefaults());
    assertThat(org.faultSettings().stsAssumeRootRate()).hasValue(600);
  }

  @Test
  void aThrottleRateAnswersThatShareOfCallsWithEachServicesThrottlingError() {
    org.setFaultSettings(FaultSettings.none().withThrottleRate(1.0));
    var e = error(() -> organizations.listRoots(admin, Optional.empty(), OptionalInt.empty()));
    assertThat(e.errorCode()).isEqualTo("TooManyRequestsException");
    assertThat(error(() -> iam.listOrganizationsFeatures(admin)).errorCode())
        .isEqualTo("Throttling");
    assertThat(error(() -> session(PAYMENTS, TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS)).errorCode())
        .isEqualTo("Throttling");

    org.setFaultSettings(FaultSettings.none().withThrottleRate(0.5).withSeed(7));
    var throttled = 0;
    for (int i = 0; i < 200; i++) {
      try {
        sts.getCallerIdentity(admin);
      } catch (SimException t) {
        assertThat(t.errorCode()).isEqualTo("Throttling");
        throttled++;
      }
    }
    assertThat(throttled).isBetween(70, 130);
  }

  @Test
  void iamAndStsThrottleWithThrottling() {
    org.setFaultSettings(
        FaultSettings.none()
            .withStsAssumeRootRate(java.util.OptionalDouble.of(1))
            .withIamRatePerAccount(java.util.OptionalDouble.of(1)));
    var s = session(PAYMENTS, TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS);
    assertThat(error(() -> session(STAGING, TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS)).errorCode())
        .isEqualTo("Throttling");
    iam.getUser(s);
    var e = error(() -> iam.getUser(s));
    assertThat(e.errorCode()).isEqualTo("Throttling");
    assertThat(e.getMessage()).isEqualTo("Rate exceeded");
  }

  @Test
  void faultRateAnswersEachServicesOwnServerError() {
    org.setFaultSettings(FaultSettings.none().withFaultRate(1.0));
    assertThat(
            error(() -> organizations.listRoots(admin, Optional.empty(), OptionalInt.empty()))
                .errorCode())
        .isEqualTo("ServiceException");
    assertThat(error(() -> iam.listOrganizationsFeatures(admin)).errorCode())
        .isEqualTo("ServiceFailure");
    var e = error(() -> sts.getCallerIdentity(admin));
    assertThat(e.errorCode()).isEqualTo("InternalFailure");
    assertThat(e.serverFault()).isTrue();
  }

  @Test
  void faultsAreDeterministicPerSeed() {
    var a = outcomes(42);
    var b = outcomes(42);
    assertThat(a).isEqualTo(b).contains("OK").contains("InternalFailure");
  }

  private List<String> outcomes(long seed) {
    var o = SimulatedOrganization.of(Fixture.demo(), clock);
    o.setFaultSettings(FaultSettings.none().withFaultRate(0.5).withSeed(seed));
    var c = o.managementCredentials().caller();
    var oSts = new StsBackend(o);
    var list = new ArrayList<String>();
    for (int i = 0; i < 40; i++) {
      var e = error(() -> oSts.getCallerIdentity(c));
      list.add(e == null ? "OK" : e.errorCode());
    }
    return list;
  }

  @Test
  void latencyIsWaitedOutThroughTheInjectedSleeper() {
    var slept = new ArrayList<Duration>();
    var o =
        new SimulatedOrganization(
            Fixture.demo(),
            clock,
            FaultSettings.none().withLatency(Duration.ofMillis(25)),
            slept::add);
    new StsBackend(o).getCallerIdentity(o.managementCredentials().caller());
    assertThat(slept).containsExactly(Duration.ofMillis(25));
  }

  @Test
  void aStandingFailureHitsOnlyItsOperationInItsAccountUntilLiftedOrReset() {
    var scp = new SimException("AccessDenied", 403, "explicit deny in a service control policy");
    org.failAlways("sts:AssumeRoot", STAGING, scp);
    org.failAlways("iam:GetAccountSummary", PAYMENTS, scp);

    for (int i = 0; i < 3; i++) {
      assertThat(error(() -> session(STAGING, TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS)))
          .isSameAs(scp);
    }
    var payments = session(PAYMENTS, TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS);
    assertThat(error(() -> iam.getAccountSummary(payments))).isSameAs(scp);
    assertThat(error(() -> iam.getUser(payments))).as("another operation").isNull();
    var logArchive = session(LOG_ARCHIVE, TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS);
    assertThat(error(() -> iam.getAccountSummary(logArchive))).as("another account").isNull();
    assertThat(org.journal().recent())
        .filteredOn(k -> k.operation().equals("sts:AssumeRoot"))
        .filteredOn(k -> k.account().equals(Optional.of(STAGING.value())))
        .extracting(k -> k.outcome())
        .containsOnly("AccessDenied");

    org.stopFailing("sts:AssumeRoot", STAGING);
    assertThat(error(() -> session(STAGING, TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS))).isNull();
    org.reset();
    var again = session(PAYMENTS, TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS);
    assertThat(error(() -> iam.getAccountSummary(again))).as("reset lifts it").isNull();
  }

  @Test
  void journalRecordsOperationAccountPolicyAndOutcome() {
    var s = session(PAYMENTS, TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS);
    error(() -> iam.deleteAccessKey(s, "AKIAEXAMPLEPAYMNT001"));
    var last = org.journal().recent().get(org.journal().recent().size() - 1);
    assertThat(last.operation()).isEqualTo("iam:DeleteAccessKey");
    assertThat(last.account()).contains("555555555555");
    assertThat(last.policy()).contains(TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS);
    assertThat(last.outcome()).isEqualTo("AccessDenied");
    assertThat(org.journal().countsBy("operation")).containsEntry("sts:AssumeRoot", 1L);
  }

  // ------------------------------------------------------------ fixtures, drift, reset

  @Test
  void demoFixtureIsTheDemoOrganization() {
    assertThat(org.organizationId()).isEqualTo("o-exampleorg1");
    assertThat(org.accountCount()).isEqualTo(11);
    assertThat(org.rootCredentials(BREAK_GLASS).accessKeys())
        .extracting(k -> k.id())
        .containsExactly("AKIAEXAMPLEBRKGLS001");
    assertThat(org.rootCredentials(BREAK_GLASS).mfaDevices())
        .extracting(m -> m.serialNumber())
        .containsExactly("GAKT000BRKGLS1");
    assertThat(org.rootCredentials(AccountId.of("777777777778")).passwordPresent()).contains(false);
    assertThat(org.rootCredentials(AccountId.of("777777777778")).loginProfile()).isPresent();
    var suspended =
        organizations
            .listAccountsForParent(admin, "ou-ex12-aaaaaaa6", Optional.empty(), OptionalInt.empty())
            .items();
    assertThat(suspended).extracting(AccountView::state).containsExactly(AccountState.SUSPENDED);
  }

  @Test
  void driftThenResetRestoresTheFixture() {
    var key = org.addRootAccessKey(LOG_ARCHIVE);
    org.addRootLoginProfile(LOG_ARCHIVE, true);
    org.addRootSigningCertificate(LOG_ARCHIVE);
    org.addRootMfaDevice(LOG_ARCHIVE, true);
    org.suspend(AccountId.of("444444444444"));
    var added = org.addAccount("new", "new@example.com", "ou-ex12-aaaaaaa5");
    assertThat(org.rootCredentials(LOG_ARCHIVE).accessKeys())
        .extracting(k -> k.id())
        .containsExactly(key);
    assertThat(org.rootCredentials(LOG_ARCHIVE).present()).hasSize(4);
    assertThat(org.accountCount()).isEqualTo(12);
    org.reset();
    assertThat(org.rootCredentials(LOG_ARCHIVE).isEmpty()).isTrue();
    assertThat(org.accountCount()).isEqualTo(11);
    assertThatThrownBy(() -> org.rootCredentials(added))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(org.journal().total()).isZero();
  }

  @Test
  void snapshotRoundTripsThroughTheFixtureFormat() {
    org.addRootAccessKey(LOG_ARCHIVE);
    var snapshot = org.snapshot();
    var copy =
        SimulatedOrganization.of(
            Fixture.parse(
                new java.io.ByteArrayInputStream(
                    snapshot.toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8))),
            clock);
    assertThat(copy.snapshot()).isEqualTo(snapshot);
  }

  @Test
  void generatorIsDeterministicAndKeepsTheTreeWithinFiveLevels() {
    var spec = new GeneratorSpec(500, 40, 3, 0.3);
    var fixture = FixtureGenerator.generate(spec);
    assertThat(FixtureGenerator.generate(spec)).isEqualTo(fixture);
    assertThat(FixtureGenerator.generate(new GeneratorSpec(500, 40, 4, 0.3))).isNotEqualTo(fixture);
    assertThat(fixture.accounts()).hasSize(500);
    assertThat(fixture.organizationalUnits()).hasSize(40);
    var o = SimulatedOrganization.of(fixture, clock); // validates depth <= 5 and parents
    assertThat(o.accountCount()).isEqualTo(500);
    long drifted =
        fixture.accounts().stream()
            .skip(1)
            .filter(a -> a.root() != null && !a.root().isEmpty())
            .count();
    assertThat(drifted).isBetween(110L, 190L);
  }

  @Test
  void generatorSpecParsesTheCommandLineForm() {
    assertThat(GeneratorSpec.parse("accounts=500,ous=20,seed=1,drift=0.3"))
        .isEqualTo(new GeneratorSpec(500, 20, 1, 0.3));
    assertThatThrownBy(() -> GeneratorSpec.parse("accounts=5,colour=red"))
        .hasMessageContaining("colour");
  }
}
