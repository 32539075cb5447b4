package io.rootctl.cli;

import io.rootctl.cloud.CloudException;
import io.rootctl.live.LiveState;
import io.rootctl.live.ObservationFailed;
import io.rootctl.model.Printable;
import io.rootctl.render.InitialDesiredState;
import io.rootctl.render.InitialDesiredState.ExceptionSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rootctl init --from-live [DIR]}: writes a desired-state folder that matches the live
 * organization today ({@link InitialDesiredState}), atomically (a temporary folder beside DIR,
 * renamed into place), and never over an existing non-empty folder or a file. Fails closed: when
 * any member account cannot be read, nothing is written and the exit code is 1.
 */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description = {
      "Writes a desired-state folder that matches the live organization today, so the first"
          + " plan against it shows no changes: mode observe, the root features as they are,"
          + " strict defaults, and for each member account whose root user holds credentials an"
          + " Account document that keeps exactly those kinds under a dated exception.",
      "Reads the organization as plan and audit do (one IAMAuditRootUserCredentials session"
          + " per active member account); writes nothing to AWS. Refuses an existing non-empty"
          + " DIR or a file, and writes nothing when any account cannot be read.",
      "Exit 0 when the folder was written; 1 on any error (nothing written)."
    })
public final class InitCommand implements Callable<Integer> {
  private final CommandServices services;

  @Spec CommandSpec spec;

  @Mixin GlobalOptions global;

  @Option(
      names = "--from-live",
      description = "Start from the live organization (required: the only source today).")
  boolean fromLive;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "DIR",
      description = "The folder to create. Default: ${DEFAULT-VALUE}.")
  Path dir = Path.of("rootctl");

  @Option(
      names = "--owner",
      paramLabel = "WHO",
      description =
          "Owner of the exceptions that keep today's root credentials (e.g. an e-mail). Asked on"
              + " a terminal when not given.")
  @Nullable String owner;

  @Option(
      names = "--reason",
      paramLabel = "TEXT",
      description =
          "Reason of those exceptions (why the credentials are kept). Asked on a terminal when"
              + " not given.")
  @Nullable String reason;

  @Option(names = "--ticket", paramLabel = "REF", description = "Ticket of those exceptions.")
  @Nullable String ticket;

  @Option(
      names = "--expires-in-days",
      paramLabel = "N",
      description =
          "The exceptions hold until today + N days (UTC), 1 to 3650. Default: ${DEFAULT-VALUE}.")
  int expiresInDays = 30;

  @Mixin ParallelismOption parallelism;

  public InitCommand(CommandServices services) {
    this.services = services;
  }

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    if (!fromLive) {
      throw usage("init needs --from-live (the only source of a first desired state today)");
    }
    if (expiresInDays < 1 || expiresInDays > 3650) {
      throw usage("--expires-in-days must be 1 to 3650, not " + expiresInDays);
    }
    var target = dir.toAbsolutePath().normalize();
    var refusal = refusal(target);
    if (refusal.isPresent()) {
      err.println("Error: " + refusal.get() + "; nothing written.");
      err.flush();
      return ExitCodes.ERROR;
    }
    if (owner != null) {
      checkField("--owner", owner);
    }
    if (reason != null) {
      checkField("--reason", reason);
    }
    if (ticket != null) {
      checkField("--ticket", ticket);
    }
    var progress = ProgressLine.start(services, global, err);
    var options = new EngineOptions(parallelism.value(), Optional.empty(), progress);
    LiveState live;
    java.time.LocalDate today;
    try (progress;
        var handle = services.openEngine(global, options)) {
      today = handle.engine().today();
      try {
        live = handle.engine().audit();
      } catch (CloudException e) {
        err.println("Error: cannot read the organization: " + e.getMessage());
        err.flush();
        return ExitCodes.ERROR;
      }
    }
    var unreadable = InitialDesiredState.unreadable(live);
    if (!unreadable.isEmpty()) {
      // fail closed: an account whose root user is unknown cannot be described as it is
      err.println(
          "Error: "
              + unreadable.size()
              + " member account(s) could not be read, so the desired state cannot match them;"
              + " nothing written:");
      for (var id : unreadable) {
        var failed = (ObservationFailed) live.roots().get(id);
        err.println(
            "  " + id + ": " + Printable.escape(failed == null ? "not read" : failed.reason()));
      }
      err.println("Fix access to them (or wait for a throttled read) and run init again.");
      err.flush();
      return ExitCodes.ERROR;
    }
    var holding = InitialDesiredState.accountsWithCredentials(live);
    Optional<ExceptionSettings> exception = Optional.empty();
    if (!holding.isEmpty()) {
      var who = owner != null ? owner : ask(out, holding.size(), "Owner of the exceptions");
      var why = reason != null ? reason : ask(out, holding.size(), "Reason for keeping them");
      exception =
          Optional.of(
              new ExceptionSettings(
                  who, why, Optional.ofNullable(ticket), today.plusDays(expiresInDays)));
    }
    var files = InitialDesiredState.files(live, today, exception);
    try {
      write(target, files);
    } catch (IOException e) {
      err.println("Error: cannot write " + Printable.escape(target.toString()) + ": " + e);
      err.println("Nothing written.");
      err.flush();
      return ExitCodes.ERROR;
    }
    out.println(
        "Wrote "
            + Printable.escape(target.toString())
            + ": "
            + files.size()
            + " file(s), mode observe, "
            + holding.size()
            + " account(s) keeping root credentials under an exception"
            + exception.map(x -> " until " + x.expires()).orElse("")
            + ".");
    out.println(
        "Next: rootctl plan --desired-state "
            + Printable.escape(dir.toString())
            + " (it should show no changes).");
    out.flush();
    return ExitCodes.OK;
  }

  /** Why {@code target} may not be written, if it may not. */
  private static Optional<String> refusal(Path target) {
    if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    var shown = Printable.escape(target.toString());
    if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.of(shown + " exists and is not a folder; init never overwrites");
    }
    try (var entries = Files.list(target)) {
      if (entries.findAny().isPresent()) {
        return Optional.of(shown + " exists and is not empty; init never overwrites");
      }
    } catch (IOException e) {
      return Optional.of("cannot list " + shown + ": " + e);
    }
    return Optional.empty();
  }

  /**
   * Writes every file into a fresh temporary folder beside {@code target}, then renames it to
   * {@code target} in one step (replacing only an empty folder); removes the temporary folder on
   * failure.
   */
  static void write(Path target, SortedMap<String, String> files) throws IOException {
    var parent = target.getParent();
    if (parent == null) {
      throw new IOException("no parent folder");
    }
    Files.createDirectories(parent);
    var temp = Files.createTempDirectory(parent, "." + target.getFileName() + ".init-");
    try {
      for (var file : files.entrySet()) {
        var path = temp.resolve(file.getKey());
        Files.createDirectories(java.util.Objects.requireNonNull(path.getParent()));
        Files.writeString(path, file.getValue(), java.nio.file.StandardOpenOption.CREATE_NEW);
      }
      if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        // an empty folder: replaced by the rename below (rename(2) refuses a non-empty one)
        Files.delete(target);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException | DirectoryNotEmptyException e) {
      deleteTree(temp);
      throw e;
    } catch (FileAlreadyExistsException e) {
      deleteTree(temp);
      throw new IOException("it appeared while init was writing", e);
    } catch (IOException | RuntimeException e) {
      deleteTree(temp);
      throw e;
    }
  }

  private static void deleteTree(Path root) {
    try (var walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException ignored) {
                  // best effort: a leftover hidden temporary folder is harmless
                }
              });
    } catch (IOException ignored) {
      // best effort
    }
  }

  private String ask(PrintWriter out, int accounts, String what) {
    if (!services.interactive()) {
      throw usage(
          accounts
              + " member account(s) hold root credentials, and the exceptions that keep them"
              + " need an owner and a reason: pass --owner and --reason (there is no terminal to"
              + " ask on)");
    }
    out.print(what + " (" + accounts + " account(s) keep root credentials): ");
    out.flush();
    String answer;
    try {
      answer = services.input().readLine();
    } catch (IOException e) {
      answer = null;
    }
    if (answer == null || answer.isBlank()) {
      throw usage(what.toLowerCase(java.util.Locale.ROOT) + " is required; nothing written");
    }
    checkField(what, answer.strip());
    return answer.strip();
  }

  private void checkField(String name, String value) {
    try {
      InitialDesiredState.requirePrintable(name, value);
    } catch (IllegalArgumentException e) {
      throw usage(String.valueOf(e.getMessage()));
    }
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }
}
