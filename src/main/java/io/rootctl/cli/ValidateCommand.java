package io.rootctl.cli;

import io.rootctl.desired.yaml.DesiredStateLoader;
import io.rootctl.desired.yaml.LoadResult;
import io.rootctl.render.ProblemsText;
import io.rootctl.render.ValidationJson;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rootctl validate}: checks the desired state without touching AWS. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Checks the desired-state directory without touching AWS: syntax, kinds, keys, values,"
          + " duplicates, and that every relaxation of the defaults carries an exception.",
      "Exit 0 when valid (one summary line on stdout, warnings on stderr); exit 1 with every"
          + " problem as file:line:col: message."
    })
public final class ValidateCommand implements Callable<Integer> {
  private final CommandServices services;

  @Spec CommandSpec spec;

  @Mixin DesiredStateOption desiredState;

  @Mixin GlobalOptions global;

  @Option(
      names = {"--json", "-json"},
      description = "Print the result as JSON on stdout: valid, counts, and every problem.")
  boolean json;

  public ValidateCommand(CommandServices services) {
    this.services = services;
  }

  @Override
  public Integer call() {
    var today = LocalDate.now(services.clock());
    var result = new DesiredStateLoader().load(desiredState.directory(), today);
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    if (json) {
      out.println(ValidationJson.write(result, today));
    } else {
      ProblemsText.lines(result.problems(), desiredState.directory().toString())
          .forEach(err::println);
      switch (result) {
        case LoadResult.Valid v -> out.println(ProblemsText.summary(v.desired(), today));
        case LoadResult.Invalid i ->
            err.println(
                "desired-state: invalid — "
                    + i.errorCount()
                    + (i.errorCount() == 1 ? " error" : " errors")
                    + " in "
                    + desiredState.directory());
      }
    }
    out.flush();
    err.flush();
    return result instanceof LoadResult.Valid ? ExitCodes.OK : ExitCodes.ERROR;
  }
}
