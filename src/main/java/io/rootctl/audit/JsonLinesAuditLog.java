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
import org.jspecify.annotations.Nullable;

/**
 * An {@link AuditLog} that appends one JSON object per line to a file ({@code --audit-log FILE}):
 * {@code time} (ISO-8601 UTC, from the injected clock), {@code runId}, {@code account}, {@code
 * taskPolicy}, {@code action}, {@code target}, {@code result} and, on failure, {@code error} with
 * {@code code}, {@code requestId} and {@code message}. The file is opened in append mode, so runs
 * accumulate; each line is flushed before {@link #record} returns. Whether it can be written is
 * checked at {@link #open}, before any AWS write, but the file is only created by the first entry:
 * a run that writes nothing (bad input, no changes, AWS unreachable) leaves no empty log behind.
 * Thread-safe.
 */
public final class JsonLinesAuditLog implements AuditLog, AutoCloseable {
  private final ObjectMapper json = new ObjectMapper();
  private final Clock clock;
  private final Path file;
  private @Nullable Writer out; // opened by the first entry; guarded by this

  private JsonLinesAuditLog(Path file, Clock clock) {
    this.file = file;
    this.clock = clock;
  }

  /**
   * Prepares {@code file} for appending: creates its directory, and fails with {@link IOException}
   * now if the file (or, when it does not exist yet, its directory) cannot be written, or if it
   * exists and is not a regular file (a FIFO, a device such as {@code /dev/full}, a socket).
   */
  public static JsonLinesAuditLog open(Path file, Clock clock) throws IOException {
    var parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    if (Files.exists(file) && !Files.isRegularFile(file)) {
      // a FIFO blocks and a device (/dev/full) loses lines: writes must never go unrecorded
      throw new IOException(
          file + " cannot be written: not a regular file; the audit log must be one");
    }
    var target = Files.exists(file) ? file : parent;
    if (Files.isDirectory(file) || (target != null && !Files.isWritable(target))) {
      throw new IOException(file + " cannot be written");
    }
    return new JsonLinesAuditLog(file, clock);
  }

  private Writer writer() throws IOException {
    if (out == null) {
      out =
          Files.newBufferedWriter(
              file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
    return out;
  }

  @Override
  public void record(AuditEntry entry) {
    var line = toJson(entry);
    synchronized (this) {
      try {
        var w = writer();
        w.write(line);
        w.write('\n');
        w.flush();
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
    if (out != null) {
      out.close();
    }
  }

  @Override
  public String toString() {
    return "JsonLinesAuditLog[" + file + "]";
  }
}
