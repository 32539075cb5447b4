package io.rootctl.plan;

import static io.rootctl.testing.PlanFixtures.account;
import static io.rootctl.testing.PlanFixtures.desired;
import static io.rootctl.testing.PlanFixtures.org;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rootctl.model.OrgFeature;
import java.time.Instant;
import java.time.LocalDate;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GuardsTest {

  /** Three account actions plus two organization actions (trusted access, one feature). */
  static Plan fiveActions() {
    var live =
        org()
            .features(OrgFeature.ROOT_SESSIONS)
            .trustedAccess(false)
            .with(
                account("222222222222").withAccessKey("AKIA1").withAccessKey("AKIA2"),
                account("333333333333").withPassword())
            .live();
    var outcome =
        new Planner()
            .plan(
                desired().build(),
                live,
                PlanningContext.of(LocalDate.parse("2026-11-23"), Instant.EPOCH));
    return ((PlanOutcome.Planned) outcome).plan();
  }

  record Case(String name, String reason, Guards guards, OptionalInt override, boolean refused) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    var none = OptionalInt.empty();
    return Stream.of(
        new Case(
            "under the configured limit", "5 <= 10", new Guards(OptionalInt.of(10)), none, false),
        new Case(
            "at the configured limit",
            "the limit itself is allowed",
            new Guards(OptionalInt.of(5)),
            none,
            false),
        new Case(
            "over the configured limit",
            "5 > 4, organization actions count too",
            new Guards(OptionalInt.of(4)),
            none,
            true),
        new Case(
            "override raises the limit",
            "--max-actions wins over the YAML",
            new Guards(OptionalInt.of(4)),
            OptionalInt.of(5),
            false),
        new Case(
            "override lowers the limit",
            "--max-actions wins even when stricter",
            new Guards(OptionalInt.of(50)),
            OptionalInt.of(1),
            true),
        new Case(
            "unset uses the default",
            "5 <= 50, the built-in default",
            new Guards(OptionalInt.empty()),
            none,
            false),
        new Case(
            "zero allows nothing",
            "--max-actions 0 refuses any change",
            new Guards(OptionalInt.empty()),
            OptionalInt.of(0),
            true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void refusesPlansOverTheLimit(Case c) {
    assertThat(c.guards().check(fiveActions(), c.override()).isPresent())
        .as(c.reason())
        .isEqualTo(c.refused());
  }

  @Test
  void theViolationNamesTheCountTheLimitAndTheOverride() {
    var violation = new Guards(OptionalInt.of(4)).check(fiveActions(), OptionalInt.empty());

    assertThat(violation).contains(new GuardViolation(5, 4, "guards.maxActionsPerRun"));
    assertThat(violation.orElseThrow().message())
        .isEqualTo(
            "the plan takes 5 actions, more than the limit of 4 (guards.maxActionsPerRun);"
                + " nothing was changed. To allow it, raise guards.maxActionsPerRun in the"
                + " Organization document or pass --max-actions 5");
  }

  @Test
  void readsTheLimitFromTheOrganizationDocument() {
    var guards = Guards.of(desired().maxActionsPerRun(3).build().organization());

    assertThat(guards.check(fiveActions(), OptionalInt.empty()))
        .map(GuardViolation::limit)
        .contains(3);
  }

  @Test
  void countsActionsTheSummaryIsComputedFrom() {
    var plan = fiveActions();

    assertThat(Guards.countActions(plan)).isEqualTo(5).isEqualTo(plan.summary().totalActions());
    assertThat(new Guards(OptionalInt.of(4)).check(plan, OptionalInt.empty())).isPresent();
  }

  @Test
  void rejectsANegativeLimit() {
    assertThatThrownBy(() -> new Guards(OptionalInt.of(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
