package io.rootctl.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IFactory;

/** The root command: {@code rootctl <subcommand>}. */
@Command(
    name = "rootctl",
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    description =
        "Keeps the root users of every AWS Organizations member account locked down, from Git.",
    subcommands = {
      CommandLine.HelpCommand.class,
      ValidateCommand.class,
      InitCommand.class,
      CheckCommand.class,
      PlanCommand.class,
      ApplyCommand.class,
      ForceUnlockCommand.class,
      UnlockCommand.class,
      ShowCommand.class,
      AuditCommand.class,
      AuditLogCommand.class,
      DemoCommand.class,
      SimCommand.class,
      ControllerCommand.class,
      VersionCommand.class,
      CompletionCommand.class
    })
public final class RootctlCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
  }

  /** Parses and runs {@code args}; returns the exit code. */
  public static int run(CommandServices services, String... args) {
    return commandLine(services).execute(args);
  }

  /** A command line wired to {@code services}, with rootctl's exit codes. */
  public static CommandLine commandLine(CommandServices services) {
    var cli = new CommandLine(new RootctlCommand(), new Factory(services));
    cli.setParameterExceptionHandler(RootctlCommand::usageError);
    cli.setExecutionExceptionHandler(
        (ex, cmd, parsed) -> {
          cmd.getErr().println("rootctl: " + ex.getMessage());
          return ExitCodes.ERROR;
        });
    cli.setExitCodeExceptionMapper(ex -> ExitCodes.ERROR);
    cli.setExecutionStrategy(
        parsed -> {
          services.logFormat(logFormat(parsed));
          services.verbosity(verbosity(parsed));
          return new CommandLine.RunLast().execute(parsed);
        });
    return cli;
  }

  /** How many times {@code -v} was given, on whichever (sub)command carries the global options. */
  static int verbosity(CommandLine.ParseResult parsed) {
    int v = 0;
    for (var p = parsed; p != null; p = p.subcommand()) {
      v += p.matchedOptionValue("--verbose", new boolean[0]).length;
    }
    return v;
  }

  /** The {@code --log-format} given on whichever (sub)command carries the global options. */
  static LogFormat logFormat(CommandLine.ParseResult parsed) {
    var format = LogFormat.text;
    for (var p = parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--log-format")) {
        format = p.matchedOptionValue("--log-format", LogFormat.text);
      }
    }
    return format;
  }

  private static int usageError(CommandLine.ParameterException ex, String[] args) {
    var cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println("rootctl: " + ex.getMessage());
    if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, err)) {
      err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
    }
    return ExitCodes.ERROR;
  }

  /** Builds commands with their {@link CommandServices}. */
  static final class Factory implements IFactory {
    private final CommandServices services;
    private final IFactory fallback = CommandLine.defaultFactory();

    Factory(CommandServices services) {
      this.services = services;
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
      try {
        var withServices = cls.getDeclaredConstructor(CommandServices.class);
        return withServices.newInstance(services);
      } catch (NoSuchMethodException e) {
        return fallback.create(cls);
      }
    }
  }
}
