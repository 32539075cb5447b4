package io.rootctl.desired.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.rootctl.cli.CommandServices;
import io.rootctl.cli.ExitCodes;
import io.rootctl.cli.RootctlCommand;
import io.rootctl.render.ProblemsText;
import io.rootctl.testing.ClockServices;
import io.rootctl.testing.SpecialFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The golden test of the loader: every directory under {@code fixtures/invalid/<case>/} holds a
 * {@code desired-state/} (or is generated here, for what Git cannot hold: symlinks, empty folders,
 * a file over the size limit) and an {@code expected.txt} with the exact problem lines. Each case
 * must also exit 1 through the CLI, with {@code file:line:col} on every problem line and no stack
 * trace. Regenerate with {@code -Dgolden.update=true} and review the diff.
 */
class InvalidFixturesTest {
  private static final Path FIXTURES = Path.of("src/test/resources/fixtures/invalid");
  private static final LocalDate TODAY = LocalDate.of(2026, 11, 23);
  private static final boolean UPDATE = Boolean.getBoolean("golden.update");
  private static final Pattern LOCATED = Pattern.compile("^[^\\s:][^:]*:\\d+:\\d+: .+");

  private static final String ORGANIZATION =
      """
      apiVersion: rootctl.io/v1
      kind: Organization
      spec:
        mode: enforce
      """;

  /** Outside the desired-state folder: must never appear in any output. */
  private static final String SECRET = "aws_secret_access_key = hunter2-do-not-print\n";

  /** Cases whose input the test builds, because Git cannot store it or it is too big to commit. */
  private static final Map<String, Generator> GENERATED =
      Map.ofEntries(
          Map.entry(
              "fifo-file",
              dir -> {
                // Opened for reading, a named pipe blocks until someone writes: validate hung.
                Files.createDirectories(dir);
                Files.writeString(dir.resolve("organization.yaml"), ORGANIZATION);
                SpecialFiles.fifo(dir.resolve("accounts/pipe.yaml"));
              }),
          Map.entry(
              "socket-file",
              dir -> {
                Files.createDirectories(dir);
                Files.writeString(dir.resolve("organization.yaml"), ORGANIZATION);
                SpecialFiles.socket(dir.resolve("accounts/socket.yml"));
              }),
          Map.entry(
              "symlink-outside",
              dir -> {
                // Followed, these leaked the first characters of their target into messages, or
                // read stdin into the desired state.
                Files.createDirectories(dir.resolve("accounts"));
                Files.writeString(dir.resolve("organization.yaml"), ORGANIZATION);
                Files.writeString(dir.resolveSibling("secret.yaml"), SECRET);
                Files.createSymbolicLink(
                    dir.resolve("accounts/secret.yaml"), Path.of("../../secret.yaml"));
                Files.createSymbolicLink(dir.resolve("stdin.yaml"), Path.of("/dev/stdin"));
                Files.createSymbolicLink(dir.resolve("parent"), Path.of(".."));
              }),
          Map.entry(
              "too-deep-folders",
              dir -> {
                // Deeper than the limit was skipped in silence: this bad document passed.
                Files.createDirectories(dir);
                Files.writeString(dir.resolve("organization.yaml"), ORGANIZATION);
                var deep = dir;
                for (int i = 0; i <= DirectoryScan.MAX_DEPTH; i++) {
                  deep = deep.resolve("d");
                }
                Files.createDirectories(deep);
                Files.writeString(deep.resolve("bad.yaml"), "kind: Nonsense\n");
              }),
          Map.entry(
              "control-character-in-file-name",
              dir -> {
                Files.createDirectories(dir.resolve("accounts"));
                Files.writeString(dir.resolve("organization.yaml"), ORGANIZATION);
                Files.writeString(
                    dir.resolve("accounts/\u001b[2Jvalid\nx.yaml"), "kind: Nonsense\n");
              }),
          Map.entry(
              "symlink-loop",
              dir -> {
                Files.createDirectories(dir.resolve("ous"));
                Files.writeString(dir.resolve("organization.yaml"), ORGANIZATION);
                Files.createSymbolicLink(dir.resolve("ous/loop"), Path.of(".."));
              }),
          Map.entry(
              "vanished-file",
              dir -> {
                // A link whose target is gone reads exactly like a file deleted between listing
                // and reading; DesiredStateLoaderTest also deletes a real file at that moment.
                Files.createDirectories(dir.resolve("accounts"));
                Files.writeString(dir.resolve("organization.yaml"), ORGANIZATION);
                Files.createSymbolicLink(
                    dir.resolve("accounts/gone.yaml"), Path.of("deleted.yaml"));
              }),
          Map.entry("empty-dir", Files::createDirectories),
          Map.entry("missing-dir", dir -> {}),
          Map.entry(
              "huge-file",
              dir -> {
                Files.createDirectories(dir);
                Files.writeString(dir.resolve("organization.yaml"), ORGANIZATION);
                var big = "# " + "x".repeat(DirectoryScan.MAX_FILE_BYTES) + "\n";
                Files.writeString(dir.resolve("big.yaml"), big);
              }));

  @FunctionalInterface
  interface Generator {
    void create(Path dir) throws IOException;
  }

  @TempDir Path temp;

  static Stream<String> cases() throws IOException {
    try (var dirs = Files.list(FIXTURES)) {
      return dirs.map(d -> d.getFileName().toString()).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void reportsEveryProblemAtItsPlaceAndExitsOne(String name) throws IOException {
    var dir = input(name);
    var result =
        assertTimeoutPreemptively(
            Duration.ofSeconds(10), () -> new DesiredStateLoader().load(dir, TODAY), name);

    assertThat(result).as(name).isInstanceOf(LoadResult.Invalid.class);
    var actual = normalize(String.join("\n", ProblemsText.lines(result.problems())) + "\n", dir);
    var golden = FIXTURES.resolve(name).resolve("expected.txt");
    if (UPDATE) {
      Files.writeString(golden, actual);
    }
    assertThat(actual)
        .as(name + " (regenerate with -Dgolden.update=true)")
        .isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));

    var out = new StringWriter();
    var err = new StringWriter();
    CommandServices services =
        new ClockServices(
            Clock.fixed(TODAY.atStartOfDay().toInstant(ZoneOffset.UTC), ZoneOffset.UTC));
    var cli = RootctlCommand.commandLine(services);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute("validate", "--desired-state", dir.toString());

    assertThat(exit).as(name).isEqualTo(ExitCodes.ERROR);
    var lines = err.toString().lines().toList();
    assertThat(lines).as(name).isNotEmpty();
    assertThat(lines.subList(0, lines.size() - 1))
        .as(name)
        // file:line:col, or the directory itself (as given) for a problem about the whole of it
        .allMatch(l -> LOCATED.matcher(l).matches() || l.startsWith(dir + ": "));
    assertThat(lines.getLast()).as(name).startsWith("desired-state: invalid — ");
    assertThat(out + err.toString()).as(name).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(out + err.toString()).as(name).doesNotContain("hunter2");
    assertThat(out.toString().replace("\n", "") + err.toString().replace("\n", ""))
        .as(name + ": control characters are escaped in every line")
        .matches(t -> io.rootctl.model.Printable.firstUnsafe(t) < 0);
  }

  private Path input(String name) throws IOException {
    var committed = FIXTURES.resolve(name).resolve("desired-state");
    if (Files.isDirectory(committed)) {
      return committed;
    }
    var generator = GENERATED.get(name);
    assertThat(generator)
        .as("fixture " + name + " has no desired-state/ and no generator")
        .isNotNull();
    var dir = temp.resolve("desired-state");
    generator.create(dir);
    return dir;
  }

  private static String normalize(String text, Path dir) {
    return text.replace(dir.toString(), "<dir>");
  }
}
