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

  /**
   * A throttling storm: the emulator answers half of all calls (Organizations, STS and IAM alike)
   * with the service's throttling error. Plan and apply still converge, and every credential is
   * deleted exactly once: one ok line per write in the audit log, and nothing left in the
   * emulator's state.
   */
  @Test
  void aThrottlingStormStillConvergesWithNoLostOrDuplicatedAction() throws Exception {
    organization =
        new SimulatedOrganization(
            FixtureGenerator.generate(new GeneratorSpec(30, 4, 11, 0.5)),
            Clock.systemUTC(),
            FaultSettings.none(),
            Sleeper.threadSleep());
    server = new EmulatorServer(organization, 0).start();
    var desired = Files.createDirectories(dir.resolve("desired-state"));
    StrictOrganization.writeTo(desired, 1000);
    var auditLog = dir.resolve("audit.jsonl");
    var credentials = new HashMap<AccountId, Integer>();
    for (var account :
        new io.rootctl.sim.InMemoryCloud(organization).describeOrganization().accounts()) {
      if (account.state() == AccountState.ACTIVE
          && !account.id().equals(organization.managementAccount())) {
        var root = organization.rootCredentials(account.id());
        credentials.put(
            account.id(),
            root.accessKeys().size()
                + root.signingCertificates().size()
                + root.mfaDevices().size()
                + (root.loginProfile().isPresent() ? 1 : 0));
      }
    }
    assertThat(credentials.values().stream().mapToInt(i -> i).sum()).isPositive();
    organization.setFaultSettings(FaultSettings.none().withThrottleRate(0.5).withSeed(3));

    var converged = false;
    for (var round = 0; round < 8 && !converged; round++) {
      run(
          "apply",
          "--auto-approve",
          "--desired-state",
          desired.toString(),
          "--audit-log",
          auditLog.toString());
      out.getBuffer().setLength(0);
      converged =
          run("plan", "--detailed-exitcode", "--desired-state", desired.toString()) == ExitCodes.OK;
    }
    assertThat(converged).as(err.toString()).isTrue();
    assertThat(out.toString()).contains("No changes.");
    assertThat(organization.journal().count(k -> k.outcome().equals("Throttling")))
        .as("the storm happened")
        .isPositive();

    credentials
        .keySet()
        .forEach(id -> assertThat(organization.rootCredentials(id).isEmpty()).isTrue());
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    var okWrites = new HashMap<String, Integer>();
    for (var line : Files.readAllLines(auditLog)) {
      var entry = json.readTree(line);
      if (entry.path("result").asText().equals("ok")) {
        okWrites.merge(
            entry.path("account").asText()
                + " "
                + entry.path("action").asText()
                + " "
                + entry.path("target").asText(),
            1,
            Integer::sum);
      }
    }
    assertThat(okWrites)
        .as("each write recorded ok once")
        .allSatisfy((k, n) -> assertThat(n).isEqualTo(1));
    credentials.forEach(
        (account, count) ->
            assertThat(okWrites.keySet().stream().filter(k -> k.startsWith(account.value() + " ")))
                .as("writes in %s", account)
                .hasSizeGreaterThanOrEqualTo(count));
  }
}
