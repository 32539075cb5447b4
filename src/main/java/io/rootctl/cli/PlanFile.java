package io.rootctl.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a saved plan file as text: only a regular file (a FIFO would block, {@code /dev/zero} never
 * ends) of at most {@link #MAX_BYTES} bytes, far above any plan of a real organization.
 */
final class PlanFile {
  /** 64 MiB: a 10,000-account plan with every credential to delete is a few MiB. */
  static final long MAX_BYTES = 64L * 1024 * 1024;

  private PlanFile() {}

  /**
   * The file's text.
   *
   * @throws IOException when it does not exist, is not a regular file, is larger than {@link
   *     #MAX_BYTES}, or cannot be read
   */
  static String read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(Files.exists(file) ? "not a regular file" : "no such file");
    }
    if (Files.size(file) > MAX_BYTES) {
      throw new IOException("larger than " + MAX_BYTES + " bytes; not a rootctl plan");
    }
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  /** Whether {@code file} may be written as a plan: it does not exist yet or is a regular file. */
  static boolean writable(Path file) {
    return !Files.exists(file) || Files.isRegularFile(file);
  }
}
