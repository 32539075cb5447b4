package io.rootctl.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rootctl.model.AccountId;
import io.rootctl.model.TaskPolicy;
import io.rootctl.testing.ManualClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesAuditLogTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T10:15:30Z"));

  @TempDir Path dir;

  private static AuditEntry deleted(String key) {
    return new AuditEntry(
        "run-1",
        Optional.of(AccountId.of("555555555555")),
        Optional.of(TaskPolicy.DELETE_ROOT_USER_CREDENTIALS),
        "iam:DeleteAccessKey",
        key,
        AuditResult.OK,
        Optional.empty());
  }

  private static List<JsonNode> lines(Path file) throws Exception {
    var nodes = new ArrayList<JsonNode>();
    for (var line : Files.readAllLines(file)) {
      nodes.add(JSON.readTree(line));
    }
    return nodes;
  }

  @Test
  void writesOneJsonObjectPerLineWithEveryField() throws Exception {
    var file = dir.resolve("audit.jsonl");
    try (var log = JsonLinesAuditLog.open(file, clock)) {
      log.record(deleted("AKIAEXAMPLEPAYMNT001"));
      clock.advance(Duration.ofSeconds(2));
      log.record(
          new AuditEntry(
              "run-1",
              Optional.of(AccountId.of("555555555555")),
              Optional.of(TaskPolicy.DELETE_ROOT_USER_CREDENTIALS),
              "iam:DeleteVirtualMFADevice",
              "arn:aws:iam::555555555555:mfa/root-account-mfa-device",
              AuditResult.TOLERATED,
              Optional.of(
                  new AuditError(
                      "iam:DeleteVirtualMFADevice",
                      "AccessDenied",
                      "req-9",
                      "denied by NotResource"))));
    }

    var lines = lines(file);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0).toString())
        .isEqualTo(
            "{\"time\":\"2026-11-23T10:15:30Z\",\"writeId\":\"run-1/0\",\"runId\":\"run-1\","
                + "\"account\":\"555555555555\","
                + "\"taskPolicy\":\"IAMDeleteRootUserCredentials\","
                + "\"action\":\"iam:DeleteAccessKey\","
                + "\"target\":\"AKIAEXAMPLEPAYMNT001\",\"desiredRevision\":\"\","
                + "\"result\":\"ok\"}");
    assertThat(lines.get(1).get("time").asText()).isEqualTo("2026-11-23T10:15:32Z");
    assertThat(lines.get(1).get("result").asText()).isEqualTo("tolerated");
    assertThat(lines.get(1).get("error").get("code").asText()).isEqualTo("AccessDenied");
    assertThat(lines.get(1).get("error").get("requestId").asText()).isEqualTo("req-9");
    assertThat(lines.get(1).get("error").get("operation").asText())
        .isEqualTo("iam:DeleteVirtualMFADevice");
  }

  @Test
  void appendsToAnExistingFileAcrossRuns() throws Exception {
    var file = dir.resolve("audit.jsonl");
    try (var log = JsonLinesAuditLog.open(file, clock)) {
      log.record(deleted("AKIA1"));
    }
    try (var log = JsonLinesAuditLog.open(file, clock)) {
      log.record(deleted("AKIA2"));
    }
    assertThat(lines(file))
        .extracting(n -> n.get("target").asText())
        .containsExactly("AKIA1", "AKIA2");
  }

  @Test
  void aRunThatRecordsNothingLeavesNoFileBehind() throws Exception {
    var file = dir.resolve("logs/audit.jsonl");
    try (var log = JsonLinesAuditLog.open(file, clock)) {
      assertThat(log).isNotNull();
    }
    assertThat(file).doesNotExist();
  }

  @Test
  void aPathThatCannotBeWrittenFailsAtOpenBeforeAnyAwsWrite() throws Exception {
    var aFile = Files.writeString(dir.resolve("not-a-directory"), "x");
    assertThatThrownBy(() -> JsonLinesAuditLog.open(aFile.resolve("audit.jsonl"), clock))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> JsonLinesAuditLog.open(dir, clock))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("cannot be written");
  }

  @Test
  void aSymbolicLinkIsRefusedAndItsTargetNeverWritten() throws Exception {
    var target = Files.writeString(dir.resolve("somebody-elses-file"), "theirs\n");
    var link = Files.createSymbolicLink(dir.resolve("audit.jsonl"), target);

    assertThatThrownBy(() -> JsonLinesAuditLog.open(link, clock))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("symbolic link");
    assertThat(Files.readString(target)).isEqualTo("theirs\n");
  }

  @Test
  void aLinkPlantedAfterOpenIsNotFollowed() throws Exception {
    var target = Files.writeString(dir.resolve("somebody-elses-file"), "theirs\n");
    var file = dir.resolve("audit.jsonl");
    try (var log = JsonLinesAuditLog.open(file, clock)) {
      Files.createSymbolicLink(file, target);
      assertThatThrownBy(() -> log.record(deleted("AKIA1")))
          .isInstanceOf(java.io.UncheckedIOException.class);
    }
    assertThat(Files.readString(target)).isEqualTo("theirs\n");
  }

  @Test
  void isFlushedPerLineBeforeClose() throws Exception {
    var file = dir.resolve("audit.jsonl");
    try (var log = JsonLinesAuditLog.open(file, clock)) {
      log.record(deleted("AKIA1"));
      assertThat(lines(file)).hasSize(1);
    }
  }

  @Test
  void organizationEntriesHaveNoAccountOrPolicy() throws Exception {
    var file = dir.resolve("audit.jsonl");
    try (var log = JsonLinesAuditLog.open(file, clock)) {
      log.record(
          new AuditEntry(
              "run-2",
              Optional.empty(),
              Optional.empty(),
              "organizations:EnableAWSServiceAccess",
              "iam.amazonaws.com",
              AuditResult.OK,
              Optional.empty()));
    }
    var line = lines(file).get(0);
    assertThat(line.get("account").isNull()).isTrue();
    assertThat(line.get("taskPolicy").isNull()).isTrue();
    assertThat(line.get("target").asText()).isEqualTo("iam.amazonaws.com");
  }

  @Test
  void concurrentWritersNeverInterleaveLines() throws Exception {
    var file = dir.resolve("audit.jsonl");
    try (var log = JsonLinesAuditLog.open(file, clock);
        var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (var i = 0; i < 200; i++) {
        var key = "AKIA" + i;
        threads.submit(() -> log.record(deleted(key)));
      }
      threads.shutdown();
      threads.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
    }
    assertThat(lines(file)).hasSize(200);
  }

  @Test
  void neverContainsASecret() throws Exception {
    var file = dir.resolve("audit.jsonl");
    try (var log = JsonLinesAuditLog.open(file, clock)) {
      log.record(deleted("AKIAEXAMPLEPAYMNT001"));
    }
    var text = Files.readString(file);
    assertThat(text).doesNotContainIgnoringCase("secret").doesNotContainIgnoringCase("token");
  }

  @Test
  void aDeviceOrAFifoIsRefusedAtOpenSoThatNoWriteGoesUnrecorded(@TempDir Path tmp)
      throws Exception {
    var fifo = tmp.resolve("audit.fifo");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor())
        .as("mkfifo")
        .isZero();

    for (var file : java.util.List.of(Path.of("/dev/full"), fifo)) {
      assertThatThrownBy(() -> JsonLinesAuditLog.open(file, java.time.Clock.systemUTC()))
          .as(file.toString())
          .isInstanceOf(java.io.IOException.class)
          .hasMessageContaining("not a regular file");
    }
  }
}
