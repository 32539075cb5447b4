package io.rootctl.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A cheap look at a desired-state directory: where it really is (through the git-sync link) and a
 * digest of every non-hidden file's relative path, size and modification time. Reads no file
 * contents, so it can be taken every couple of seconds.
 *
 * @param realPath the directory after following links; empty when it does not exist
 * @param digest 12 hex digits over the real path and the file list
 */
public record DirectorySnapshot(Optional<Path> realPath, String digest) {

  /**
   * Looks at {@code dir} now. Never throws: a missing or unreadable directory is a snapshot too.
   */
  public static DirectorySnapshot of(Path dir) {
    Path real;
    try {
      real = dir.toRealPath();
    } catch (IOException e) {
      return new DirectorySnapshot(Optional.empty(), "missing");
    }
    try {
      var sha = MessageDigest.getInstance("SHA-256");
      sha.update(real.toString().getBytes(StandardCharsets.UTF_8));
      try (Stream<Path> files = Files.walk(real)) {
        files
            .filter(p -> !hidden(real.relativize(p)))
            .filter(Files::isRegularFile)
            .sorted()
            .forEach(
                p -> {
                  try {
                    var line =
                        real.relativize(p)
                            + "\0"
                            + Files.size(p)
                            + "\0"
                            + Files.getLastModifiedTime(p).toMillis()
                            + "\n";
                    sha.update(line.getBytes(StandardCharsets.UTF_8));
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                });
      }
      return new DirectorySnapshot(
          Optional.of(real), HexFormat.of().formatHex(sha.digest()).substring(0, 12));
    } catch (IOException | UncheckedIOException e) {
      // Files vanished mid-walk (git-sync swapping the link): unstable by definition.
      return new DirectorySnapshot(Optional.of(real), "unreadable:" + System.identityHashCode(e));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static boolean hidden(Path relative) {
    for (var part : relative) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }
}
