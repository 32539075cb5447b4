package io.rootctl.cli;

import io.rootctl.plan.Guards;
import io.rootctl.plan.Targets;
import io.rootctl.plan.json.PlanJson;
import io.rootctl.render.PlanText;
import io.rootctl.render.Style;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code rootctl plan}: what rootctl would change, read-only. */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = {
      "Reads the live organization (one IAMAuditRootUserCredentials session per active member"
          + " account) and shows what apply would change to match the desired state. Writes"
          + " nothing to AWS.",
      "Exit 0 on success; 1 on any error (invalid desired state, refused plan, AWS error) and"
          + " whenever an account could not be read (also with --detailed-exitcode: an account"
          + " not read is never 'no changes'; no -out file is written then); with"
          + " --detailed-exitcode, 2 when the plan has changes or an account needs a person"
          + " (an unmet mfaDevices requirement: drift that apply cannot repair)."
    })
public final class PlanCommand implements Callable<Integer> {
  private final CommandServices services;

  @Spec CommandSpec spec;

  @Mixin DesiredStateOption desiredState;

  @Mixin GlobalOptions global;

  @Option(
      names = {"-out", "--out"},
      paramLabel = "FILE",
      description =
          "Also save the plan as JSON to FILE, for rootctl apply FILE (not when an account"
              + " could not be read).")
  @Nullable Path out;

  @Option(
      names = {"--detailed-exitcode", "-detailed-exitcode"},
      description =
          "Exit 2 when the plan has changes or an account needs a person (0: none, 1: error),"
              + " for CI.")
  boolean detailedExitcode;

  @Option(
      names = {"--json", "-json"},
      description = "Print the plan as JSON (the -out format) on stdout.")
  boolean json;

  @Option(
      names = {"--target", "-target"},
      paramLabel = "account:ID|ou:PATH",
      description =
          "Plan only this account, or the accounts beneath this OU (ou:/Root/Path or ou:ou-id)."
              + " Repeatable.")
  List<String> targets = new ArrayList<>();

  @Mixin ParallelismOption parallelism;

  @Mixin RateOption rate;

  public PlanCommand(CommandServices services) {
    this.services = services;
  }

  @Override
  public Integer call() {
    var stdout = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    var selection = parseTargets(spec, targets);
    var progress = ProgressLine.start(services, global, err);
    var options =
        new EngineOptions(parallelism.value(), java.util.Optional.empty(), progress)
            .withRates(rate.value());
    try (progress;
        var handle = services.openEngine(global, options)) {
      var made =
          PlanRun.plan(
              handle.engine(), desiredState.directory(), selection, services.region(global), err);
      if (made.isEmpty()) {
        err.flush();
        return ExitCodes.ERROR;
      }
      var plan = made.get().plan();
      var planJson = new PlanJson();
      if (out != null && plan.complete()) {
        if (!PlanFile.writable(out)) {
          err.println("Error: cannot save the plan to " + out + ": not a regular file");
          err.flush();
          return ExitCodes.ERROR;
        }
        try {
          Files.writeString(out, planJson.write(plan));
        } catch (IOException e) {
          err.println("Error: cannot save the plan to " + out + ": " + e.getMessage());
          err.flush();
          return ExitCodes.ERROR;
        }
      }
      if (json) {
        stdout.print(planJson.write(plan));
      } else {
        stdout.print(new PlanText(style()).render(plan));
        if (out != null && plan.hasChanges() && plan.complete()) {
          stdout.printf(
              "%nSaved the plan to %s. To perform exactly these actions, run:%n    %s%n",
              out, applyCommand(out));
        }
      }
      Guards.of(made.get().desired().organization())
          .check(plan, OptionalInt.empty())
          .filter(v -> plan.applicable())
          .ifPresent(v -> err.println("Warning: apply will refuse this plan: " + v.message()));
      stdout.flush();
      if (ApplyCommand.incomplete(plan, err)) {
        // never "no changes" (0) nor "changes" (2) when the plan does not cover every account
        if (out != null) {
          err.println("No plan file was written: an incomplete plan cannot be applied.");
        }
        err.flush();
        return ExitCodes.ERROR;
      }
      err.flush();
      // an unmet requirement (needs a person) is drift too, as in Terraform a diff is a diff
      return detailedExitcode && plan.hasDrift() ? ExitCodes.CHANGES_PENDING : ExitCodes.OK;
    }
  }

  /**
   * The {@code rootctl apply} command line for the saved plan, ready to copy: apply re-plans from
   * the desired state the plan was made from and reads the same organization, so {@code
   * --desired-state}, {@code --profile}, {@code --region} and {@code --endpoint-url} are repeated
   * when plan was given them; words the shell would split or expand are single-quoted.
   */
  private String applyCommand(Path file) {
    var words = new ArrayList<String>(List.of("rootctl", "apply"));
    if (spec.commandLine().getParseResult().hasMatchedOption("--desired-state")) {
      words.add("--desired-state");
      words.add(shellWord(desiredState.directory().toString()));
    }
    global
        .profile()
        .ifPresent(
            p -> {
              words.add("--profile");
              words.add(shellWord(p));
            });
    global
        .region()
        .ifPresent(
            r -> {
              words.add("--region");
              words.add(shellWord(r));
            });
    global
        .endpointUrl()
        .ifPresent(
            u -> {
              words.add("--endpoint-url");
              words.add(shellWord(u.toString()));
            });
    words.add(shellWord(file.toString()));
    return String.join(" ", words);
  }

  /** {@code word} as a POSIX shell reads it back: as is when safe, else single-quoted. */
  static String shellWord(String word) {
    if (!word.isEmpty() && SHELL_SAFE.matcher(word).matches()) {
      return io.rootctl.model.Printable.escape(word);
    }
    return "'" + io.rootctl.model.Printable.escape(word).replace("'", "'\\''") + "'";
  }

  private static final java.util.regex.Pattern SHELL_SAFE =
      java.util.regex.Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

  private Style style() {
    return Style.of(!global.noColor() && services.colorAllowed());
  }

  /** The {@code --target} values, or a usage error naming the bad one. */
  static Targets parseTargets(CommandSpec spec, List<String> values) {
    try {
      return Targets.parse(values);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}
