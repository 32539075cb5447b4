package io.rootctl.render;

import static io.rootctl.testing.PlanFixtures.account;
import static io.rootctl.testing.PlanFixtures.desired;
import static io.rootctl.testing.PlanFixtures.org;
import static org.assertj.core.api.Assertions.assertThat;

import io.rootctl.desired.FeatureSetting;
import io.rootctl.desired.RecoverySetting;
import io.rootctl.live.AccountState;
import io.rootctl.model.OrgFeature;
import io.rootctl.plan.Plan;
import io.rootctl.plan.PlanOutcome;
import io.rootctl.plan.PlanSummary;
import io.rootctl.plan.Planner;
import io.rootctl.plan.PlanningContext;
import io.rootctl.plan.Targets;
import io.rootctl.testing.PlanFixtures;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PlanTextTest {
  static final Instant CREATED = Instant.parse("2026-11-23T09:30:00Z");
  static final PlanningContext CTX = PlanningContext.of(LocalDate.parse("2026-11-23"), CREATED);

  static Plan plan(PlanOutcome outcome) {
    return ((PlanOutcome.Planned) outcome).plan();
  }

  static Plan demo() {
    return plan(
        new Planner()
            .plan(
                PlanFixtures.demoDesired(),
                PlanFixtures.demoLive(),
                PlanningContext.of(PlanFixtures.DEMO_TODAY, CREATED)));
  }

  /** Organization changes, a mixed account, an unreadable and untargeted ones, observe mode. */
  static Plan observeWithEverything() {
    var live =
        org()
            .features(OrgFeature.ROOT_CREDENTIALS_MANAGEMENT)
            .trustedAccess(false)
            .with(
                account("222222222222")
                    .named("dev")
                    .in("/Root/Dev")
                    .withAccessKey("AKIADEV1")
                    .withMfaDevice("GAKT0000001"),
                account("333333333333")
                    .named("unreadable")
                    .in("/Root/Dev")
                    .unreadable("GetAccountSummary: AccessDenied (request 0f1e2d)"),
                account("444444444444").named("elsewhere").in("/Root/Other").withPassword(),
                account("555555555555").named("gone").in("/Root/Dev").state(AccountState.CLOSED))
            .live();
    var desired =
        desired()
            .feature(OrgFeature.ROOT_CREDENTIALS_MANAGEMENT, FeatureSetting.DISABLED)
            .ou(
                "/Root/Dev",
                d ->
                    d.recovery(RecoverySetting.ENABLED)
                        .exceptionUntil(LocalDate.parse("2027-01-01")))
            .build();
    return plan(
        new Planner()
            .plan(
                desired,
                live,
                CTX.withTargets(Targets.parse(List.of("ou:/Root/Dev"))).observing()));
  }

  static Plan noChanges() {
    var live =
        org()
            .with(
                account("222222222222"),
                account("333333333333"),
                account("444444444444").state(AccountState.SUSPENDED))
            .live();
    return plan(new Planner().plan(desired().build(), live, CTX));
  }

  @Test
  void rendersTheDemoPlanInPlainText() {
    PlanFixtures.assertGolden("demo-plan.txt", new PlanText(Style.PLAIN).render(demo()));
  }

  @Test
  void rendersTheDemoPlanInColour() {
    var text = new PlanText(Style.COLOR).render(demo());

    PlanFixtures.assertGolden("demo-plan.color.txt", text);
    assertThat(text).contains("\u001b[31m-\u001b[0m access key").contains("\u001b[32m+\u001b[0m");
  }

  @Test
  void rendersAnObservePlanWithOrganizationChangesAndSkips() {
    PlanFixtures.assertGolden(
        "observe-plan.txt", new PlanText(Style.PLAIN).render(observeWithEverything()));
  }

  @Test
  void rendersNoChanges() {
    var text = new PlanText(Style.PLAIN).render(noChanges());

    PlanFixtures.assertGolden("no-changes.txt", text);
    assertThat(text)
        .contains(
            "No changes. Your organization's root access matches the desired state.\n"
                + "2 accounts in sync, 2 skipped.\n");
  }

  @Test
  void plainTextHasNoEscapes() {
    assertThat(new PlanText(Style.PLAIN).render(observeWithEverything())).doesNotContain("\u001b");
    assertThat(new PlanText(Style.PLAIN).render(demo())).doesNotContain("\u001b");
  }

  record Line(String name, PlanSummary summary, String expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Line> summaryLines() {
    return Stream.of(
        new Line(
            "all parts",
            new PlanSummary(7, 1, 2, 0, 4, 195, 2, 0),
            "Plan: 7 to delete, 1 to allow, 2 features to enable across 4 accounts; 195 in sync,"
                + " 2 skipped."),
        new Line(
            "one of each",
            new PlanSummary(1, 0, 1, 1, 1, 1, 1, 0),
            "Plan: 1 to delete, 1 feature to enable, 1 feature to disable across 1 account;"
                + " 1 in sync, 1 skipped."),
        new Line(
            "features only",
            new PlanSummary(0, 0, 3, 0, 0, 10, 0, 0),
            "Plan: 3 features to enable; 10 in sync."),
        new Line(
            "nothing skipped or in sync",
            new PlanSummary(2, 0, 0, 0, 1, 0, 0, 0),
            "Plan: 2 to delete across 1 account."),
        new Line(
            "allow only",
            new PlanSummary(0, 3, 0, 0, 3, 0, 5, 0),
            "Plan: 3 to allow across 3 accounts; 5 skipped."),
        new Line(
            "no changes",
            new PlanSummary(0, 0, 0, 0, 0, 4, 1, 0),
            "Plan: no changes; 4 in sync, 1 skipped."),
        new Line(
            "unreadable",
            new PlanSummary(1, 0, 0, 0, 1, 4, 1, 2),
            "Plan: 1 to delete across 1 account; 4 in sync, 1 skipped, 2 could not be read."));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("summaryLines")
  void summarizesLeavingOutZeroParts(Line line) {
    assertThat(PlanText.summaryLine(line.summary())).as(line.name()).isEqualTo(line.expected());
  }

  @Test
  void countsLineForNoChanges() {
    assertThat(PlanText.countsLine(new PlanSummary(0, 0, 0, 0, 0, 1, 0, 0)))
        .isEqualTo("1 account in sync.");
    assertThat(PlanText.countsLine(new PlanSummary(0, 0, 0, 0, 0, 195, 2, 0)))
        .isEqualTo("195 accounts in sync, 2 skipped.");
    assertThat(PlanText.countsLine(new PlanSummary(0, 0, 0, 0, 0, 195, 2, 3)))
        .isEqualTo("195 accounts in sync, 2 skipped, 3 could not be read.");
  }
}
