package io.rootctl.cli;

import io.rootctl.lock.LockInfo;
import io.rootctl.lock.LockUnavailableException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rootctl force-unlock LOCK_ID}: removes the writer lock another writer left behind, as
 * Terraform's {@code force-unlock}.
 */
@Command(
    name = "force-unlock",
    mixinStandardHelpOptions = true,
    description = {
      "Removes the writer lock LOCK_ID (the ID the lock error shows), whoever holds it. Only for a"
          + " writer that is gone: a writer still running loses its lock, stops writing at its"
          + " next lease check (within 30 s) and fails. Asks for 'yes' unless -force.",
      "Exit 0 when the lock was removed; 1 when it was not (no lock, another ID, no answer)."
    })
public final class ForceUnlockCommand implements Callable<Integer> {
  private final CommandServices services;

  @Spec CommandSpec spec;

  @Mixin GlobalOptions global;

  @Mixin LockOption lock;

  @Parameters(paramLabel = "LOCK_ID", description = "The ID of the lock to remove.")
  String lockId = "";

  @Option(
      names = {"-force", "--force", "--auto-approve", "-auto-approve"},
      description = "Do not ask for confirmation.")
  boolean force;

  public ForceUnlockCommand(CommandServices services) {
    this.services = services;
  }

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    var url =
        lock.value()
            .orElseThrow(
                () ->
                    new ParameterException(
                        spec.commandLine(),
                        "force-unlock needs the lock's location: --lock-url s3://BUCKET/KEY or "
                            + LockOption.ENV));
    try {
      return services.withLock(
          global,
          url,
          writerLock -> {
            var held = writerLock.current();
            if (held.isEmpty()) {
              err.println("Error: no writer lock is held at " + url + ": nothing to unlock.");
              return ExitCodes.ERROR;
            }
            if (!held.get().id().equals(lockId)) {
              err.println(
                  "Error: the writer lock at "
                      + url
                      + " has ID "
                      + io.rootctl.model.Printable.escape(held.get().id())
                      + ", not "
                      + io.rootctl.model.Printable.escape(lockId)
                      + "; nothing was unlocked.");
              return ExitCodes.ERROR;
            }
            if (!force && !confirmed(held.get(), url.toString())) {
              return ExitCodes.ERROR;
            }
            try {
              writerLock.forceUnlock(lockId);
            } catch (IllegalArgumentException e) {
              err.println("Error: " + e.getMessage());
              return ExitCodes.ERROR;
            }
            out.println("rootctl: the writer lock " + lockId + " at " + url + " was removed.");
            out.println(
                "The next writer takes the lock; if its holder is still running, it stops writing"
                    + " at its next lease check (within 30 seconds) and fails.");
            return ExitCodes.OK;
          });
    } catch (LockUnavailableException e) {
      err.println("Error: " + e.getMessage());
      return ExitCodes.ERROR;
    } finally {
      out.flush();
      err.flush();
    }
  }

  private boolean confirmed(LockInfo lock, String url) {
    var held = lock.printable();
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    var off = Confirmation.inputOff(services, global);
    if (off.isPresent()) {
      err.println(
          "Error: force-unlock needs confirmation, and input is off ("
              + off.get()
              + "). Run again with -force.");
      return false;
    }
    out.println("The writer lock at " + url + ":");
    out.println("  ID:       " + held.id());
    out.println(
        "  Holder:   " + held.holder() + " on " + held.host() + " (pid " + held.pid() + ")");
    out.println("  Command:  " + held.command() + ", revision " + held.revision());
    out.println("  Created:  " + held.created() + ", expires " + held.expires());
    var answer =
        Confirmation.ask(
            services,
            out,
            "Do you really want to force-unlock?",
            "confirm",
            "rootctl will remove the lock. If its holder is still running, it stops writing at",
            "its next lease check (within 30 seconds); another writer may then change the",
            "organization.");
    if (answer == Confirmation.Answer.NONE) {
      err.println(
          "Error: force-unlock needs confirmation, and stdin ended without a 'yes'"
              + (services.interactive() ? "" : " (there is no terminal to ask)")
              + ". Run again with -force.");
      return false;
    }
    if (answer != Confirmation.Answer.YES) {
      err.println();
      err.println("force-unlock cancelled: the lock is still held.");
      return false;
    }
    return true;
  }
}
