package io.rootctl.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A git-sync volume as the sidecar lays it out ({@code --root=ROOT --link=repo}): each commit is
 * checked out into {@code ROOT/.worktrees/<commit>}, then the {@code ROOT/repo} symlink is swapped
 * atomically to it (a new link renamed over the old one).
 */
public final class GitSyncCheckout {
  private final Path root;
  private int commits;

  public GitSyncCheckout(Path root) {
    this.root = root;
  }

  /** What the controller follows: {@code ROOT/repo/desired-state}. */
  public Path desiredState() {
    return root.resolve("repo").resolve("desired-state");
  }

  /**
   * Checks out a new commit whose {@code desired-state/} is a copy of {@code source} changed by
   * {@code edit}, then swaps the link to it. Returns the commit id.
   */
  public String publish(Path source, Consumer<Path> edit) {
    var commit =
        HexFormat.of().formatHex(new byte[20]).substring(0, 38) + "%02d".formatted(++commits);
    var worktree = root.resolve(".worktrees").resolve(commit);
    var target = worktree.resolve("desired-state");
    try {
      copy(source, target);
      edit.accept(target);
      var tmp = root.resolve(".repo-" + commit);
      Files.createSymbolicLink(tmp, root.relativize(worktree));
      Files.move(
          tmp,
          root.resolve("repo"),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return commit;
  }

  /** {@link #publish} of {@code source} unchanged. */
  public String publish(Path source) {
    return publish(source, dir -> {});
  }

  /** Copies a directory tree. */
  public static void copy(Path from, Path to) {
    try (Stream<Path> files = Files.walk(from)) {
      for (var p : files.toList()) {
        var dest = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(dest);
        } else {
          Files.createDirectories(dest.getParent());
          Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes {@code text} to {@code file}, creating folders. */
  public static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Rewrites {@code file} with {@code from} replaced by {@code to}. */
  public static void replace(Path file, String from, String to) {
    try {
      var text = Files.readString(file);
      if (!text.contains(from)) {
        throw new IllegalArgumentException(file + " has no '" + from + "'");
      }
      Files.writeString(file, text.replace(from, to));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
