package io.rootctl.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rootctl.model.AccountId;
import io.rootctl.model.TaskPolicy;
import io.rootctl.testing.ManualClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal's file format read back, torn tails, and which writes are unfinished. */
class JournalTest {
  @TempDir Path dir;

  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T10:15:30Z"));

  private static AuditEntry started(String id, String key) {
    return new AuditEntry(
        id,
        "run-1",
        Optional.of(AccountId.of("555555555555")),
        Optional.of(TaskPolicy.DELETE_ROOT_USER_CREDENTIALS),
        "iam:DeleteAccessKey",
        key,
        "rev-7",
        AuditResult.STARTED,
        Optional.empty(),
        Optional.empty());
  }

  @Test
  void writesAreReadBackWithTheirOutcomesAndStartedOnesWithoutAreUnfinished() throws Exception {
    var file = dir.resolve("audit.jsonl");
    var first = started("run-1/1", "AKIA1");
    var second = started("run-1/2", "AKIA2");
    var third = started("run-1/3", "AKIA3");
    try (var log = JsonLinesAuditLog.open(file, clock)) {
      log.record(first);
      log.record(first.outcome("run-1", AuditResult.ALREADY_DONE, Optional.empty()));
      log.record(second);
      log.record(third);
      log.record(
          third.outcome(
              "run-1",
              AuditResult.FAILED,
              Optional.of(
                  new AuditError("iam:DeleteAccessKey", "ServiceFailure", "req-1", "500"))));
      assertThat(log.entries()).hasSize(5);
    }

    var read = JournalFormat.read(file);
    assertThat(read.tornTail()).isFalse();
    var journal = new Journal(read.entries());
    assertThat(journal.unfinished()).containsExactly(second);
    assertThat(journal.outcome("run-1/1").orElseThrow().result())
        .isEqualTo(AuditResult.ALREADY_DONE);
    assertThat(journal.outcome("run-1/3").orElseThrow().error().orElseThrow().requestId())
        .isEqualTo("req-1");
    assertThat(read.entries().get(0)).isEqualTo(first);
    assertThat(Files.readAllLines(file).get(0))
        .contains("\"writeId\":\"run-1/1\"", "\"desiredRevision\":\"rev-7\"", "\"started\"");
  }

  @Test
  void aLineCutShortByACrashIsLeftOutAndCutOffByTheNextAppend() throws Exception {
    var file = dir.resolve("audit.jsonl");
    try (var log = JsonLinesAuditLog.open(file, clock)) {
      log.record(started("run-1/1", "AKIA1"));
    }
    Files.writeString(
        file, "{\"time\":\"2026-11-23T10:15:3", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

    var torn = JournalFormat.read(file);
    assertThat(torn.tornTail()).isTrue();
    assertThat(torn.lines()).hasSize(1);

    try (var log = JsonLinesAuditLog.open(file, clock)) {
      log.record(started("run-2/1", "AKIA2"));
    }
    var repaired = JournalFormat.read(file);
    assertThat(repaired.tornTail()).isFalse();
    assertThat(repaired.entries())
        .extracting(AuditEntry::writeId)
        .containsExactly("run-1/1", "run-2/1");
    assertThat(Files.readAllLines(file)).hasSize(2);
  }

  @Test
  void aLineThatIsNotAnEntryIsAnErrorNamingFileAndLine() throws Exception {
    var file = dir.resolve("audit.jsonl");
    Files.writeString(
        file,
        "{\"time\":\"2026-11-23T10:15:30Z\",\"runId\":\"r\",\"action\":\"a\",\"result\":\"ok\"}\n"
            + "{\"time\":\"2026-11-23T10:15:30Z\",\"runId\":\"r\",\"action\":\"a\","
            + "\"result\":\"maybe\"}\n");

    assertThatThrownBy(() -> JournalFormat.read(file))
        .isInstanceOf(JournalFormat.FormatException.class)
        .hasMessageContaining("audit.jsonl:2")
        .hasMessageContaining("maybe");
  }

  @Test
  void linesWrittenBeforeTheJournalWasWriteAheadAreOutcomesWithoutAStart() throws Exception {
    var file = dir.resolve("audit.jsonl");
    Files.writeString(
        file,
        "{\"time\":\"2026-11-23T10:15:30Z\",\"runId\":\"apply-1\",\"account\":\"555555555555\","
            + "\"taskPolicy\":\"IAMDeleteRootUserCredentials\",\"action\":\"iam:DeleteAccessKey\","
            + "\"target\":\"AKIA1\",\"result\":\"ok\"}\n");

    var journal = new Journal(JournalFormat.read(file).entries());

    assertThat(journal.unfinished()).isEmpty();
    assertThat(journal.entries())
        .singleElement()
        .satisfies(e -> assertThat(e.result()).isEqualTo(AuditResult.OK));
  }

  @Test
  void theStartedLineIsOnDiskWhenRecordReturns() throws Exception {
    var file = dir.resolve("audit.jsonl");
    try (var log = JsonLinesAuditLog.open(file, clock)) {
      log.record(started("run-1/1", "AKIA1"));
      // read by another reader while the log is still open: the line is whole and there
      assertThat(new Journal(JournalFormat.read(file).entries()).unfinished()).hasSize(1);
    }
  }
}
