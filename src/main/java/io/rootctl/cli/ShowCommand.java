package io.rootctl.cli;

import io.rootctl.plan.json.PlanFormatException;
import io.rootctl.plan.json.PlanJson;
import io.rootctl.render.PlanText;
import io.rootctl.render.Style;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rootctl show PLANFILE}: a saved plan, as text or JSON. Touches neither AWS nor YAML. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = {
      "Shows a plan saved by rootctl plan -out, as text or (--json) as JSON. Reads only the file:"
          + " what it shows is the file's, checked against nothing (a note on stderr says so).",
      "Exit 0; 1 when the file cannot be read, is not a plan this rootctl understands (its"
          + " summary must match its actions), or is incomplete (accounts could not be read)."
    })
public final class ShowCommand implements Callable<Integer> {
  private final CommandServices services;

  @Spec CommandSpec spec;

  @Mixin GlobalOptions global;

  @Parameters(index = "0", paramLabel = "PLANFILE", description = "The saved plan.")
  Path planFile;

  @Option(
      names = {"--json", "-json"},
      description = "Print the plan as JSON (its saved format).")
  boolean json;

  public ShowCommand(CommandServices services) {
    this.services = services;
  }

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    try {
      var planJson = new PlanJson();
      var plan = planJson.read(PlanFile.read(planFile));
      out.print(
          json
              ? planJson.write(plan)
              : new PlanText(Style.of(!global.noColor() && services.colorAllowed())).render(plan));
      out.flush();
      // the file alone: nothing in it was checked, and show must not read as if it had been
      err.println(
          "Note: this is "
              + io.rootctl.model.Printable.escape(planFile.toString())
              + " as written, not checked against the organization or the desired state: its"
              + " account names, OU paths, reasons and findings are the file's. rootctl apply"
              + " checks its actions against a fresh read before any write and names accounts"
              + " as the organization does; run rootctl plan to see the organization as it is.");
      PlanRun.preflightWarnings(plan).forEach(err::println);
      var incomplete = ApplyCommand.incomplete(plan, err);
      err.flush();
      return incomplete ? ExitCodes.ERROR : ExitCodes.OK;
    } catch (IOException e) {
      err.println("Error: cannot read the plan file " + planFile + ": " + e.getMessage());
    } catch (PlanFormatException e) {
      err.println("Error: " + planFile + ": " + e.getMessage());
    }
    err.flush();
    return ExitCodes.ERROR;
  }
}
