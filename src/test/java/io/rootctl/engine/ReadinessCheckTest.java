package io.rootctl.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootctl.cloud.Backoff;
import io.rootctl.cloud.Retrier;
import io.rootctl.model.AccountId;
import io.rootctl.observe.LiveStateReader;
import io.rootctl.observe.ReadOptions;
import io.rootctl.sim.Fixture;
import io.rootctl.sim.InMemoryCloud;
import io.rootctl.sim.OrganizationsBackend;
import io.rootctl.sim.SimulatedOrganization;
import io.rootctl.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@code rootctl check}'s rules over the emulator's model, as different callers. */
class ReadinessCheckTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T09:00:00Z"));
  private final SimulatedOrganization organization =
      SimulatedOrganization.of(Fixture.demo(), clock);

  private Readiness check(InMemoryCloud cloud, String region) {
    var reader =
        new LiveStateReader(
            cloud,
            cloud,
            new Retrier(Backoff.DEFAULT, clock::advance, () -> 0.5),
            new ReadOptions(1, 3, Duration.ofSeconds(60)));
    return ReadinessCheck.run(reader, region);
  }

  private Readiness.Line line(Readiness readiness, String name) {
    return readiness.lines().stream().filter(l -> l.check().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void theIamDelegatedAdministratorPasses() {
    var admin = organization.addAdminCredentials(AccountId.of("444444444444"));
    new OrganizationsBackend(organization)
        .registerDelegatedAdministrator(
            organization.managementCredentials().caller(), "444444444444", "iam.amazonaws.com");

    var readiness = check(new InMemoryCloud(organization, admin), "us-east-1");

    assertThat(line(readiness, "caller").ok()).isTrue();
    assertThat(line(readiness, "caller").detail())
        .isEqualTo("444444444444 is the delegated administrator for iam.amazonaws.com");
    assertThat(readiness.ready()).as(readiness.toString()).isTrue();
  }

  @Test
  void anotherAccountFailsWithTheRegistrationCommand() {
    var other = organization.addAdminCredentials(AccountId.of("444444444444"));

    var readiness = check(new InMemoryCloud(organization, other), "us-east-1");

    assertThat(readiness.ready()).isFalse();
    var failed = readiness.lines().stream().filter(l -> !l.ok()).toList();
    assertThat(failed).isNotEmpty();
    assertThat(failed).allSatisfy(l -> assertThat(l.fix()).isPresent());
    assertThat(readiness.lines())
        .noneSatisfy(l -> assertThat(l.check() + l.ok()).isEqualTo("callertrue"));
  }

  @Test
  void featuresAreNotCalledOffWhenTrustedAccessCouldNotBeRead() {
    organization.failAlways(
        "organizations:ListAWSServiceAccessForOrganization",
        AccountId.of(organization.managementAccount().value()),
        new io.rootctl.sim.SimException(
            "AccessDeniedException", 400, "You don't have permissions to access this resource."));

    var readiness = check(new InMemoryCloud(organization), "us-east-1");

    assertThat(line(readiness, "trustedAccess").detail()).startsWith("cannot read it: ");
    assertThat(line(readiness, "RootSessions").ok()).isFalse();
    assertThat(line(readiness, "RootSessions").detail())
        .isEqualTo("not checked: trusted access for iam.amazonaws.com could not be read (above)");
  }

  @Test
  void anScpDenyingRootSessionsNamesTheStatementAndFailsTheCheck() {
    var cloud = new InMemoryCloud(organization);
    assertThat(line(check(cloud, "us-east-1"), "scp").ok()).isTrue();

    organization.attachPolicy(
        "DenyRootKeys",
        "SERVICE_CONTROL_POLICY",
        """
        {"Statement": [{"Sid": "DenyRootKeyDeletes", "Effect": "Deny",
          "Action": "iam:DeleteAccessKey", "Resource": "*",
          "Condition": {"StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:root"}}}]}
        """,
        "ou-ex12-aaaaaaa2");
    var readiness = check(cloud, "us-east-1");

    assertThat(readiness.ready()).isFalse();
    var scp = line(readiness, "scp");
    assertThat(scp.ok()).isFalse();
    assertThat(scp.detail())
        .startsWith("SCP p-")
        .contains("(DenyRootKeys), statement DenyRootKeyDeletes")
        .contains("attached to /Root/Workloads (ou-ex12-aaaaaaa2)")
        .contains("denies iam:DeleteAccessKey in IAMDeleteRootUserCredentials sessions")
        .contains("555555555555")
        .doesNotContain("333344445555");
    assertThat(scp.fix().orElseThrow()).contains("aws:AssumedRoot");
  }

  @Test
  void policiesThatCannotBeReadFailTheCheckInsteadOfPassing() {
    organization.failAlways(
        "organizations:ListPolicies",
        AccountId.of(organization.managementAccount().value()),
        new io.rootctl.sim.SimException(
            "AccessDeniedException", 400, "You don't have permissions to access this resource."));
    var scp = line(check(new InMemoryCloud(organization), "us-east-1"), "scp");
    assertThat(scp.ok()).isFalse();
    assertThat(scp.detail())
        .contains("cannot read the SCPs/RCPs of root r-ex12: organizations:ListPolicies")
        .contains("the preflight is incomplete");
    assertThat(scp.fix().orElseThrow()).contains("organizations:ListTargetsForPolicy");
  }

  @Test
  void thePartitionFollowsTheRegion() {
    assertThat(ReadinessCheck.partition("us-gov-west-1")).isEqualTo("aws-us-gov");
    assertThat(ReadinessCheck.partition("cn-north-1")).isEqualTo("aws-cn");
    assertThat(ReadinessCheck.partition("us-isob-east-1")).isEqualTo("aws-iso-b");
    assertThat(ReadinessCheck.partition("us-iso-east-1")).isEqualTo("aws-iso");
    assertThat(ReadinessCheck.partition("eu-west-1")).isEqualTo("aws");
    assertThat(ReadinessCheck.kebab("RootCredentialsManagement"))
        .isEqualTo("root-credentials-management");
  }
}
