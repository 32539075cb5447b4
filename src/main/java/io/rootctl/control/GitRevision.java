package io.rootctl.control;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds the git commit a desired-state directory was checked out at, the way git-sync lays it out:
 * {@code --root/--link} is a symlink swapped atomically to {@code .worktrees/<commit>} for each
 * commit, so the commit is a path component of the directory's real path. Failing that, the
 * nearest enclosing {@code .git} HEAD is read (a plain clone). Empty for a plain folder.
 */
public final class GitRevision {
  private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");

  private GitRevision() {}

  /** The commit of {@code dir}, if it is in a git-sync worktree or a git checkout. */
  public static Optional<String> of(Path dir) {
    Path real;
    try {
      real = dir.toRealPath();
    } catch (IOException e) {
      return Optional.empty();
    }
    for (int i = real.getNameCount() - 1; i >= 0; i--) {
      var name = real.getName(i).toString();
      if (COMMIT.matcher(name).matches()) {
        return Optional.of(name);
      }
    }
    for (var p = real; p != null; p = p.getParent()) {
      var git = p.resolve(".git");
      if (Files.isDirectory(git)) {
        return head(git);
      }
      if (Files.isRegularFile(git)) { // a worktree: "gitdir: /path/to/.git/worktrees/x"
        var base = p;
        return readLine(git)
            .filter(l -> l.startsWith("gitdir: "))
            .map(l -> base.resolve(l.substring("gitdir: ".length()).trim()))
            .flatMap(GitRevision::head);
      }
    }
    return Optional.empty();
  }

  private static Optional<String> head(Path gitDir) {
    var head = readLine(gitDir.resolve("HEAD"));
    if (head.isEmpty()) {
      return Optional.empty();
    }
    var line = head.get();
    if (COMMIT.matcher(line).matches()) {
      return Optional.of(line);
    }
    if (line.startsWith("ref: ")) {
      var ref = line.substring("ref: ".length()).trim();
      var common = readLine(gitDir.resolve("commondir")).map(gitDir::resolve).orElse(gitDir);
      var loose = readLine(common.resolve(ref)).filter(l -> COMMIT.matcher(l).matches());
      if (loose.isPresent()) {
        return loose;
      }
      return packedRef(common.resolve("packed-refs"), ref);
    }
    return Optional.empty();
  }

  private static Optional<String> packedRef(Path packedRefs, String ref) {
    try (var lines = Files.lines(packedRefs, StandardCharsets.UTF_8)) {
      return lines
          .filter(l -> l.endsWith(" " + ref))
          .map(l -> l.substring(0, l.indexOf(' ')))
          .filter(c -> COMMIT.matcher(c).matches())
          .findFirst();
    } catch (IOException | java.io.UncheckedIOException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> readLine(Path file) {
    try {
      var text = Files.readString(file, StandardCharsets.UTF_8).trim();
      return text.isEmpty() ? Optional.empty() : Optional.of(text.lines().findFirst().orElse(""));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
