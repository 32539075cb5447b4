package io.rootctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rootctl audit-log}: the journal read back, with unfinished writes called out. */
class AuditLogCommandTest {
  @TempDir Path dir;

  private final Cli cli = new Cli();

  private static final String STARTED =
      "{\"time\":\"2026-11-23T10:15:30Z\",\"writeId\":\"apply-1/%d\",\"runId\":\"apply-1\","
          + "\"account\":\"555555555555\",\"taskPolicy\":\"IAMDeleteRootUserCredentials\","
          + "\"action\":\"iam:DeleteAccessKey\",\"target\":\"%s\",\"desiredRevision\":\"r1\","
          + "\"result\":\"started\"}\n";
  private static final String OK =
      "{\"time\":\"2026-11-23T10:15:31Z\",\"writeId\":\"apply-1/%d\",\"runId\":\"apply-1\","
          + "\"account\":\"555555555555\",\"taskPolicy\":\"IAMDeleteRootUserCredentials\","
          + "\"action\":\"iam:DeleteAccessKey\",\"target\":\"%s\",\"desiredRevision\":\"r1\","
          + "\"result\":\"already-done\"}\n";

  private Path journal(String text) throws Exception {
    return Files.writeString(dir.resolve("audit.jsonl"), text);
  }

  @Test
  void showsEachWriteWithItsOutcomeAndExitsZeroWhenAllFinished() throws Exception {
    var file = journal(STARTED.formatted(1, "AKIA1") + OK.formatted(1, "AKIA1"));

    assertThat(cli.run("audit-log", "--file", file.toString())).isEqualTo(ExitCodes.OK);

    assertThat(cli.out())
        .contains("apply-1/1  555555555555  iam:DeleteAccessKey AKIA1  already-done")
        .contains("1 write(s)", "1 already-done", "0 unfinished");
  }

  @Test
  void anUnfinishedWriteIsShownAsSuchAndExitsWithItsOwnCode() throws Exception {
    var file =
        journal(
            STARTED.formatted(1, "AKIA1")
                + OK.formatted(1, "AKIA1")
                + STARTED.formatted(2, "AKIA2"));

    assertThat(cli.run("audit-log", "--file", file.toString(), "--unfinished"))
        .isEqualTo(ExitCodes.UNFINISHED_WRITES);

    assertThat(cli.out())
        .contains("apply-1/2  555555555555  iam:DeleteAccessKey AKIA2  UNFINISHED")
        .doesNotContain("AKIA1  already-done")
        .contains("1 unfinished");
  }

  @Test
  void jsonListsEveryWriteWithItsResult() throws Exception {
    var file =
        journal(
            STARTED.formatted(1, "AKIA1")
                + STARTED.formatted(2, "AKIA2")
                + OK.formatted(2, "AKIA2"));

    assertThat(cli.run("audit-log", "--file", file.toString(), "--json"))
        .isEqualTo(ExitCodes.UNFINISHED_WRITES);

    assertThat(cli.out())
        .contains("\"writeId\" : \"apply-1/1\"", "\"result\" : \"unfinished\"")
        .contains("\"result\" : \"already-done\"");
  }

  @Test
  void aBrokenJournalIsAnErrorNamingTheLine() throws Exception {
    var file = journal(STARTED.formatted(1, "AKIA1") + "not json\n");

    assertThat(cli.run("audit-log", "--file", file.toString())).isEqualTo(ExitCodes.ERROR);

    assertThat(cli.err()).contains("audit.jsonl:2");
  }
}
