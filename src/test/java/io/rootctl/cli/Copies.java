package io.rootctl.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Copies of the example desired state to change in a test. */
final class Copies {
  private Copies() {}

  /** A copy of {@code desired-state/} under {@code dir}. */
  static Path desiredState(Path dir) {
    var source = Path.of("desired-state");
    var target = dir.resolve("desired-state");
    try (var files = Files.walk(source)) {
      for (var file : files.toList()) {
        var to = target.resolve(source.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(to);
        } else {
          Files.copy(file, to);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return target;
  }

  /** The copy in observe mode. */
  static Path observing(Path dir) {
    var target = desiredState(dir);
    var org = target.resolve("organization.yaml");
    try {
      Files.writeString(org, Files.readString(org).replace("mode: enforce", "mode: observe"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return target;
  }
}
