package io.rootctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rootctl version}, {@code --version} and {@code rootctl completion}. */
class VersionAndCompletionTest {
  private final Cli cli = new Cli();

  @TempDir Path dir;

  @Test
  void versionNamesTheCommitItWasBuiltFromAndBothJavas() throws Exception {
    assertThat(cli.run("version")).isEqualTo(ExitCodes.OK);

    var head = gitHead();
    assertThat(cli.out())
        .startsWith("rootctl ")
        .contains("commit:   " + head)
        .contains("built by: Java ")
        .contains("runtime:  Java " + System.getProperty("java.version"))
        .doesNotContain("${");
  }

  @Test
  void dashDashVersionPrintsTheSameLines() throws Exception {
    assertThat(cli.run("--version")).isEqualTo(ExitCodes.OK);

    assertThat(cli.out()).contains("commit:   " + gitHead()).contains("runtime:  Java ");
  }

  @Test
  void versionJsonIsOneObject() throws Exception {
    assertThat(cli.run("version", "--json")).isEqualTo(ExitCodes.OK);

    var doc = new ObjectMapper().readTree(cli.out());
    assertThat(doc.get("commit").asText()).isEqualTo(gitHead());
    assertThat(doc.get("version").asText()).isNotBlank().doesNotContain("${");
    assertThat(doc.at("/runtime/java").asText()).isEqualTo(System.getProperty("java.version"));
    assertThat(doc.get("buildJdk").asText()).isNotEqualTo("unknown");
  }

  @Test
  void completionPrintsABashScriptThatBashAccepts() throws Exception {
    assertThat(cli.run("completion", "bash")).isEqualTo(ExitCodes.OK);
    var script = dir.resolve("rootctl-completion.bash");
    Files.writeString(script, cli.out());

    var check = bash(List.of("bash", "-n", script.toString()));

    assertThat(check.code()).as(check.output()).isZero();
  }

  @Test
  void theBashScriptCompletesSubcommandsAndOptions() throws Exception {
    assertThat(cli.run("completion", "bash")).isEqualTo(ExitCodes.OK);
    var script = dir.resolve("rootctl-completion.bash");
    Files.writeString(script, cli.out());
    var driver =
        "source '"
            + script
            + "'\n"
            + "complete_words() { COMP_WORDS=(\"$@\"); COMP_CWORD=$(( $# - 1 ));"
            + " COMP_LINE=\"$*\"; COMP_POINT=${#COMP_LINE}; COMPREPLY=(); _complete_rootctl;"
            + " printf '%s\\n' \"${COMPREPLY[@]}\"; }\n"
            + "echo '== subcommands'; complete_words rootctl ''\n"
            + "echo '== pl'; complete_words rootctl pl\n"
            + "echo '== plan options'; complete_words rootctl plan --ta\n";
    var run = bash(List.of("bash", "-c", driver));

    assertThat(run.code()).as(run.output()).isZero();
    var sections = run.output().split("== ");
    assertThat(sections[1]).contains("plan", "apply", "version", "completion", "controller");
    assertThat(sections[2].lines().skip(1).toList()).containsExactly("plan");
    assertThat(sections[3]).contains("--target");
  }

  @Test
  void zshGetsTheSameScriptWhichLoadsBashcompinitItself() {
    assertThat(cli.run("completion", "zsh")).isEqualTo(ExitCodes.OK);
    assertThat(cli.out()).contains("bashcompinit").contains("_complete_rootctl");
  }

  @Test
  void anotherShellIsAUsageError() {
    assertThat(cli.run("completion", "fish")).isEqualTo(ExitCodes.ERROR);
    assertThat(cli.err()).contains("bash");
  }

  /** The short commit of the checkout this test runs in, as the build records it. */
  private static String gitHead() throws IOException, InterruptedException {
    var run = bash(List.of("git", "rev-parse", "--short=12", "HEAD"));
    return run.code() == 0 ? run.output().strip() : "unknown";
  }

  private record Run(int code, String output) {}

  private static Run bash(List<String> command) throws IOException, InterruptedException {
    var process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(process.exitValue(), output);
  }
}
