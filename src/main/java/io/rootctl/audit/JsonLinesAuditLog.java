package io.rootctl.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link AuditLog} that appends one JSON object per line to a file ({@code --audit-log FILE}),
 * in the format {@link JournalFormat} reads and writes. The file is opened in append mode, so runs
 * accumulate; each line is written whole with one {@code write} and forced to the storage device
 * ({@link FileChannel#force}, fsync) before {@link #record} returns, so a {@code started} line is
 * durable before its AWS call is made. Whether it can be written is checked at {@link #open},
 * before any AWS write, but the file is only created by the first entry: a run that writes nothing
 * (bad input, no changes, AWS unreachable) leaves no empty log behind. A last line cut short by a
 * crash of an earlier process (no final newline) is cut off before the first new line is appended,
 * so every line stays whole. Thread-safe; lines of concurrent processes do not interleave (each
 * line is a single append).
 */
public final class JsonLinesAuditLog implements AuditLog, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(JsonLinesAuditLog.class);

  private final Clock clock;
  private final Path file;
  private @Nullable FileChannel out; // opened by the first entry; guarded by this

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
    if (Files.isSymbolicLink(file)) {
      // a link planted where the journal goes would make rootctl append to any file it can write
      throw new IOException(
          file + " cannot be written: a symbolic link; name the journal file itself");
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

  /** The journal file. */
  public Path file() {
    return file;
  }

  private FileChannel channel() throws IOException {
    if (out == null) {
      if (Files.exists(file)) {
        try (var repair =
            FileChannel.open(
                file,
                StandardOpenOption.READ,
                StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
          cutTornTail(repair);
        }
      }
      out =
          FileChannel.open(
              file,
              StandardOpenOption.CREATE,
              StandardOpenOption.APPEND,
              LinkOption.NOFOLLOW_LINKS);
    }
    return out;
  }

  /** Cuts a last line without its newline (an append cut short by a crash). */
  private void cutTornTail(FileChannel channel) throws IOException {
    var size = channel.size();
    if (size == 0) {
      return;
    }
    var end = size;
    var one = ByteBuffer.allocate(1);
    while (end > 0) {
      one.clear();
      channel.read(one, end - 1);
      if (one.get(0) == '\n') {
        break;
      }
      end--;
    }
    if (end < size) {
      log.atWarn()
          .addKeyValue("file", file)
          .addKeyValue("bytes", size - end)
          .log("the audit journal ended in a torn line (a crash mid-append); cutting it off");
      channel.truncate(end);
      channel.force(true);
    }
  }

  @Override
  public void record(AuditEntry entry) {
    var bytes =
        (JournalFormat.write(clock.instant(), entry) + "\n").getBytes(StandardCharsets.UTF_8);
    synchronized (this) {
      try {
        // O_APPEND: every write lands at the end, even after another process appended.
        var channel = channel();
        var buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(false);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the audit log " + file, e);
      }
    }
  }

  /**
   * Every entry in the file, oldest first (an absent file has none).
   *
   * @throws UncheckedIOException when the file cannot be read or a line is not a journal entry
   */
  @Override
  public List<AuditEntry> entries() {
    try {
      return JournalFormat.read(file).entries();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the audit log " + file + ": " + e.getMessage(), e);
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
