package io.rootctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootctl.app.Components;
import io.rootctl.cloud.Sleeper;
import io.rootctl.live.AccountState;
import io.rootctl.live.MemberAccount;
import io.rootctl.live.OrganizationTree;
import io.rootctl.model.AccountId;
import io.rootctl.model.OuPath;
import io.rootctl.model.TaskPolicy;
import io.rootctl.sim.CallJournal;
import io.rootctl.sim.FaultSettings;
import io.rootctl.sim.FixtureGenerator;
import io.rootctl.sim.GeneratorSpec;
import io.rootctl.sim.InMemoryCloud;
import io.rootctl.sim.SimulatedOrganization;
import io.rootctl.sim.http.EmulatorServer;
import io.rootctl.testing.StrictOrganization;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --target} end to end, wired as {@code bin/rootctl} is (the real AWS SDK), against the
 * emulator over HTTP with a generated 120-account organization: the whole tree is walked, but a
 * root session is opened only in the targeted accounts.
 */
class TargetedReadsIT {
  @TempDir Path dir;

  private SimulatedOrganization organization;
  private EmulatorServer server;
  private OrganizationTree tree;
  private Path desired;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void start() throws Exception {
    organization =
        new SimulatedOrganization(
            FixtureGenerator.generate(new GeneratorSpec(120, 8, 11, 0.3)),
            Clock.systemUTC(),
            FaultSettings.none(),
            Sleeper.threadSleep());
    server = new EmulatorServer(organization, 0).start();
    tree = new InMemoryCloud(organization).describeOrganization();
    desired = StrictOrganization.writeTo(dir.resolve("desired-state"), 1000);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private int run(String... args) {
    var admin = organization.managementCredentials();
    var services =
        new Components().withStaticCredentials(admin.accessKeyId(), admin.secretAccessKey());
    var cli = RootctlCommand.commandLine(services);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    var all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--desired-state", desired.toString()));
    all.addAll(List.of("--endpoint-url", server.endpoint().toString()));
    return cli.execute(all.toArray(String[]::new));
  }

  private List<MemberAccount> activeMembers() {
    return tree.accounts().stream()
        .filter(a -> a.state() == AccountState.ACTIVE && !tree.isManagement(a.id()))
        .toList();
  }

  /** The accounts that sts:AssumeRoot was called for (successfully), by task policy. */
  private List<String> assumedRoot(TaskPolicy policy) {
    return organization.journal().recent().stream()
        .filter(
            e ->
                e.operation().equals("sts:AssumeRoot")
                    && e.policy().equals(Optional.of(policy))
                    && e.outcome().equals(CallJournal.OK))
        .map(e -> e.account().orElseThrow())
        .toList();
  }

  /** The walk's account listings: ListAccountsForParent or ListChildren, one per parent. */
  private long listings() {
    return organization.journal().count("organizations:ListAccountsForParent", CallJournal.OK)
        + organization.journal().count("organizations:ListChildren", CallJournal.OK);
  }

  private long assumeRootCalls() {
    return organization.journal().count(k -> k.operation().equals("sts:AssumeRoot"));
  }

  @Test
  void aOneAccountTargetOpensExactlyOneRootSession() {
    var drifted =
        activeMembers().stream()
            .filter(a -> !organization.rootCredentials(a.id()).isEmpty())
            .findFirst()
            .orElseThrow();
    assertThat(activeMembers()).hasSizeGreaterThan(100);
    var listingsBefore = listings();

    var code = run("plan", "--target", "account:" + drifted.id().value());

    assertThat(code).as(err.toString()).isIn(ExitCodes.OK, ExitCodes.CHANGES_PENDING);
    assertThat(out.toString()).contains(drifted.id().value());
    assertThat(assumeRootCalls()).as("AssumeRoot calls of any outcome").isEqualTo(1);
    assertThat(assumedRoot(TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS))
        .containsExactly(drifted.id().value());
    assertThat(listings() - listingsBefore)
        .as("the whole tree is still walked, one listing per parent at least")
        .isGreaterThan(tree.units().size());
  }

  @Test
  void anOuTargetAuditsOnlyTheActiveMembersBeneathIt() {
    var unit =
        tree.units().stream()
            .filter(
                u -> {
                  var n = beneath(u.path()).size();
                  return n > 0 && n < activeMembers().size() / 2;
                })
            .findFirst()
            .orElseThrow();
    var expected = beneath(unit.path());

    var code = run("plan", "--target", "ou:" + unit.id().value());

    assertThat(code).as(err.toString()).isIn(ExitCodes.OK, ExitCodes.CHANGES_PENDING);
    assertThat(assumeRootCalls()).isEqualTo(expected.size());
    assertThat(Set.copyOf(assumedRoot(TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS))).isEqualTo(expected);
  }

  @Test
  void aTargetedApplyOpensRootSessionsOnlyInTheTargetedAccount() {
    var drifted =
        activeMembers().stream()
            .filter(a -> !organization.rootCredentials(a.id()).isEmpty())
            .findFirst()
            .orElseThrow();

    var code = run("apply", "--auto-approve", "--target", "account:" + drifted.id().value());

    assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
    assertThat(organization.rootCredentials(drifted.id()).isEmpty()).isTrue();
    var touched =
        organization.journal().recent().stream()
            .filter(e -> e.operation().equals("sts:AssumeRoot"))
            .map(e -> e.account().orElseThrow())
            .collect(Collectors.toSet());
    assertThat(touched).containsExactly(drifted.id().value());
  }

  private Set<String> beneath(OuPath path) {
    return activeMembers().stream()
        .filter(a -> tree.pathOf(a).isWithin(path))
        .map(MemberAccount::id)
        .map(AccountId::value)
        .collect(Collectors.toSet());
  }
}
