package io.rootctl.plan;

import io.rootctl.desired.OrganizationSpec;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The blast-radius guard: a run whose plan takes more actions than {@code guards.maxActionsPerRun}
 * (or {@code --max-actions}, which overrides it) is refused before its first action. Pure and
 * immutable.
 *
 * @param configuredLimit {@code guards.maxActionsPerRun} from the Organization document, if set;
 *     when unset, {@link #DEFAULT_MAX_ACTIONS_PER_RUN} applies
 */
public record Guards(OptionalInt configuredLimit) {

  /** The limit when the Organization document sets none. */
  public static final int DEFAULT_MAX_ACTIONS_PER_RUN = 50;

  public Guards {
    configuredLimit.ifPresent(Guards::requirePositive);
  }

  /** The guards an Organization document sets. */
  public static Guards of(OrganizationSpec organization) {
    return new Guards(organization.maxActionsPerRun());
  }

  /**
   * The violation, if {@code plan} takes more actions than the limit: {@code maxActionsOverride}
   * when present ({@code --max-actions N}), else the configured limit, else the default. Counts the
   * plan's actions themselves, not its summary.
   */
  public Optional<GuardViolation> check(Plan plan, OptionalInt maxActionsOverride) {
    maxActionsOverride.ifPresent(Guards::requirePositive);
    int limit;
    String source;
    if (maxActionsOverride.isPresent()) {
      limit = maxActionsOverride.getAsInt();
      source = "--max-actions";
    } else if (configuredLimit.isPresent()) {
      limit = configuredLimit.getAsInt();
      source = "guards.maxActionsPerRun";
    } else {
      limit = DEFAULT_MAX_ACTIONS_PER_RUN;
      source = "the default, as guards.maxActionsPerRun is not set";
    }
    int actions = countActions(plan);
    return actions > limit
        ? Optional.of(new GuardViolation(actions, limit, source))
        : Optional.empty();
  }

  /** Every action of the plan: organization actions and every account's actions. */
  public static int countActions(Plan plan) {
    int organization = plan.organization().map(c -> c.actions().size()).orElse(0);
    return organization + plan.accounts().stream().mapToInt(a -> a.actions().size()).sum();
  }

  private static void requirePositive(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException(
          "a maximum number of actions cannot be negative: " + limit);
    }
  }
}
