package io.rootctl.desired.yaml;

import io.rootctl.desired.DesiredState;
import io.rootctl.desired.Problem;
import java.util.List;

/**
 * What {@link DesiredStateLoader#load} gives: a valid desired state (perhaps with warnings), or
 * every problem found. Problems are sorted by file, line, column and message.
 */
public sealed interface LoadResult {

  /** Errors and warnings together, sorted. */
  List<Problem> problems();

  /** The directory loaded, and nothing in it is an error. */
  record Valid(DesiredState desired, List<Problem> warnings) implements LoadResult {
    public Valid {
      warnings = warnings.stream().sorted().toList();
      if (warnings.stream().anyMatch(Problem::isError)) {
        throw new IllegalArgumentException("a valid desired state carries warnings only");
      }
    }

    @Override
    public List<Problem> problems() {
      return warnings;
    }
  }

  /** At least one error; nothing from this directory may be used. */
  record Invalid(List<Problem> problems) implements LoadResult {
    public Invalid {
      problems = problems.stream().sorted().toList();
      if (problems.stream().noneMatch(Problem::isError)) {
        throw new IllegalArgumentException("an invalid desired state has at least one error");
      }
    }

    public long errorCount() {
      return problems.stream().filter(Problem::isError).count();
    }
  }
}
