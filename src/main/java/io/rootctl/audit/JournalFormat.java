package io.rootctl.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rootctl.model.AccountId;
import io.rootctl.model.TaskPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * The journal's line format, one JSON object per line, in the spirit of CloudTrail's records:
 * {@code time} (ISO-8601 UTC), {@code writeId}, {@code runId}, {@code account}, {@code taskPolicy},
 * {@code action} (the AWS operation, {@code iam:DeleteAccessKey}), {@code target}, {@code
 * desiredRevision}, {@code result} ({@code started}, {@code ok}, {@code already-done}, {@code
 * failed}, {@code tolerated}), on failure {@code error} with {@code operation}, {@code code},
 * {@code requestId} and {@code message}, and for a write crash recovery makes, {@code recovers}
 * (the interrupted write's id). Lines written before the journal had {@code writeId} (one line per
 * write, after it) are read as outcomes without a {@code started} line.
 */
public final class JournalFormat {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JournalFormat() {}

  /** One line read back: when it was stamped, and the entry. */
  public record Line(int number, Instant time, AuditEntry entry) {}

  /**
   * A journal file read back.
   *
   * @param tornTail whether the file ended in a line without its newline (an append cut short by a
   *     crash); that line is not in {@code lines}, and the next append cuts it off
   */
  public record File(List<Line> lines, boolean tornTail) {
    public File {
      lines = List.copyOf(lines);
    }

    public List<AuditEntry> entries() {
      return lines.stream().map(Line::entry).toList();
    }
  }

  /** A line of the journal that is not a journal entry. */
  public static final class FormatException extends IOException {
    private static final long serialVersionUID = 1L;

    FormatException(Path file, int line, String message) {
      super(file + ":" + line + ": not a journal entry: " + message);
    }
  }

  /** One entry as a line (without the newline). */
  public static String write(Instant time, AuditEntry entry) {
    var line = new LinkedHashMap<String, Object>();
    line.put("time", time.toString());
    line.put("writeId", entry.writeId());
    line.put("runId", entry.runId());
    line.put("account", entry.account().map(Object::toString).orElse(null));
    line.put("taskPolicy", entry.taskPolicy().map(TaskPolicy::policyName).orElse(null));
    line.put("action", entry.action());
    line.put("target", entry.target());
    line.put("desiredRevision", entry.desiredRevision());
    line.put("result", entry.result().jsonName());
    entry
        .error()
        .ifPresent(
            e -> {
              var error = new LinkedHashMap<String, Object>();
              error.put("operation", e.operation());
              error.put("code", e.code());
              error.put("requestId", e.requestId());
              error.put("message", e.message());
              line.put("error", error);
            });
    entry.recovers().ifPresent(r -> line.put("recovers", r));
    try {
      return JSON.writeValueAsString(line);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an audit entry of strings must serialize", e);
    }
  }

  /**
   * Reads {@code file}; an absent file is an empty journal.
   *
   * @throws FormatException naming the file and line of the first line that is not an entry (a last
   *     line without newline is a torn append, not an error)
   * @throws IOException when the file cannot be read, or is not a regular file
   */
  public static File read(Path file) throws IOException {
    if (!Files.exists(file)) {
      return new File(List.of(), false);
    }
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + " is not a regular file; the audit log must be one");
    }
    var text = Files.readString(file, StandardCharsets.UTF_8);
    var torn = !text.isEmpty() && !text.endsWith("\n");
    var raw = text.split("\n", -1);
    // the element after the last newline is empty, or the torn tail
    var complete = Arrays.asList(raw).subList(0, raw.length - 1);
    var lines = new ArrayList<Line>();
    for (var i = 0; i < complete.size(); i++) {
      var number = i + 1;
      var source = complete.get(i);
      if (source.isBlank()) {
        continue;
      }
      lines.add(parse(file, number, source));
    }
    return new File(lines, torn);
  }

  private static Line parse(Path file, int number, String source) throws FormatException {
    JsonNode node;
    try {
      node = JSON.readTree(source);
    } catch (JsonProcessingException e) {
      throw new FormatException(file, number, "not JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new FormatException(file, number, "not a JSON object");
    }
    try {
      var runId = required(node, "runId");
      var result =
          AuditResult.ofJsonName(required(node, "result"))
              .orElseThrow(
                  () ->
                      new IllegalArgumentException("unknown result '" + node.get("result") + "'"));
      var action = required(node, "action");
      var error =
          node.hasNonNull("error")
              ? Optional.of(
                  new AuditError(
                      node.get("error").path("operation").asText(action),
                      node.get("error").path("code").asText(""),
                      node.get("error").path("requestId").asText(""),
                      node.get("error").path("message").asText("")))
              : Optional.<AuditError>empty();
      var entry =
          new AuditEntry(
              node.hasNonNull("writeId") ? node.get("writeId").asText() : runId + "/L" + number,
              runId,
              optional(node, "account").map(AccountId::of),
              optional(node, "taskPolicy").map(JournalFormat::policy),
              action,
              node.path("target").asText(""),
              node.path("desiredRevision").asText(""),
              result,
              error,
              optional(node, "recovers"));
      return new Line(number, Instant.parse(required(node, "time")), entry);
    } catch (IllegalArgumentException | DateTimeException e) {
      throw new FormatException(file, number, String.valueOf(e.getMessage()));
    }
  }

  private static String required(JsonNode node, String field) {
    var value = node.get(field);
    if (value == null || !value.isTextual() || value.asText().isEmpty()) {
      throw new IllegalArgumentException("missing '" + field + "'");
    }
    return value.asText();
  }

  private static Optional<String> optional(JsonNode node, String field) {
    var value = node.get(field);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
  }

  private static TaskPolicy policy(String name) {
    return Arrays.stream(TaskPolicy.values())
        .filter(p -> p.policyName().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown task policy '" + name + "'"));
  }
}
