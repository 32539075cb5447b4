package io.rootctl.control;

import io.rootctl.desired.DesiredState;
import io.rootctl.desired.yaml.LoadResult;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * Follows the desired-state directory: each {@link #poll} takes a cheap {@link DirectorySnapshot}
 * and, when the {@link ChangeDetector} says so, loads it. The revision is the git commit behind the
 * directory ({@link GitRevision}: the git-sync worktree or a checkout's HEAD); for a plain folder,
 * the loader's content hash. Not thread-safe: one poller.
 */
public final class DesiredStateSource {
  private final Path dir;
  private final Function<Path, LoadResult> loader;
  private final ChangeDetector detector = new ChangeDetector();

  /** A load of one revision, good or bad. */
  public record LoadAttempt(String revision, LoadResult result) {}

  public DesiredStateSource(Path dir, Function<Path, LoadResult> loader) {
    this.dir = dir;
    this.loader = loader;
  }

  public Path directory() {
    return dir;
  }

  /** Loads the directory if it changed and settled since the last load; empty otherwise. */
  public Optional<LoadAttempt> poll() {
    var snapshot = DirectorySnapshot.of(dir);
    if (!detector.shouldLoad(snapshot)) {
      return Optional.empty();
    }
    var commit = GitRevision.of(dir);
    var result = loader.apply(dir);
    return Optional.of(
        switch (result) {
          case LoadResult.Valid v -> {
            var d = v.desired();
            var revision = commit.orElse(d.revision());
            yield new LoadAttempt(
                revision,
                new LoadResult.Valid(
                    new DesiredState(revision, d.organization(), d.units(), d.accounts()),
                    v.warnings()));
          }
          case LoadResult.Invalid i ->
              new LoadAttempt(
                  commit.orElse(
                      snapshot.realPath().isEmpty() ? "missing" : "files:" + snapshot.digest()),
                  i);
        });
  }
}
