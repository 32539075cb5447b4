package io.rootctl.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rootctl completion bash|zsh}: prints the shell completion script picocli generates from
 * the command tree (<a href="https://picocli.info/autocomplete.html">picocli autocomplete</a>). The
 * script is a bash script; zsh runs it through {@code bashcompinit}, which the script loads itself
 * when it finds itself in zsh.
 */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = {
      "Prints a shell completion script for rootctl's commands and options on stdout. Load it"
          + " in the current shell with: source <(rootctl completion bash); or save it as"
          + " /etc/bash_completion.d/rootctl. zsh: source <(rootctl completion zsh) (the same"
          + " script, run through zsh's bashcompinit).",
      "Exit 0; 1 for another shell."
    })
public final class CompletionCommand implements Callable<Integer> {
  /** The shells the script works in. */
  enum Shell {
    bash,
    zsh
  }

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "bash|zsh", description = "The shell: bash or zsh.")
  Shell shell = Shell.bash;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    var root = spec.root().commandLine();
    out.print(AutoComplete.bash(root.getCommandName(), root));
    out.flush();
    return ExitCodes.OK;
  }
}
