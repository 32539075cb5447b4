package io.rootctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootctl.app.Components;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code make run}: rootctl demo, wired as bin/rootctl is, against the in-process emulator. */
class DemoCommandIT {
  @TempDir Path dir;

  @Test
  void findsTheDemoDriftFixesItAndEndsWithNoChanges() throws Exception {
    var out = new StringWriter();
    var err = new StringWriter();
    var cli = RootctlCommand.commandLine(new Components());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    var auditLog = dir.resolve("audit.jsonl");

    assertThat(cli.execute("demo", "--audit-log", auditLog.toString()))
        .as(err.toString())
        .isEqualTo(ExitCodes.OK);

    var text = out.toString();
    assertThat(text)
        .containsPattern("\\$ rootctl plan --endpoint-url http://127\\.0\\.0\\.1:\\d+\\R")
        .containsPattern(
            "\\$ rootctl apply --auto-approve --audit-log \\S+ --lock-url"
                + " s3://rootctl-sim-locks/rootctl/writer.lock --endpoint-url");
    var sections = text.split("\\$ rootctl ");
    assertThat(sections).hasSize(4);
    assertThat(sections[1])
        .contains("- access key AKIAEXAMPLEBRKGLS001")
        .contains("- access key AKIAEXAMPLEPAYMNT001")
        .contains("- mfa device arn:aws:iam::555555555555:mfa/root-account-mfa-device")
        .contains("- login profile (password and password recovery)")
        .contains("- access key AKIAEXAMPLESTAGING01")
        .contains("- signing certificate ASCAEXAMPLESTAGING01")
        .contains("+ allow password recovery")
        .contains("Plan: 6 to delete, 1 to allow across 4 accounts; 5 in sync, 2 skipped.");
    assertThat(sections[2])
        .contains(
            "Apply complete! 6 deleted, 1 allowed, 0 features enabled; 4 accounts converged, 0"
                + " failed.");
    assertThat(sections[3])
        .contains("No changes. Your organization's root access matches the desired state.")
        .doesNotContain("rootctl will perform");
    // eight writes, each journalled as started before the AWS call and with its outcome after
    assertThat(Files.readAllLines(auditLog))
        .hasSize(16)
        .filteredOn(l -> l.contains("\"result\":\"started\""))
        .hasSize(8);
  }
}
