package io.rootctl.render;

import static io.rootctl.testing.PlanFixtures.account;
import static io.rootctl.testing.PlanFixtures.desired;
import static io.rootctl.testing.PlanFixtures.org;
import static org.assertj.core.api.Assertions.assertThat;

import io.rootctl.apply.AccountOutcome;
import io.rootctl.apply.ApplyResult;
import io.rootctl.desired.Problem;
import io.rootctl.desired.SourceLocation;
import io.rootctl.desired.yaml.LoadResult;
import io.rootctl.model.AccountId;
import io.rootctl.model.Printable;
import io.rootctl.plan.DeleteAccessKey;
import io.rootctl.plan.PlanOutcome;
import io.rootctl.plan.Planner;
import io.rootctl.plan.PlanningContext;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, fault 7: names, reasons and AWS answers reach every output with their control characters
 * escaped: no forged line, no cleared screen, no text reordered by a bidi control.
 */
class OutputEscapingTest {
  private static final String CLEAR = "\u001b[2J\u001b[H";
  private static final Instant T = Instant.parse("2026-11-23T09:30:00Z");

  private static void assertPrintable(String text) {
    assertThat(text.lines())
        .allSatisfy(
            line ->
                assertThat(Printable.firstUnsafe(line))
                    .as("unsafe character in %s", line.replace("\u001b", "<ESC>"))
                    .isEqualTo(-1));
  }

  @Test
  void planTextEscapesAccountNamesOusKeyIdsAndReadFailures() {
    var live =
        org()
            .with(
                account("222222222222")
                    .named("dev" + CLEAR)
                    .in("/Root/Dev\u202e")
                    .withAccessKey("AKIA\nforged"),
                account("333333333333")
                    .named("x\u009b2J")
                    .in("/Root/Dev\u202e")
                    .unreadable("GetAccountSummary: AccessDenied\nNo changes." + CLEAR))
            .live();
    var outcome =
        new Planner()
            .plan(desired().build(), live, PlanningContext.of(LocalDate.parse("2026-11-23"), T));
    var plan = ((PlanOutcome.Planned) outcome).plan();

    var text = new PlanText(Style.PLAIN).render(plan);

    assertPrintable(text);
    assertThat(text)
        .contains("(dev\\u001b[2J\\u001b[H) in /Root/Dev\\u202e")
        .contains("access key AKIA\\nforged")
        .contains("AccessDenied\\nNo changes.\\u001b[2J");
    assertPrintable(new PlanText(Style.COLOR).render(plan).replaceAll("\u001b\\[[0-9;]*m", ""));
  }

  @Test
  void applyTextEscapesAwsErrorMessagesCodesAndRequestIds() {
    var result =
        new ApplyResult(
            "run-1",
            T,
            T,
            Optional.empty(),
            List.of(
                new AccountOutcome.Failed(
                    AccountId.of("444455556666"),
                    "iam:DeleteAccessKey",
                    "AccessDenied" + CLEAR,
                    "req\n9",
                    "denied\nApply complete! 0 failed.",
                    List.of(new DeleteAccessKey("AKIA\u202e2"))),
                new AccountOutcome.Converged(
                    AccountId.of("111122223333"), List.of(), List.of("note\u001b[31m"))));

    var text = new ApplyText(Style.PLAIN).render(result);

    assertPrintable(text);
    assertThat(text)
        .contains("AccessDenied\\u001b[2J\\u001b[H (request req\\n9): denied\\nApply complete!")
        .contains("deleted access key AKIA\\u202e2")
        .contains("note: note\\u001b[31m");
  }

  @Test
  void auditTextEscapesAccountNamesOusAndReadFailures() {
    var live =
        org()
            .with(
                account("222222222222").named("dev" + CLEAR).in("/Root/Dev\u202e").withPassword(),
                account("333333333333")
                    .named("x")
                    .in("/Root/Dev\u202e")
                    .unreadable("AccessDenied\nall clean" + CLEAR))
            .live();

    var text = new AuditText(Style.PLAIN).render(Inventory.of(live));

    assertPrintable(text);
    assertThat(text).contains("dev\\u001b[2J\\u001b[H").contains("AccessDenied\\nall clean");
  }

  @Test
  void validateTextAndJsonEscapeFileNamesAndMessages() {
    var result =
        new LoadResult.Invalid(
            List.of(
                Problem.error(
                    new SourceLocation("a\u001b[2J.yaml", 1, 1),
                    "invalid YAML: found \u009b\ndesired-state: valid")));

    var lines = ProblemsText.lines(result.problems());
    var json = ValidationJson.write(result, LocalDate.parse("2026-11-23"));

    assertThat(lines)
        .containsExactly(
            "a\\u001b[2J.yaml:1:1: invalid YAML: found \\u009b\\ndesired-state: valid");
    assertPrintable(json);
    assertThat(json).contains("\"file\" : \"a\\\\u001b[2J.yaml\"");
  }
}
