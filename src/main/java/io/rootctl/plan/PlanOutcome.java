package io.rootctl.plan;

import io.rootctl.desired.Problem;
import java.util.List;

/**
 * What {@link Planner#plan} gives: a plan and the warnings found on the way, or a refusal with
 * every error found (nothing is planned when the desired state does not resolve against the live
 * organization).
 */
public sealed interface PlanOutcome {

  /** A plan, possibly with warnings (never errors). */
  record Planned(Plan plan, List<Problem> warnings) implements PlanOutcome {
    public Planned {
      warnings = List.copyOf(warnings);
    }
  }

  /** No plan: every problem, errors first-class (at least one is an error). */
  record Refused(List<Problem> problems) implements PlanOutcome {
    public Refused {
      problems = List.copyOf(problems);
      if (problems.stream().noneMatch(Problem::isError)) {
        throw new IllegalArgumentException("a refusal needs at least one error: " + problems);
      }
    }
  }
}
