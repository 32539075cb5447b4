package io.rootctl.cli;

import io.rootctl.cloud.Sleeper;
import io.rootctl.sim.AdjustableClock;
import io.rootctl.sim.FaultSettings;
import io.rootctl.sim.Fixture;
import io.rootctl.sim.S3Backend;
import io.rootctl.sim.SimulatedOrganization;
import io.rootctl.sim.http.EmulatorServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rootctl demo}: plan, apply and plan again against the emulator's demo organization, so a
 * newcomer sees drift found, fixed, and "No changes." without an AWS account ({@code make run}).
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Starts the AWS emulator in this process on 127.0.0.1 with the built-in demo organization,"
          + " then runs rootctl plan, rootctl apply --auto-approve and rootctl plan again against"
          + " it (with --endpoint-url and the emulator's management credentials), printing each"
          + " command line first. Needs no AWS account; the emulator stops when the demo ends.",
      "Exit 0 when all three commands succeed."
    })
public final class DemoCommand implements Callable<Integer> {
  private final CommandServices services;

  @Spec CommandSpec spec;

  @Mixin DesiredStateOption desiredState;

  @Option(
      names = {"--no-color", "-no-color"},
      description = "Plain text output, no ANSI colour.")
  boolean noColor;

  @Option(
      names = "--audit-log",
      paramLabel = "FILE",
      defaultValue = ApplyCommand.DEFAULT_AUDIT_LOG,
      description = "The apply's audit log. Default: ${DEFAULT-VALUE}.")
  Path auditLog = Path.of(ApplyCommand.DEFAULT_AUDIT_LOG);

  public DemoCommand(CommandServices services) {
    this.services = services;
  }

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    var organization =
        new SimulatedOrganization(
            Fixture.demo(),
            new AdjustableClock(services.clock()),
            FaultSettings.none(),
            Sleeper.threadSleep());
    new S3Backend(organization).ensureBucket(SimCommand.LOCK_BUCKET);
    try (var server = new EmulatorServer(organization, 0).start()) {
      var admin = organization.managementCredentials();
      var demo = services.withStaticCredentials(admin.accessKeyId(), admin.secretAccessKey());
      out.printf(
          "rootctl demo: the AWS emulator serves organization %s (%d accounts) on %s.%n"
              + "To point rootctl at a real organization instead, see docs/cli.md.%n",
          organization.organizationId(), organization.accountCount(), server.endpoint());
      var common = new ArrayList<String>(List.of("--endpoint-url", server.endpoint().toString()));
      if (!desiredState.directory().equals(Path.of("desired-state"))) {
        common.addAll(List.of("--desired-state", desiredState.directory().toString()));
      }
      if (noColor) {
        common.add("--no-color");
      }
      var apply = new ArrayList<>(List.of("apply", "--auto-approve"));
      if (!auditLog.equals(Path.of(ApplyCommand.DEFAULT_AUDIT_LOG))) {
        apply.addAll(List.of("--audit-log", auditLog.toString()));
      }
      apply.addAll(List.of("--lock-url", SimCommand.LOCK_URL));
      for (var command : List.of(List.of("plan"), apply, List.of("plan"))) {
        var args = new ArrayList<>(command);
        args.addAll(common);
        out.println();
        out.println("$ rootctl " + String.join(" ", args));
        out.flush();
        var cli = RootctlCommand.commandLine(demo);
        cli.setOut(out);
        cli.setErr(err);
        int code = cli.execute(args.toArray(String[]::new));
        if (code != ExitCodes.OK) {
          err.println("rootctl demo: '" + String.join(" ", args) + "' exited " + code);
          err.flush();
          return ExitCodes.ERROR;
        }
      }
      out.flush();
      return ExitCodes.OK;
    }
  }
}
