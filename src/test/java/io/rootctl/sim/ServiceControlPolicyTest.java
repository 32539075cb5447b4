package io.rootctl.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.rootctl.model.AccountId;
import io.rootctl.model.TaskPolicy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Organizations policies in the emulator and their explicit denies inside root sessions. */
class ServiceControlPolicyTest {
  static final AccountId PAYMENTS = AccountId.of("555555555555"); // /Root/Workloads/Prod
  static final AccountId BREAK_GLASS = AccountId.of("333344445555"); // /Root/Security
  static final String WORKLOADS = "ou-ex12-aaaaaaa2";
  static final String SCP = "SERVICE_CONTROL_POLICY";
  static final String DENY_DELETE_KEYS =
      """
      {"Version": "2012-10-17", "Statement": [{"Sid": "DenyRootKeyDeletes", "Effect": "Deny",
        "Action": "iam:DeleteAccessKey", "Resource": "*",
        "Condition": {"StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:root"}}}]}
      """;

  final SimulatedOrganization org =
      SimulatedOrganization.of(
          Fixture.demo(), Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC));
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

  String rootId() {
    return organizations
        .listRoots(admin, Optional.empty(), OptionalInt.empty())
        .items()
        .get(0)
        .id();
  }

  /**
   * Organizations attaches the default SCP FullAWSAccess to every root, OU and account (<a
   * href="https://docs.aws.amazon.com/organizations/latest/APIReference/API_AttachPolicy.html">AttachPolicy</a>,
   * <a
   * href="https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html">Service
   * control policies</a>).
   */
  @Test
  void fullAwsAccessIsAttachedToTheRootEveryOuAndEveryAccountAsInAws() {
    var onRoot =
        organizations.listPoliciesForTarget(
            admin, rootId(), SCP, Optional.empty(), OptionalInt.empty());
    assertThat(onRoot.items()).extracting(PolicyView::id).containsExactly("p-FullAWSAccess");
    var full = organizations.describePolicy(admin, "p-FullAWSAccess");
    assertThat(full.awsManaged()).isTrue();
    assertThat(full.arn())
        .isEqualTo("arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess");
    assertThat(full.content()).contains("\"Effect\":\"Allow\"");
    assertThat(
            organizations.listPolicies(admin, SCP, Optional.empty(), OptionalInt.empty()).items())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.id()).isEqualTo("p-FullAWSAccess");
              assertThat(p.awsManaged()).isTrue();
            });
    for (var target : java.util.List.of(WORKLOADS, PAYMENTS.value(), BREAK_GLASS.value())) {
      assertThat(
              organizations
                  .listPoliciesForTarget(admin, target, SCP, Optional.empty(), OptionalInt.empty())
                  .items())
          .as(target)
          .extracting(PolicyView::id)
          .containsExactly("p-FullAWSAccess");
    }
    // every root, OU and account of the organization, and an account added later too
    var added = org.addAccount("new", "new@example.com", WORKLOADS);
    var targets = new java.util.ArrayList<String>();
    Optional<String> token = Optional.empty();
    do {
      var page =
          organizations.listTargetsForPolicy(admin, "p-FullAWSAccess", token, OptionalInt.empty());
      page.items().forEach(t -> targets.add(t.targetId()));
      token = page.next();
    } while (token.isPresent());
    var expected = new java.util.ArrayList<String>();
    expected.add(rootId());
    organizations
        .listAccounts(admin, Optional.empty(), OptionalInt.empty())
        .items()
        .forEach(a -> expected.add(a.id().value()));
    assertThat(targets).contains(added.value()).containsAll(expected);
    assertThat(targets.stream().filter(t -> t.startsWith("ou-"))).hasSize(6);
    assertThat(targets).hasSize(expected.size() + 6).doesNotHaveDuplicates();
  }

  @Test
  void anScpOnAnOuDeniesTheRootSessionCallsOfAccountsBeneathItOnly() {
    var policy =
        organizations.createPolicy(admin, "DenyRootKeys", "no root keys", SCP, DENY_DELETE_KEYS);
    organizations.attachPolicy(admin, policy.id(), WORKLOADS);

    var payments = session(PAYMENTS, TaskPolicy.DELETE_ROOT_USER_CREDENTIALS);
    var denied = error(() -> iam.deleteAccessKey(payments, "AKIAEXAMPLEPAYMNT001"));
    assertThat(denied.errorCode()).isEqualTo("AccessDenied");
    assertThat(denied.httpStatus()).isEqualTo(403);
    assertThat(denied.getMessage())
        .isEqualTo(
            "User: arn:aws:iam::555555555555:root is not authorized to perform:"
                + " iam:DeleteAccessKey on resource: arn:aws:iam::555555555555:root with an"
                + " explicit deny in a service control policy");
    // what the policy does not deny still works in the same account
    assertThat(iam.listAccessKeys(payments, Optional.empty(), OptionalInt.empty()).items())
        .isNotEmpty();

    // an account outside the OU is not governed by it
    var breakGlass = session(BREAK_GLASS, TaskPolicy.DELETE_ROOT_USER_CREDENTIALS);
    iam.deleteAccessKey(breakGlass, "AKIAEXAMPLEBRKGLS001");

    // detached, the call goes through
    organizations.detachPolicy(admin, policy.id(), WORKLOADS);
    iam.deleteAccessKey(payments, "AKIAEXAMPLEPAYMNT001");
  }

  @Test
  void aRootRestrictionExemptingRootSessionsDeniesNothingThere() {
    org.attachPolicy(
        "RestrictRootUser",
        SCP,
        """
        {"Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*",
          "Condition": {"StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:root"},
                        "Null": {"aws:AssumedRoot": "true"}}}]}
        """,
        WORKLOADS);
    var payments = session(PAYMENTS, TaskPolicy.DELETE_ROOT_USER_CREDENTIALS);
    iam.deleteAccessKey(payments, "AKIAEXAMPLEPAYMNT001");
  }

  @Test
  void anRcpDoesNotGovernIamCalls() {
    org.attachPolicy(
        "DenyAll",
        "RESOURCE_CONTROL_POLICY",
        "{\"Statement\": [{\"Effect\": \"Deny\", \"Action\": \"*\", \"Resource\": \"*\"}]}",
        PAYMENTS.value());
    var payments = session(PAYMENTS, TaskPolicy.DELETE_ROOT_USER_CREDENTIALS);
    iam.deleteAccessKey(payments, "AKIAEXAMPLEPAYMNT001");
  }

  @Test
  void controlPlaneAttachGovernsAnAccountDirectlyAndListsPageByPage() {
    var first = org.attachPolicy("A", SCP, DENY_DELETE_KEYS, PAYMENTS.value());
    var second =
        org.attachPolicy(
            "B",
            SCP,
            "{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"*\"}}",
            PAYMENTS.value());
    // one a page; Organizations may answer an empty page that still carries a token
    var ids = new java.util.ArrayList<String>();
    var pages = 0;
    Optional<String> token = Optional.empty();
    do {
      var page =
          organizations.listPoliciesForTarget(
              admin, PAYMENTS.value(), SCP, token, OptionalInt.of(1));
      page.items().forEach(p -> ids.add(p.id()));
      token = page.next();
      pages++;
    } while (token.isPresent());
    assertThat(ids).containsExactly("p-FullAWSAccess", first, second);
    assertThat(pages).isGreaterThan(3);
    var payments = session(PAYMENTS, TaskPolicy.DELETE_ROOT_USER_CREDENTIALS);
    assertThat(error(() -> iam.deleteAccessKey(payments, "AKIAEXAMPLEPAYMNT001")).errorCode())
        .isEqualTo("AccessDenied");
    assertThat(
            organizations.listPolicies(admin, SCP, Optional.empty(), OptionalInt.empty()).items())
        .extracting(PolicyView::name)
        .containsExactly("FullAWSAccess", "A", "B");
  }

  @Test
  void errorsAreOrganizationsOwn() {
    var policy = organizations.createPolicy(admin, "P", "d", SCP, DENY_DELETE_KEYS);
    organizations.attachPolicy(admin, policy.id(), WORKLOADS);
    assertThat(error(() -> organizations.attachPolicy(admin, policy.id(), WORKLOADS)).errorCode())
        .isEqualTo("DuplicatePolicyAttachmentException");
    assertThat(
            error(() -> organizations.detachPolicy(admin, policy.id(), "ou-ex12-aaaaaaa1"))
                .errorCode())
        .isEqualTo("PolicyNotAttachedException");
    assertThat(error(() -> organizations.describePolicy(admin, "p-nosuchpolicy")).errorCode())
        .isEqualTo("PolicyNotFoundException");
    assertThat(
            error(() -> organizations.attachPolicy(admin, policy.id(), "ou-ex12-zzzzzzzz"))
                .errorCode())
        .isEqualTo("TargetNotFoundException");
    assertThat(
            error(() -> organizations.createPolicy(admin, "P", "d", SCP, DENY_DELETE_KEYS))
                .errorCode())
        .isEqualTo("DuplicatePolicyException");
    assertThat(
            error(() -> organizations.createPolicy(admin, "Q", "d", SCP, "not json")).errorCode())
        .isEqualTo("MalformedPolicyDocumentException");
    var member = org.addAdminCredentials(PAYMENTS).caller();
    assertThat(error(() -> organizations.describePolicy(member, policy.id())).errorCode())
        .isEqualTo("AccessDeniedException");
    assertThatThrownBy(() -> org.attachPolicy("X", "TAG_POLICY", DENY_DELETE_KEYS, WORKLOADS))
        .isInstanceOf(IllegalArgumentException.class);
    // a reset leaves the organization as new: FullAWSAccess only
    org.reset();
    assertThat(
            organizations.listPolicies(admin, SCP, Optional.empty(), OptionalInt.empty()).items())
        .extracting(PolicyView::id)
        .containsExactly("p-FullAWSAccess");
  }
}
