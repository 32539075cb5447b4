package io.rootctl.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitRevisionTest {
  private static final String C1 = "1111111111111111111111111111111111111111";
  private static final String C2 = "2222222222222222222222222222222222222222";

  @TempDir Path root;

  /** Lays out a git-sync root: .worktrees/<commit>/desired-state and the `repo` link. */
  private Path gitSyncTo(String commit) throws Exception {
    var tree = root.resolve(".worktrees").resolve(commit).resolve("desired-state");
    Files.createDirectories(tree);
    var tmp = root.resolve("repo.tmp");
    Files.deleteIfExists(tmp);
    Files.createSymbolicLink(tmp, Path.of(".worktrees", commit));
    Files.move(
        tmp,
        root.resolve("repo"),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    return root.resolve("repo").resolve("desired-state");
  }

  @Test
  void theCommitIsTheWorktreeTheRealPathLeadsTo() throws Exception {
    var dir = gitSyncTo(C1);
    var first = dir.toRealPath();
    assertThat(GitRevision.of(first)).contains(C1);

    gitSyncTo(C2);
    assertThat(GitRevision.of(dir.toRealPath()))
        .as("the link was swapped to a new worktree")
        .contains(C2);
    assertThat(GitRevision.of(first)).as("what was read stays what it was").contains(C1);
  }

  @Test
  void aPlainCheckoutHasNoTrustedCommit() throws Exception {
    var git = root.resolve("checkout/.git");
    Files.createDirectories(git.resolve("refs/heads"));
    Files.writeString(git.resolve("HEAD"), "ref: refs/heads/main\n");
    Files.writeString(git.resolve("refs/heads/main"), C2 + "\n");
    var dir = Files.createDirectories(root.resolve("checkout/desired-state"));

    assertThat(GitRevision.of(dir.toRealPath()))
        .as("HEAD is read apart from the files: the content hash is used instead")
        .isEmpty();
    assertThat(GitRevision.of(Files.createDirectories(root.resolve("plain")))).isEmpty();
  }
}
