package io.rootctl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rootctl.audit.AuditResult;
import io.rootctl.audit.Journal;
import io.rootctl.audit.JournalFormat;
import io.rootctl.cloud.Sleeper;
import io.rootctl.sim.CallJournal;
import io.rootctl.sim.FaultSettings;
import io.rootctl.sim.Fixture;
import io.rootctl.sim.FixtureGenerator;
import io.rootctl.sim.GeneratorSpec;
import io.rootctl.sim.SimulatedOrganization;
import io.rootctl.sim.http.EmulatorServer;
import io.rootctl.testing.StrictOrganization;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11's "done when": {@code rootctl apply} over 300 accounts, as a child JVM, killed with
 * SIGKILL ({@link Process#destroyForcibly()}) once the emulator has answered N writes (N drawn per
 * round from a seeded random), then run again (crash recovery, then converge). After each round:
 * every write the emulator made has a journal entry with its outcome, no started write is left
 * without one, no virtual MFA device is left deactivated and undeleted, and no credential was
 * written twice. Rounds: system property {@code rootctl.killRounds} (default 10); the jar run:
 * {@code rootctl.jar} (default {@code target/rootctl.jar}).
 */
class KillNineApplyIT {
  private static final Set<String> WRITES =
      Set.of(
          "iam:DeleteLoginProfile",
          "iam:DeleteAccessKey",
          "iam:DeleteSigningCertificate",
          "iam:DeactivateMFADevice",
          "iam:DeleteVirtualMFADevice",
          "iam:CreateLoginProfile");

  @TempDir Path tmp;

  private EmulatorServer server;
  private SimulatedOrganization organization;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static boolean committed(CallJournal.Key k) {
    return WRITES.contains(k.operation())
        && (k.outcome().equals(CallJournal.OK)
            || k.outcome().startsWith(CallJournal.COMMITTED_THEN));
  }

  @Test
  void everyWriteIsAccountedForAfterAKillNineAtRandomPoints() throws Exception {
    var rounds = Integer.getInteger("rootctl.killRounds", 10);
    var random = new Random(11);
    organization =
        new SimulatedOrganization(
            FixtureGenerator.generate(new GeneratorSpec(300, 20, 11, 0.3, List.of())),
            Clock.systemUTC(),
            FaultSettings.none(),
            Sleeper.threadSleep());
    server = new EmulatorServer(organization, 0).start();
    var desired = StrictOrganization.writeTo(tmp.resolve("desired-state"), 5_000);
    var expected = credentials(organization.snapshot(), organization.managementAccount().value());
    var totalWrites = expected.values().stream().mapToInt(Integer::intValue).sum();
    assertThat(totalWrites).as("the generator drifts about 30%").isGreaterThan(100);

    for (var round = 1; round <= rounds; round++) {
      organization.reset(); // the drifted fixture again, its call journal cleared
      var journalFile = tmp.resolve("audit-" + round + ".jsonl");
      var killAfter = 1 + random.nextInt(totalWrites - 1);

      var killed = apply(desired, journalFile);
      try {
        await("round " + round + ": " + killAfter + " writes")
            .atMost(Duration.ofMinutes(5))
            .pollInterval(Duration.ofMillis(5))
            .until(() -> organization.journal().count(KillNineApplyIT::committed) >= killAfter);
      } finally {
        killed.destroyForcibly(); // SIGKILL
        killed.waitFor();
      }

      var again = apply(desired, journalFile);
      assertThat(again.waitFor(5, TimeUnit.MINUTES)).as("round %d: finished", round).isTrue();
      assertThat(again.exitValue())
          .as("round %d (killed after %d writes): %s", round, killAfter, output(journalFile))
          .isZero();

      check(round, organization, journalFile, expected);
    }
  }

  private void check(
      int round,
      SimulatedOrganization organization,
      Path journalFile,
      Map<String, Integer> expected)
      throws Exception {
    var journal = new Journal(JournalFormat.read(journalFile).entries());
    assertThat(journal.unfinished())
        .as("round %d: every started write has an outcome", round)
        .isEmpty();

    // every write the emulator made is in the journal with its outcome
    var journalled = new HashMap<String, Integer>();
    for (var e : journal.outcomes().values()) {
      journalled.merge(
          e.action() + " " + e.account().map(Object::toString).orElse(""), 1, Integer::sum);
    }
    var made = new HashMap<String, Long>();
    for (var key : keys(organization)) {
      made.merge(
          key.operation() + " " + key.account().orElse(""), count(organization, key), Long::sum);
    }
    made.forEach(
        (write, times) -> {
          assertThat(journalled.getOrDefault(write, 0).longValue())
              .as("round %d: journalled writes for %s", round, write)
              .isGreaterThanOrEqualTo(times);
          // nothing written twice: at most one committed write per credential
          assertThat(times)
              .as("round %d: %s committed at most once per credential", round, write)
              .isLessThanOrEqualTo(expected.getOrDefault(write, 0).longValue());
        });
    // nothing journalled ok twice for the same credential
    var oks = new HashMap<String, Integer>();
    for (var e : journal.entries()) {
      if (e.result() == AuditResult.OK) {
        oks.merge(e.action() + " " + e.account() + " " + e.target(), 1, Integer::sum);
      }
    }
    assertThat(oks.values()).as("round %d: each write ok once", round).allMatch(n -> n == 1);

    // converged, and no virtual MFA device left deactivated and undeleted
    var snapshot = organization.snapshot();
    for (var account : snapshot.accounts()) {
      var root = account.root();
      if (root == null || !"ACTIVE".equals(Objects.requireNonNullElse(account.state(), "ACTIVE"))) {
        continue;
      }
      assertThat(Objects.requireNonNullElse(root.mfaDevices(), List.<Fixture.MfaDevice>of()))
          .as("round %d: MFA devices of %s", round, account.id())
          .noneMatch(m -> Boolean.FALSE.equals(m.enabled()));
    }
    assertThat(credentials(snapshot, organization.managementAccount().value()))
        .as("round %d: converged", round)
        .isEmpty();
  }

  private static List<CallJournal.Key> keys(SimulatedOrganization organization) {
    var keys = new ArrayList<CallJournal.Key>();
    for (var e : organization.journal().recent()) {
      var key = new CallJournal.Key(e.operation(), e.account(), e.policy(), e.outcome());
      if (committed(key) && !keys.contains(key)) {
        keys.add(key);
      }
    }
    return keys;
  }

  private static long count(SimulatedOrganization organization, CallJournal.Key key) {
    return organization.journal().count(k -> k.equals(key));
  }

  /**
   * What the strict desired state deletes, per "operation account": one write per credential (a
   * virtual MFA device is deactivated and deleted). The management account is never touched.
   */
  private static Map<String, Integer> credentials(Fixture fixture, String management) {
    var out = new HashMap<String, Integer>();
    for (var account : fixture.accounts()) {
      var root = account.root();
      if (root == null
          || account.id().equals(management)
          || !"ACTIVE".equals(Objects.requireNonNullElse(account.state(), "ACTIVE"))) {
        continue;
      }
      var id = " " + account.id();
      if (root.loginProfile() != null) {
        out.merge("iam:DeleteLoginProfile" + id, 1, Integer::sum);
      }
      for (var k : Objects.requireNonNullElse(root.accessKeys(), List.<Fixture.AccessKey>of())) {
        out.merge("iam:DeleteAccessKey" + id, 1, Integer::sum);
      }
      for (var c :
          Objects.requireNonNullElse(
              root.signingCertificates(), List.<Fixture.SigningCertificate>of())) {
        out.merge("iam:DeleteSigningCertificate" + id, 1, Integer::sum);
      }
      for (var m : Objects.requireNonNullElse(root.mfaDevices(), List.<Fixture.MfaDevice>of())) {
        if (!Boolean.FALSE.equals(m.enabled())) {
          out.merge("iam:DeactivateMFADevice" + id, 1, Integer::sum);
        }
        if (m.serial().contains(":mfa/")) {
          out.merge("iam:DeleteVirtualMFADevice" + id, 1, Integer::sum);
        }
      }
    }
    return out;
  }

  private Process apply(Path desired, Path journalFile) throws Exception {
    var admin = Objects.requireNonNull(organization).managementCredentials();
    // rootctl.jar: another build to run against (e.g. the code before the journal, to see it fail)
    var jar = Path.of(System.getProperty("rootctl.jar", "target/rootctl.jar"));
    assertThat(jar).as("mvn package builds the jar before failsafe runs").exists();
    var empty = tmp.resolve("empty-aws-file");
    if (!Files.exists(empty)) {
      Files.createFile(empty);
    }
    var java = ProcessHandle.current().info().command().orElse("java");
    var builder =
        new ProcessBuilder(
            java,
            "-Daws.configFile=" + empty,
            "-Daws.sharedCredentialsFile=" + empty,
            "-Daws.disableEc2Metadata=true",
            "-jar",
            jar.toString(),
            "apply",
            "--auto-approve",
            "--parallelism",
            "32",
            "--desired-state",
            desired.toString(),
            "--audit-log",
            journalFile.toString(),
            "--endpoint-url",
            server.endpoint().toString());
    builder.environment().clear();
    builder.environment().put("AWS_ACCESS_KEY_ID", admin.accessKeyId());
    builder.environment().put("AWS_SECRET_ACCESS_KEY", admin.secretAccessKey());
    builder.environment().put("AWS_REGION", "us-east-1");
    builder.redirectOutput(journalFile.resolveSibling(journalFile.getFileName() + ".out").toFile());
    builder.redirectError(
        ProcessBuilder.Redirect.appendTo(
            journalFile.resolveSibling(journalFile.getFileName() + ".err").toFile()));
    return builder.start();
  }

  private String output(Path journalFile) throws Exception {
    var err = journalFile.resolveSibling(journalFile.getFileName() + ".err");
    return Files.exists(err) ? Files.readString(err, StandardCharsets.UTF_8) : "";
  }
}
