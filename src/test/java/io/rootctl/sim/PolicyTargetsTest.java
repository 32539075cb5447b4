package io.rootctl.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.rootctl.model.AccountId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * organizations:ListTargetsForPolicy, and the emulator's assumed bucket for the Organizations APIs
 * AWS's throttling table does not list.
 */
class PolicyTargetsTest {
  static final String ROOT = "r-ex12";
  static final String WORKLOADS = "ou-ex12-aaaaaaa2";
  static final AccountId PAYMENTS = AccountId.of("555555555555");
  static final AccountId LOG_ARCHIVE = AccountId.of("222222222222");
  static final String SCP = "SERVICE_CONTROL_POLICY";
  static final String DENY =
      "{\"Statement\": [{\"Effect\": \"Deny\", \"Action\": \"iam:DeleteAccessKey\","
          + " \"Resource\": \"*\"}]}";
  static final String ARN = "arn:aws:organizations::111111111111:";

  final AdjustableClock clock =
      new AdjustableClock(Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC));
  final SimulatedOrganization org = SimulatedOrganization.of(Fixture.demo(), clock);
  final OrganizationsBackend organizations = new OrganizationsBackend(org);
  final Caller admin = org.managementCredentials().caller();

  static SimException error(Runnable call) {
    var e = catchThrowableOfType(SimException.class, call::run);
    assertThat(e).as("expected a SimException").isNotNull();
    return e;
  }

  /** A policy attached to the root, the Workloads OU and the payments account, in that order. */
  String attachedThrice() {
    var id = org.attachPolicy("DenyRootKeys", SCP, DENY, ROOT);
    organizations.attachPolicy(admin, id, WORKLOADS);
    organizations.attachPolicy(admin, id, PAYMENTS.value());
    return id;
  }

  Page<PolicyTargetView> targets(Caller caller, String policyId) {
    return organizations.listTargetsForPolicy(
        caller, policyId, Optional.empty(), OptionalInt.empty());
  }

  @Test
  void listsTheRootOuAndAccountsAPolicyIsAttachedToWithTheirTypeArnAndName() {
    var id = attachedThrice();
    var page = targets(admin, id);
    assertThat(page.items())
        .containsExactly(
            new PolicyTargetView(ROOT, ARN + "root/o-exampleorg1/r-ex12", "Root", "ROOT"),
            new PolicyTargetView(
                WORKLOADS,
                ARN + "ou/o-exampleorg1/ou-ex12-aaaaaaa2",
                "Workloads",
                "ORGANIZATIONAL_UNIT"),
            new PolicyTargetView(
                "555555555555",
                ARN + "account/o-exampleorg1/555555555555",
                "prod-payments",
                "ACCOUNT"));
    assertThat(page.next()).isEmpty();
  }

  @Test
  void targetArnsAreTheOnesTheTreeListingsAnswer() {
    var id = attachedThrice();
    var targets = targets(admin, id).items();
    var root = organizations.listRoots(admin, Optional.empty(), OptionalInt.empty()).items();
    var ous =
        organizations
            .listOrganizationalUnitsForParent(admin, ROOT, Optional.empty(), OptionalInt.empty())
            .items();
    var accounts = organizations.listAccounts(admin, Optional.empty(), OptionalInt.empty());
    assertThat(targets.get(0).arn()).isEqualTo(root.get(0).arn());
    assertThat(targets.get(1).arn())
        .isEqualTo(ous.stream().filter(o -> o.id().equals(WORKLOADS)).findFirst().get().arn());
    assertThat(targets.get(2).arn())
        .isEqualTo(
            accounts.items().stream().filter(a -> a.id().equals(PAYMENTS)).findFirst().get().arn());
  }

  @Test
  void aDetachedTargetIsNoLongerListed() {
    var id = attachedThrice();
    organizations.detachPolicy(admin, id, WORKLOADS);
    assertThat(targets(admin, id).items())
        .extracting(PolicyTargetView::targetId)
        .containsExactly(ROOT, "555555555555");
  }

  @Test
  void pagesOneTargetAtATimeWithTokensAndTheOccasionalEmptyPage() {
    var id = attachedThrice();
    var ids = new ArrayList<String>();
    var pages = new ArrayList<Page<PolicyTargetView>>();
    Optional<String> token = Optional.empty();
    do {
      var page = organizations.listTargetsForPolicy(admin, id, token, OptionalInt.of(1));
      pages.add(page);
      page.items().forEach(t -> ids.add(t.targetId()));
      assertThat(page.items()).hasSizeLessThanOrEqualTo(1);
      token = page.next();
    } while (token.isPresent() && pages.size() < 10);
    assertThat(ids).containsExactly(ROOT, WORKLOADS, "555555555555");
    assertThat(pages.get(0).next()).isPresent();
    // Organizations "can occasionally return an empty set of results even when more results are
    // available": the second request is such a page, with a token.
    assertThat(pages.get(1).items()).isEmpty();
    assertThat(pages.get(1).next()).isPresent();
    assertThat(pages.get(pages.size() - 1).next()).isEmpty();
  }

  @Test
  void aTokenOfAnotherListingOrAMaxResultsAbove20IsInvalidInput() {
    var id = attachedThrice();
    var other =
        organizations.listAccounts(admin, Optional.empty(), OptionalInt.of(1)).next().orElseThrow();
    var e =
        error(
            () ->
                organizations.listTargetsForPolicy(
                    admin, id, Optional.of(other), OptionalInt.empty()));
    assertThat(e.errorCode()).isEqualTo("InvalidInputException");
    assertThat(
            error(
                    () ->
                        organizations.listTargetsForPolicy(
                            admin, id, Optional.empty(), OptionalInt.of(21)))
                .errorCode())
        .isEqualTo("InvalidInputException");
  }

  @Test
  void anUnknownPolicyIsPolicyNotFoundAndAMalformedIdInvalidInput() {
    var missing = error(() -> targets(admin, "p-nosuchpolicy"));
    assertThat(missing.errorCode()).isEqualTo("PolicyNotFoundException");
    assertThat(missing.httpStatus()).isEqualTo(400);
    assertThat(error(() -> targets(admin, "nonsense")).errorCode())
        .isEqualTo("InvalidInputException");
  }

  @Test
  void aMemberAccountWithoutDelegationIsDeniedAsForTheSiblingPolicyReads() {
    var id = attachedThrice();
    var member = org.addAdminCredentials(PAYMENTS).caller();
    var denied = error(() -> targets(member, id));
    assertThat(denied.errorCode()).isEqualTo("AccessDeniedException");
    assertThat(denied.httpStatus()).isEqualTo(400);
    var sibling =
        error(
            () ->
                organizations.listPoliciesForTarget(
                    member, ROOT, SCP, Optional.empty(), OptionalInt.empty()));
    assertThat(denied.errorCode()).isEqualTo(sibling.errorCode());
    assertThat(denied.getMessage()).isEqualTo(sibling.getMessage());
    // denied before the policy is looked up: an unknown policy is not revealed either
    assertThat(error(() -> targets(member, "p-nosuchpolicy")).errorCode())
        .isEqualTo("AccessDeniedException");
  }

  @Test
  void aDelegatedAdministratorMayList() {
    var id = attachedThrice();
    organizations.registerDelegatedAdministrator(admin, LOG_ARCHIVE.value(), "iam.amazonaws.com");
    var delegated = org.addAdminCredentials(LOG_ARCHIVE).caller();
    assertThat(targets(delegated, id).items()).hasSize(3);
  }

  // ------------------------------------------------------------ the unlisted bucket

  @Test
  void theThirdImmediateCallOfAnUnlistedApiIsThrottledUntilASecondPasses() {
    var id = attachedThrice();
    org.setFaultSettings(FaultSettings.awsDefaults());
    targets(admin, id);
    targets(admin, id);
    var e = error(() -> targets(admin, id));
    assertThat(e.errorCode()).isEqualTo("TooManyRequestsException");
    assertThat(e.httpStatus()).isEqualTo(400);
    assertThat(e.throttling()).isTrue();
    clock.advance(Duration.ofMillis(999));
    assertThat(error(() -> targets(admin, id)).errorCode()).isEqualTo("TooManyRequestsException");
    clock.advance(Duration.ofMillis(1));
    assertThat(targets(admin, id).items()).hasSize(3);
    assertThat(
            org.journal().count("organizations:ListTargetsForPolicy", "TooManyRequestsException"))
        .isEqualTo(2);
  }

  @Test
  void eachUnlistedApiAndEachCallerHasItsOwnBucket() {
    var id = attachedThrice();
    org.setFaultSettings(FaultSettings.awsDefaults());
    targets(admin, id);
    targets(admin, id);
    assertThat(error(() -> targets(admin, id)).errorCode()).isEqualTo("TooManyRequestsException");
    // another unlisted API: its own bucket, likewise 1/s burst 2
    organizations.describePolicy(admin, id);
    organizations.describePolicy(admin, id);
    assertThat(error(() -> organizations.describePolicy(admin, id)).errorCode())
        .isEqualTo("TooManyRequestsException");
    // another caller: its own bucket
    organizations.registerDelegatedAdministrator(admin, LOG_ARCHIVE.value(), "iam.amazonaws.com");
    var delegated = org.addAdminCredentials(LOG_ARCHIVE).caller();
    targets(delegated, id);
    targets(delegated, id);
    assertThat(error(() -> targets(delegated, id)).errorCode())
        .isEqualTo("TooManyRequestsException");
  }

  @Test
  void theOtherPolicyApisWritesIncludedAreThrottledToo() {
    org.setFaultSettings(FaultSettings.awsDefaults());
    for (var call :
        new Runnable[] {
          () -> organizations.listPolicies(admin, SCP, Optional.empty(), OptionalInt.empty()),
          () ->
              organizations.listPoliciesForTarget(
                  admin, ROOT, SCP, Optional.empty(), OptionalInt.empty()),
          () -> organizations.describePolicy(admin, "p-FullAWSAccess"),
        }) {
      call.run();
      call.run();
      assertThat(error(call::run).errorCode()).isEqualTo("TooManyRequestsException");
    }
    var first = organizations.createPolicy(admin, "A", "d", SCP, DENY);
    organizations.createPolicy(admin, "B", "d", SCP, DENY);
    assertThat(error(() -> organizations.createPolicy(admin, "C", "d", SCP, DENY)).errorCode())
        .isEqualTo("TooManyRequestsException");
    organizations.attachPolicy(admin, first.id(), WORKLOADS);
    organizations.attachPolicy(admin, first.id(), PAYMENTS.value());
    assertThat(error(() -> organizations.attachPolicy(admin, first.id(), ROOT)).errorCode())
        .isEqualTo("TooManyRequestsException");
    organizations.detachPolicy(admin, first.id(), WORKLOADS);
    organizations.detachPolicy(admin, first.id(), PAYMENTS.value());
    assertThat(error(() -> organizations.detachPolicy(admin, first.id(), ROOT)).errorCode())
        .isEqualTo("TooManyRequestsException");
  }

  @Test
  void aListedApiKeepsItsOwnTableRate() {
    org.setFaultSettings(FaultSettings.awsDefaults());
    // ListAccounts: 8/s burst 12 per account (and 9/s burst 15 per organization), not 1/s burst 2
    for (int i = 0; i < 12; i++) {
      organizations.listAccounts(admin, Optional.empty(), OptionalInt.empty());
    }
    assertThat(
            error(() -> organizations.listAccounts(admin, Optional.empty(), OptionalInt.empty()))
                .errorCode())
        .isEqualTo("TooManyRequestsException");
    // nor does the unlisted setting change it
    org.setFaultSettings(FaultSettings.awsDefaults().withOrganizationsUnlistedLimit(100, 100));
    for (int i = 0; i < 12; i++) {
      organizations.listAccounts(admin, Optional.empty(), OptionalInt.empty());
    }
    assertThat(
            error(() -> organizations.listAccounts(admin, Optional.empty(), OptionalInt.empty()))
                .errorCode())
        .isEqualTo("TooManyRequestsException");
  }

  @Test
  void theSettingChangesTheUnlistedRateAndBurst() {
    var id = attachedThrice();
    org.setFaultSettings(FaultSettings.awsDefaults().withOrganizationsUnlistedLimit(5, 4));
    for (int i = 0; i < 4; i++) {
      targets(admin, id);
    }
    assertThat(error(() -> targets(admin, id)).errorCode()).isEqualTo("TooManyRequestsException");
    clock.advance(Duration.ofMillis(200)); // one token at 5/s
    targets(admin, id);
    assertThat(error(() -> targets(admin, id)).errorCode()).isEqualTo("TooManyRequestsException");

    // 0: not throttled at all
    org.setFaultSettings(FaultSettings.awsDefaults().withOrganizationsUnlistedLimit(0, 2));
    for (int i = 0; i < 50; i++) {
      targets(admin, id);
    }
  }

  @Test
  void withoutOrganizationsLimitsNothingIsThrottled() {
    var id = attachedThrice();
    org.setFaultSettings(FaultSettings.none());
    assertThat(FaultSettings.none().organizationsUnlistedRate()).isEqualTo(1);
    assertThat(FaultSettings.none().organizationsUnlistedBurst()).isEqualTo(2);
    for (int i = 0; i < 50; i++) {
      targets(admin, id);
    }
  }

  @Test
  void unlistedSettingsOutOfRangeAreRefused() {
    var none = FaultSettings.none();
    assertThat(
            catchThrowableOfType(
                IllegalArgumentException.class, () -> none.withOrganizationsUnlistedLimit(-1, 2)))
        .isNotNull();
    assertThat(
            catchThrowableOfType(
                IllegalArgumentException.class, () -> none.withOrganizationsUnlistedLimit(1, 0.5)))
        .isNotNull();
    assertThat(
            catchThrowableOfType(
                IllegalArgumentException.class,
                () -> none.withOrganizationsUnlistedLimit(Double.NaN, 2)))
        .isNotNull();
  }
}
