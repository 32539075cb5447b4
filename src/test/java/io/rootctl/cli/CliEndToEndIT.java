package io.rootctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootctl.app.Components;
import io.rootctl.cloud.Sleeper;
import io.rootctl.live.AccountState;
import io.rootctl.model.AccountId;
import io.rootctl.model.TaskPolicy;
import io.rootctl.sim.CallJournal;
import io.rootctl.sim.FaultSettings;
import io.rootctl.sim.FixtureGenerator;
import io.rootctl.sim.GeneratorSpec;
import io.rootctl.sim.SimulatedOrganization;
import io.rootctl.sim.http.EmulatorServer;
import io.rootctl.testing.StrictOrganization;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI end to end, wired as {@code bin/rootctl} is ({@link Components}: the real AWS SDK
 * adapters), against the emulator over HTTP with a generated 200-account organization in which 30%
 * of accounts hold root credentials.
 */
class CliEndToEndIT {
  @TempDir Path dir;

  private SimulatedOrganization organization;
  private EmulatorServer server;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

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
    var all = new java.util.ArrayList<>(java.util.List.of(args));
    all.addAll(java.util.List.of("--endpoint-url", server.endpoint().toString()));
    return cli.execute(all.toArray(String[]::new));
  }

  @Test
  void aDriftedOrganizationGoesFromPendingChangesToApplyToNoChanges() throws Exception {
    organization =
        new SimulatedOrganization(
            FixtureGenerator.generate(new GeneratorSpec(200, 20, 7, 0.3)),
            Clock.systemUTC(),
            FaultSettings.none(),
            Sleeper.threadSleep());
    server = new EmulatorServer(organization, 0).start();
    var desired = Files.createDirectories(dir.resolve("desired-state"));
    StrictOrganization.writeTo(desired, 1000);
    var auditLog = dir.resolve("audit.jsonl");
    Map<AccountId, Boolean> drifted = new HashMap<>();
    for (var account :
        new io.rootctl.sim.InMemoryCloud(organization).describeOrganization().accounts()) {
      if (account.state() == AccountState.ACTIVE
          && !account.id().equals(organization.managementAccount())) {
        drifted.put(account.id(), !organization.rootCredentials(account.id()).isEmpty());
      }
    }
    var driftedCount = drifted.values().stream().filter(d -> d).count();
    assertThat(driftedCount).as("the generator drifts about 30%").isBetween(40L, 80L);

    assertThat(run("plan", "--detailed-exitcode", "--desired-state", desired.toString()))
        .as(err.toString())
        .isEqualTo(ExitCodes.CHANGES_PENDING);
    assertThat(out.toString()).contains("across " + driftedCount + " accounts");

    assertThat(
            run(
                "apply",
                "--auto-approve",
                "--desired-state",
                desired.toString(),
                "--audit-log",
                auditLog.toString()))
        .as(err.toString())
        .isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).contains("; " + driftedCount + " accounts converged, 0 failed.");

    out.getBuffer().setLength(0);
    assertThat(run("plan", "--detailed-exitcode", "--desired-state", desired.toString()))
        .as(err.toString())
        .isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).contains("No changes.");

    var journal = organization.journal();
    drifted.forEach(
        (account, hasDrift) ->
            assertThat(
                    journal.count(
                        k ->
                            k.operation().equals("sts:AssumeRoot")
                                && k.account().equals(Optional.of(account.value()))
                                && k.policy()
                                    .equals(Optional.of(TaskPolicy.DELETE_ROOT_USER_CREDENTIALS))
                                && k.outcome().equals(CallJournal.OK)))
                .as("IAMDeleteRootUserCredentials sessions in %s (drifted: %s)", account, hasDrift)
                .isEqualTo(hasDrift ? 1L : 0L));
    assertThat(Files.readAllLines(auditLog))
        .isNotEmpty()
        .allMatch(l -> l.contains("\"result\":\"ok\"") || l.contains("\"result\":\"started\""));
  }
}
