package io.rootctl.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.LinkedHashMap;

/**
 * An {@link AuditLog} that appends one JSON object per line to a file ({@code --audit-log FILE}):
 * {@code time} (ISO-8601 UTC, from the injected clock), {@code runId}, {@code account}, {@code
 * taskPolicy}, {@code action}, {@code target}, {@code result} and, on failure, {@code error} with
 * {@code code}, {@code requestId} and {@code message}. The file is opened in append mode, so runs
 * accumulate; each line is flushed before {@link #record} returns. Thread-safe.
 */
public final class JsonLinesAuditLog implements AuditLog, AutoCloseable {
  private final ObjectMapper json = new ObjectMapper();
  private final Clock clock;
  private final Path file;
  private final Writer out;

  private JsonLinesAuditLog(Path file, Writer out, Clock clock) {
    this.file = file;
    this.out = out;
    this.clock = clock;
  }

  /** Opens (creating if needed) {@code file} for appending. */
  public static JsonLinesAuditLog open(Path file, Clock clock) throws IOException {
    var parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    var writer =
        Files.newBufferedWriter(
            file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    return new JsonLinesAuditLog(file, writer, clock);
  }

  @Override
  public void record(AuditEntry entry) {
    var line = toJson(entry);
    synchronized (this) {
      try {
        out.write(line);
        out.write('\n');
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the audit log " + file, e);
      }
    }
  }

  private String toJson(AuditEntry entry) {
    var line = new LinkedHashMap<String, Object>();
    line.put("time", clock.instant().toString());
    line.put("runId", entry.runId());
    line.put("account", entry.account().map(Object::toString).orElse(null));
    line.put("taskPolicy", entry.taskPolicy().map(p -> p.policyName()).orElse(null));
    line.put("action", entry.action());
    line.put("target", entry.target());
    line.put("result", entry.result().jsonName());
    entry
        .error()
        .ifPresent(
            e -> {
              var error = new LinkedHashMap<String, Object>();
              error.put("code", e.code());
              error.put("requestId", e.requestId());
              error.put("message", e.message());
              line.put("error", error);
            });
    try {
      return json.writeValueAsString(line);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an audit entry of strings must serialize", e);
    }
  }

  @Override
  public synchronized void close() throws IOException {
    out.close();
  }

  @Override
  public String toString() {
    return "JsonLinesAuditLog[" + file + "]";
  }
}
