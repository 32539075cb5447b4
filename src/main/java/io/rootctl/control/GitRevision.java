package io.rootctl.control;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds the git commit a desired-state directory was checked out at, the way git-sync lays it out:
 * {@code --root/--link} is a symlink swapped atomically to {@code .worktrees/<commit>} for each
 * commit, so the commit is a path component of the directory's real path. Such a worktree is
 * written once and never changed, so the commit names exactly the files read under that path.
 *
 * <p>Nothing else is trusted as a commit: a plain clone's {@code .git/HEAD} would be read apart
 * from the files (a {@code git pull} in between labels one commit's files with another's), so a
 * plain folder or clone gets the loader's content hash of the bytes it parsed instead. Pure.
 */
public final class GitRevision {
  private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");

  private GitRevision() {}

  /**
   * The commit named in {@code realPath} (a path with links already resolved, as read), the
   * innermost one if several; empty for anything but a git-sync worktree.
   */
  public static Optional<String> of(Path realPath) {
    for (int i = realPath.getNameCount() - 1; i >= 0; i--) {
      var name = realPath.getName(i).toString();
      if (COMMIT.matcher(name).matches()) {
        return Optional.of(name);
      }
    }
    return Optional.empty();
  }
}
