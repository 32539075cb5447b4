package io.rootctl.plan;

import java.time.Instant;
import java.time.LocalDate;

/**
 * What a plan depends on besides the desired and live state, passed in so that {@link Planner}
 * reads no clock.
 *
 * @param today the day exceptions are checked against (an exception holds through its {@code
 *     expires} day)
 * @param createdAt the plan's timestamp
 * @param targets the {@code --target} selection
 * @param forceObserve plan in observe mode whatever the Organization document says; a plan can be
 *     made more cautious here, never less: {@code enforce} comes only from the desired state
 */
public record PlanningContext(
    LocalDate today, Instant createdAt, Targets targets, boolean forceObserve) {

  /** Every account, the desired state's mode. */
  public static PlanningContext of(LocalDate today, Instant createdAt) {
    return new PlanningContext(today, createdAt, Targets.all(), false);
  }

  public PlanningContext withTargets(Targets targets) {
    return new PlanningContext(today, createdAt, targets, forceObserve);
  }

  /** The same context, planning in observe mode. */
  public PlanningContext observing() {
    return new PlanningContext(today, createdAt, targets, true);
  }
}
