package io.rootctl.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Files that are not regular files, for hostile-folder tests: a named pipe (with {@code mkfifo})
 * and a Unix-domain socket. Where the OS cannot make one the test is skipped, except under {@code
 * CI=true}, where it fails: CI runs on Linux, which has both.
 */
public final class SpecialFiles {
  private SpecialFiles() {}

  /** Makes a named pipe (FIFO) at {@code path}. Opening it for reading blocks until a writer. */
  public static Path fifo(Path path) {
    try {
      Files.createDirectories(path.toAbsolutePath().getParent());
      var process =
          new ProcessBuilder("mkfifo", path.toAbsolutePath().toString())
              .redirectErrorStream(true)
              .start();
      var output = new String(process.getInputStream().readAllBytes());
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("mkfifo " + path + " failed: " + output);
      }
    } catch (IOException e) {
      unavailable("mkfifo", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return path;
  }

  /** Makes a Unix-domain socket file at {@code path} (the channel is closed; the file stays). */
  public static Path socket(Path path) {
    try {
      Files.createDirectories(path.toAbsolutePath().getParent());
      try (var server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
        server.bind(UnixDomainSocketAddress.of(path));
      }
    } catch (IOException | UnsupportedOperationException e) {
      unavailable("a Unix-domain socket", e);
    }
    return path;
  }

  private static void unavailable(String what, Exception e) {
    if ("true".equals(System.getenv("CI"))) {
      throw new IllegalStateException("cannot make " + what + " on CI: " + e, e);
    }
    assumeTrue(false, "this OS cannot make " + what + ": " + e);
    throw new UncheckedIOException(new IOException(e));
  }
}
