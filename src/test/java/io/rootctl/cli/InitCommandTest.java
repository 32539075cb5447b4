package io.rootctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootctl.desired.yaml.DesiredStateLoader;
import io.rootctl.sim.SimException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rootctl init --from-live}, black-box over the demo organization. */
class InitCommandTest {
  private final Cli cli = new Cli();

  @TempDir Path dir;

  private String[] init(Path target, String... more) {
    var args = new java.util.ArrayList<String>(java.util.List.of("init", "--from-live"));
    args.add(target.toString());
    args.addAll(java.util.List.of(more));
    return args.toArray(String[]::new);
  }

  @Test
  void theFirstPlanAgainstWhatInitWroteHasNoChanges() throws Exception {
    var target = dir.resolve("rootctl");

    assertThat(cli.run(init(target, "--owner", "security@example.com", "--reason", "onboarding")))
        .as(cli.err())
        .isEqualTo(ExitCodes.OK);
    assertThat(cli.out()).contains("4 account(s) keeping root credentials").contains("2026-12-23");

    assertThat(cli.run("plan", "--detailed-exitcode", "--desired-state", target.toString()))
        .as(cli.out() + cli.err())
        .isEqualTo(ExitCodes.OK);
    assertThat(cli.out()).contains("No changes.");
    assertThat(cli.err()).doesNotContain("warning");
    assertThat(cli.run("validate", "--desired-state", target.toString())).isEqualTo(ExitCodes.OK);
    assertThat(cli.services.writes()).isZero();
  }

  @Test
  void itWritesObserveModeStrictDefaultsAndExactlyTheKindsHeldUnderAnException() throws Exception {
    var target = dir.resolve("state");

    assertThat(
            cli.run(
                init(
                    target,
                    "--owner",
                    "sec\"team",
                    "--reason",
                    "kept \\ for now",
                    "--ticket",
                    "SEC-1",
                    "--expires-in-days",
                    "7")))
        .as(cli.err())
        .isEqualTo(ExitCodes.OK);

    var organization = Files.readString(target.resolve("organization.yaml"));
    assertThat(organization)
        .contains("mode: observe")
        .contains("rootCredentialsManagement: enabled")
        .contains("rootSessions: enabled")
        .contains("rootCredentials: absent")
        .contains("passwordRecovery: disabled")
        .contains("# ");
    try (var files = Files.walk(target)) {
      assertThat(files.filter(Files::isRegularFile).map(p -> target.relativize(p).toString()))
          .containsExactlyInAnyOrder(
              "organization.yaml",
              "accounts/333344445555.yaml",
              "accounts/555555555555.yaml",
              "accounts/666666666666.yaml",
              "accounts/777777777778.yaml");
    }
    var payments = Files.readString(target.resolve("accounts/555555555555.yaml"));
    assertThat(payments)
        .contains("account: \"555555555555\"")
        .contains("accessKeys: unmanaged")
        .contains("mfaDevices: unmanaged")
        .doesNotContain("password")
        .doesNotContain("signingCertificates")
        .contains("owner: \"sec\\\"team\"")
        .contains("reason: \"kept \\\\ for now\"")
        .contains("ticket: \"SEC-1\"")
        .contains("expires: 2026-11-30");
    var bob = Files.readString(target.resolve("accounts/777777777778.yaml"));
    assertThat(bob)
        .contains("passwordRecovery: unmanaged")
        .contains("password: unmanaged")
        .contains("no password set");

    var loaded = new DesiredStateLoader().load(target, LocalDate.parse("2026-11-23"));
    assertThat(loaded.problems()).isEmpty();
    assertThat(loaded).isInstanceOf(io.rootctl.desired.yaml.LoadResult.Valid.class);
  }

  @Test
  void aNonEmptyFolderOrAFileIsNeverOverwritten() throws Exception {
    var full = Files.createDirectories(dir.resolve("full"));
    Files.writeString(full.resolve("keep.txt"), "mine");
    var file = Files.writeString(dir.resolve("file.yaml"), "mine");

    assertThat(cli.run(init(full, "--owner", "o", "--reason", "r"))).isEqualTo(ExitCodes.ERROR);
    assertThat(cli.err()).contains("exists and is not empty").contains("nothing written");
    assertThat(cli.run(init(file, "--owner", "o", "--reason", "r"))).isEqualTo(ExitCodes.ERROR);
    assertThat(cli.err()).contains("is not a folder");

    try (var entries = Files.list(full)) {
      assertThat(entries).containsExactly(full.resolve("keep.txt"));
    }
    assertThat(Files.readString(file)).isEqualTo("mine");
    try (var entries = Files.list(dir)) {
      assertThat(entries).as("no temporary folder left").hasSize(2);
    }
  }

  @Test
  void anEmptyFolderIsFilled() throws Exception {
    var empty = Files.createDirectories(dir.resolve("empty"));

    assertThat(cli.run(init(empty, "--owner", "o", "--reason", "r"))).isEqualTo(ExitCodes.OK);

    assertThat(empty.resolve("organization.yaml")).isRegularFile();
  }

  @Test
  void withoutOwnerAndReasonAndNoTerminalItIsAUsageErrorAndWritesNothing() throws Exception {
    var target = dir.resolve("rootctl");

    assertThat(cli.run(init(target, "--reason", "r"))).isEqualTo(ExitCodes.ERROR);

    assertThat(cli.err()).contains("pass --owner and --reason").contains("4 member account(s)");
    assertThat(target).doesNotExist();
    try (var entries = Files.list(dir)) {
      assertThat(entries).isEmpty();
    }
  }

  @Test
  void onATerminalItAsksForOwnerAndReason() throws Exception {
    var target = dir.resolve("rootctl");
    cli.services.interactive = true;
    cli.services.answers = "security@example.com\nbreak-glass and legacy\n";

    assertThat(cli.run(init(target))).as(cli.err()).isEqualTo(ExitCodes.OK);

    assertThat(cli.out()).contains("Owner of the exceptions").contains("Reason for keeping them");
    assertThat(Files.readString(target.resolve("accounts/333344445555.yaml")))
        .contains("owner: \"security@example.com\"")
        .contains("reason: \"break-glass and legacy\"");
  }

  @Test
  void aControlCharacterInTheOwnerIsRefused() {
    var target = dir.resolve("rootctl");

    assertThat(cli.run(init(target, "--owner", "a\u001b[2Jb", "--reason", "r")))
        .isEqualTo(ExitCodes.ERROR);

    assertThat(cli.err()).contains("--owner must be printable").doesNotContain("\u001b");
    assertThat(target).doesNotExist();
  }

  @Test
  void anUnreadableAccountFailsClosedAndNothingIsWritten() throws Exception {
    var target = dir.resolve("rootctl");
    cli.services.cloud.failNext(
        "sts:AssumeRoot", 1, new SimException("AccessDenied", 403, "denied by an SCP"));

    assertThat(cli.run(init(target, "--owner", "o", "--reason", "r"))).isEqualTo(ExitCodes.ERROR);

    assertThat(cli.err())
        .contains("1 member account(s) could not be read")
        .contains("AccessDenied")
        .contains("nothing written");
    assertThat(target).doesNotExist();
    try (var entries = Files.list(dir)) {
      assertThat(entries).isEmpty();
    }
  }

  @Test
  void withoutFromLiveItIsAUsageError() {
    assertThat(cli.run("init", dir.resolve("x").toString())).isEqualTo(ExitCodes.ERROR);
    assertThat(cli.err()).contains("init needs --from-live");
  }
}
