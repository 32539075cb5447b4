package io.rootctl.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --parallelism N}, shared by plan, apply, audit and controller (a picocli mixin). */
public final class ParallelismOption {

  /** The most accounts read or changed at once. */
  static final int MAX = 1000;

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
   * @throws ParameterException (a usage error: exit 1) when {@code --parallelism} is below 1 or
   *     above {@link #MAX}
   */
  public int value() {
    if (parallelism < 1) {
      throw new ParameterException(mixee.commandLine(), "--parallelism must be at least 1");
    }
    if (parallelism > MAX) {
      // each reader is a thread with an open root session; beyond this the rate limits, not the
      // readers, set the pace, and a huge value only exhausts memory
      throw new ParameterException(
          mixee.commandLine(), "--parallelism must be at most " + MAX + ", not " + parallelism);
    }
    return parallelism;
  }
}
