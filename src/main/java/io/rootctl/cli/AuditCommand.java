package io.rootctl.cli;

import io.rootctl.cloud.CloudException;
import io.rootctl.render.AuditCsv;
import io.rootctl.render.AuditJson;
import io.rootctl.render.AuditText;
import io.rootctl.render.Inventory;
import io.rootctl.render.Style;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rootctl audit}: the live root-credential inventory of every member account. */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = {
      "Lists what the root user of every member account holds today (login profile and"
          + " password, access keys, signing certificates, MFA devices), read in one"
          + " IAMAuditRootUserCredentials session per active account, with summary counts."
          + " Needs no desired state; writes nothing.",
      "Exit 0 when every active account could be read; 1 when any could not, or on an error."
    })
public final class AuditCommand implements Callable<Integer> {
  /** Output formats. */
  public enum Format {
    table,
    json,
    csv
  }

  private final CommandServices services;

  @Spec CommandSpec spec;

  @Mixin GlobalOptions global;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "table, json or csv. Default: ${DEFAULT-VALUE}.")
  Format format = Format.table;

  @Mixin ParallelismOption parallelism;

  @Mixin RateOption rate;

  public AuditCommand(CommandServices services) {
    this.services = services;
  }

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    var progress = ProgressLine.start(services, global, err);
    var options =
        new EngineOptions(parallelism.value(), java.util.Optional.empty(), progress)
            .withRates(rate.value());
    try (progress;
        var handle = services.openEngine(global, options)) {
      Inventory inventory;
      try {
        inventory = Inventory.of(handle.engine().audit());
      } catch (CloudException e) {
        err.println("Error: cannot read the organization: " + e.getMessage());
        err.flush();
        return ExitCodes.ERROR;
      }
      out.print(
          switch (format) {
            case table ->
                new AuditText(Style.of(!global.noColor() && services.colorAllowed()))
                    .render(inventory);
            case json -> AuditJson.render(inventory);
            case csv -> AuditCsv.render(inventory);
          });
      out.flush();
      var unreadable = inventory.count(Inventory.Status.UNREADABLE);
      if (unreadable > 0) {
        err.println("Error: " + unreadable + " account(s) could not be read; see their errors.");
        err.flush();
        return ExitCodes.ERROR;
      }
      return ExitCodes.OK;
    }
  }
}
