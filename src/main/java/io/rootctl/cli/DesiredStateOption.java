package io.rootctl.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --desired-state DIR}, shared by validate, plan, apply and controller (a picocli mixin).
 */
public final class DesiredStateOption {

  @Option(
      names = "--desired-state",
      paramLabel = "DIR",
      defaultValue = "desired-state",
      description = "Directory of desired-state YAML, read recursively. Default: ${DEFAULT-VALUE}.")
  Path directory = Path.of("desired-state");

  public Path directory() {
    return directory;
  }
}
