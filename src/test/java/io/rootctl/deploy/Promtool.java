package io.rootctl.deploy;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs Prometheus's {@code promtool} (Debian package {@code prometheus}; {@code .ci/run} installs
 * it). Missing binary: with {@code CI=true} the test fails, elsewhere it is skipped with a message.
 */
final class Promtool {
  record Result(int exitCode, String output) {}

  private final Path binary;

  private Promtool(Path binary) {
    this.binary = binary;
  }

  static Promtool requireInstalled() {
    Optional<Path> found = onPath("promtool");
    if (found.isEmpty()) {
      String message =
          "promtool not found on PATH: install the Debian package 'prometheus' (.ci/run does)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(message + " (CI=true: a missing binary is a failure, not a skip)");
      }
      Assumptions.abort(message);
    }
    return new Promtool(found.orElseThrow());
  }

  Result run(String... args) throws IOException, InterruptedException {
    var command = new ArrayList<String>(List.of(binary.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = process.getInputStream().readAllBytes();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("promtool did not finish within 60 s: " + command);
    }
    return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  private static Optional<Path> onPath(String name) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
