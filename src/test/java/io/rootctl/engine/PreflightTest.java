package io.rootctl.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootctl.cloud.Backoff;
import io.rootctl.cloud.ForwardingOrganizationClient;
import io.rootctl.cloud.OrganizationClient;
import io.rootctl.cloud.PolicyDocument;
import io.rootctl.cloud.Retrier;
import io.rootctl.live.OrganizationTree;
import io.rootctl.model.AccountId;
import io.rootctl.observe.LiveStateReader;
import io.rootctl.observe.ReadOptions;
import io.rootctl.sim.Fixture;
import io.rootctl.sim.InMemoryCloud;
import io.rootctl.sim.SimException;
import io.rootctl.sim.SimulatedOrganization;
import io.rootctl.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The policy-first SCP/RCP preflight over the emulator's model: what it reads (counted in the call
 * journal), what it finds, and that nothing it cannot read passes in silence.
 */
class PreflightTest {
  static final String PAYMENTS = "555555555555"; // /Root/Workloads/Prod
  static final String AUDIT = "333344445555"; // /Root/Security
  static final String WORKLOADS = "ou-ex12-aaaaaaa2";
  static final String DENY_KEY_DELETES =
      """
      {"Statement": [{"Sid": "NoKeyDeletes", "Effect": "Deny",
        "Action": "iam:DeleteAccessKey", "Resource": "*"}]}""";

  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T09:00:00Z"));
  private final SimulatedOrganization organization =
      SimulatedOrganization.of(Fixture.demo(), clock);

  private LiveStateReader reader(OrganizationClient client) {
    return new LiveStateReader(
        client,
        new InMemoryCloud(organization),
        new Retrier(Backoff.DEFAULT, clock::advance, () -> 0.5),
        new ReadOptions(1, 3, Duration.ofSeconds(60)));
  }

  private LiveStateReader reader() {
    return reader(new InMemoryCloud(organization));
  }

  private Preflight.Result everyAccount(LiveStateReader reader) {
    OrganizationTree tree = reader.tree();
    return Preflight.run(reader, tree, a -> true, "aws", Preflight.allSessions());
  }

  private long calls(String operation) {
    return organization.journal().count(k -> k.operation().equals(operation));
  }

  @Test
  void readsPerPolicyNeverPerTargetAndPlacesOnlyPoliciesThatMayDeny() {
    organization.attachPolicy(
        "DenyRootExceptSessions",
        "SERVICE_CONTROL_POLICY",
        """
        {"Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*",
          "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:root"},
                        "Null": {"aws:AssumedRoot": "true"}}}]}""",
        "r-ex12");
    organization.attachPolicy(
        "NoEc2",
        "SERVICE_CONTROL_POLICY",
        """
        {"Statement": [{"Effect": "Deny", "Action": "ec2:*", "Resource": "*"}]}""",
        WORKLOADS);
    var reader = reader();
    var tree = reader.tree();
    var before = organization.journal().total();

    var result = Preflight.run(reader, tree, a -> true, "aws", Preflight.allSessions());

    assertThat(result.findings()).isEmpty();
    assertThat(result.unread()).isEmpty();
    // two ListPolicies (SCP, RCP), one DescribePolicy per policy (FullAWSAccess and the two
    // above), and no ListTargetsForPolicy: none of them can deny a root session
    assertThat(calls("organizations:ListPolicies")).isEqualTo(2);
    assertThat(calls("organizations:DescribePolicy")).isEqualTo(3);
    assertThat(calls("organizations:ListTargetsForPolicy")).isZero();
    assertThat(calls("organizations:ListPoliciesForTarget")).isZero();
    assertThat(organization.journal().total() - before).isEqualTo(5);
  }

  @Test
  void aDenyOnAnOuOrAnAccountNamesItselfAndTheAccountsBeneath() {
    var onOu =
        organization.attachPolicy(
            "DenyRootKeys", "SERVICE_CONTROL_POLICY", DENY_KEY_DELETES, WORKLOADS);
    var onAccount =
        organization.attachPolicy(
            "NoPasswordResets",
            "SERVICE_CONTROL_POLICY",
            """
            {"Statement": [{"Sid": "NoReset", "Effect": "Deny",
              "Action": "iam:CreateLoginProfile", "Resource": "*"}]}""",
            AUDIT);

    var result = everyAccount(reader());

    assertThat(result.findings())
        .extracting(f -> f.denial().policyId() + " " + f.target().type() + " " + f.target().id())
        .containsExactly(
            onAccount + " ACCOUNT " + AUDIT, onOu + " ORGANIZATIONAL_UNIT " + WORKLOADS);
    var ou = result.findings().get(1);
    assertThat(ou.accounts()).contains(AccountId.of(PAYMENTS)).doesNotContain(AccountId.of(AUDIT));
    assertThat(ou.describe()).contains("attached to /Root/Workloads (" + WORKLOADS + ")");
    assertThat(result.findings().get(0).accounts()).containsExactly(AccountId.of(AUDIT));
    assertThat(calls("organizations:ListTargetsForPolicy")).isEqualTo(2);
  }

  @Test
  void onlyTheSelectedAccountsAreEvaluated() {
    organization.attachPolicy(
        "DenyRootKeys", "SERVICE_CONTROL_POLICY", DENY_KEY_DELETES, WORKLOADS);
    var reader = reader();
    var tree = reader.tree();
    var policies = Preflight.read(reader, Preflight.allSessions());

    var audit =
        Preflight.evaluate(
            policies, tree, a -> a.id().value().equals(AUDIT), "aws", Preflight.allSessions());
    var payments =
        Preflight.evaluate(
            policies, tree, a -> a.id().value().equals(PAYMENTS), "aws", Preflight.allSessions());

    assertThat(audit.findings()).isEmpty();
    assertThat(payments.findings())
        .singleElement()
        .satisfies(f -> assertThat(f.accounts()).containsExactly(AccountId.of(PAYMENTS)));
    assertThat(policies.policiesRead()).isEqualTo(2);
    assertThat(policies.policiesPlaced()).isEqualTo(1);
  }

  @Test
  void listPoliciesDeniedIsUnreadAtTheRootNeverAPass() {
    organization.failAlways(
        "organizations:ListPolicies",
        organization.managementAccount(),
        new SimException("AccessDeniedException", 400, "You don't have permissions."));

    var result = everyAccount(reader());

    assertThat(result.findings()).isEmpty();
    assertThat(result.unread()).isNotEmpty();
    assertThat(result.unread())
        .allSatisfy(
            u -> {
              assertThat(u.target().type()).isEqualTo("ROOT");
              assertThat(u.describe())
                  .startsWith("root r-ex12: organizations:ListPolicies")
                  .contains("AccessDenied");
            });
    // nothing selected: nothing to report
    assertThat(
            Preflight.evaluate(
                    Preflight.read(reader(), Preflight.allSessions()),
                    reader().tree(),
                    a -> false,
                    "aws",
                    Preflight.allSessions())
                .unread())
        .isEmpty();
  }

  @Test
  void aPolicyThatCannotBeDescribedIsUnreadWhereItIsAttached() {
    var id =
        organization.attachPolicy(
            "DenyRootKeys", "SERVICE_CONTROL_POLICY", DENY_KEY_DELETES, WORKLOADS);
    var garbled =
        new ForwardingOrganizationClient(new InMemoryCloud(organization)) {
          @Override
          public PolicyDocument describePolicy(String policyId) {
            var document = super.describePolicy(policyId);
            return policyId.equals(id)
                ? new PolicyDocument(document.id(), document.name(), document.type(), "[1,")
                : document;
          }
        };
    var reader = reader(garbled);
    var tree = reader.tree();
    var policies = Preflight.read(reader, Preflight.allSessions());

    var payments =
        Preflight.evaluate(
            policies, tree, a -> a.id().value().equals(PAYMENTS), "aws", Preflight.allSessions());
    var audit =
        Preflight.evaluate(
            policies, tree, a -> a.id().value().equals(AUDIT), "aws", Preflight.allSessions());

    assertThat(payments.unread())
        .singleElement()
        .satisfies(
            u -> {
              assertThat(u.target().id()).isEqualTo(WORKLOADS);
              assertThat(u.describe()).contains("policy " + id + " (DenyRootKeys) cannot be");
            });
    assertThat(audit.unread()).as("not on the audit account's path").isEmpty();
  }

  @Test
  void targetsThatCannotBeListedAreUnreadAtTheRootNamingThePolicy() {
    var id =
        organization.attachPolicy(
            "DenyRootKeys", "SERVICE_CONTROL_POLICY", DENY_KEY_DELETES, WORKLOADS);
    organization.failAlways(
        "organizations:ListTargetsForPolicy",
        organization.managementAccount(),
        new SimException("AccessDeniedException", 400, "You don't have permissions."));

    var result = everyAccount(reader());

    assertThat(result.findings()).isEmpty();
    assertThat(result.unread())
        .singleElement()
        .satisfies(
            u ->
                assertThat(u.describe())
                    .startsWith("root r-ex12: organizations:ListTargetsForPolicy " + id)
                    .contains("(DenyRootKeys)"));
  }

  @Test
  void theSessionsAskedDecideWhatIsPlaced() {
    organization.attachPolicy(
        "DenyRootKeys", "SERVICE_CONTROL_POLICY", DENY_KEY_DELETES, WORKLOADS);

    var policies =
        Preflight.read(reader(), Set.of(io.rootctl.model.TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS));

    assertThat(policies.byTarget()).isEmpty();
    assertThat(policies.policiesPlaced()).isZero();
    assertThat(List.copyOf(policies.organizationErrors())).isEmpty();
  }
}
