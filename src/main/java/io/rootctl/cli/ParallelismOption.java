package io.rootctl.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --parallelism N}, shared by plan, apply, audit and controller (a picocli mixin). */
public final class ParallelismOption {

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(
      names = {"--parallelism", "-parallelism"},
      paramLabel = "N",
      description =
          "Accounts read (and, when applying, changed) at once. Default: ${DEFAULT-VALUE}.")
  int parallelism = EngineOptions.DEFAULT_PARALLELISM;

  /**
   * How many accounts to read (and, for the commands that write, change) at once; at least 1.
   *
   * @throws ParameterException (a usage error: exit 1) when {@code --parallelism} is below 1
   */
  public int value() {
    if (parallelism < 1) {
      throw new ParameterException(mixee.commandLine(), "--parallelism must be at least 1");
    }
    return parallelism;
  }
}
