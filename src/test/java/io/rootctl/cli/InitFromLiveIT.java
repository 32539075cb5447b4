package io.rootctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootctl.app.Components;
import io.rootctl.cloud.Sleeper;
import io.rootctl.sim.FaultSettings;
import io.rootctl.sim.FixtureGenerator;
import io.rootctl.sim.GeneratorSpec;
import io.rootctl.sim.SimulatedOrganization;
import io.rootctl.sim.http.EmulatorServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rootctl init --from-live} end to end, wired as {@code bin/rootctl} is ({@link Components}:
 * the real AWS SDK), against the emulator over HTTP with a generated organization in which about a
 * third of the accounts hold root credentials: the first plan against what init wrote has no
 * changes.
 */
class InitFromLiveIT {
  @TempDir Path dir;

  private SimulatedOrganization organization;
  private EmulatorServer server;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void start() {
    organization =
        new SimulatedOrganization(
            FixtureGenerator.generate(new GeneratorSpec(60, 8, 11, 0.35)),
            Clock.systemUTC(),
            FaultSettings.none(),
            Sleeper.threadSleep());
    server = new EmulatorServer(organization, 0).start();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private int run(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    var admin = organization.managementCredentials();
    var services =
        new Components().withStaticCredentials(admin.accessKeyId(), admin.secretAccessKey());
    var cli = RootctlCommand.commandLine(services);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    var all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--endpoint-url", server.endpoint().toString()));
    return cli.execute(all.toArray(String[]::new));
  }

  @Test
  void initThenPlanSaysNoChanges() throws Exception {
    var target = dir.resolve("rootctl");

    assertThat(
            run(
                "init",
                "--from-live",
                target.toString(),
                "--owner",
                "security@example.com",
                "--reason",
                "kept until the clean-up"))
        .as(err.toString())
        .isEqualTo(ExitCodes.OK);
    try (var files = Files.walk(target.resolve("accounts"))) {
      assertThat(files.filter(Files::isRegularFile).count())
          .as("an Account document per account holding root credentials")
          .isGreaterThan(5);
    }

    assertThat(run("plan", "--detailed-exitcode", "--desired-state", target.toString()))
        .as(out + "\n" + err)
        .isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).contains("No changes.");
  }

  @Test
  void checkReadsTheOrganizationThroughTheSdkAndSaysReady() {
    assertThat(run("check")).as(out + "\n" + err).isEqualTo(ExitCodes.OK);
    assertThat(out.toString())
        .containsPattern("ok +stsEndpoint")
        .containsPattern("ok +caller +\\d{12} is the management account")
        .containsPattern("ok +featureSet +ALL")
        .containsPattern("ok +RootSessions +enabled");
  }
}
