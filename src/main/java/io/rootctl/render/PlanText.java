package io.rootctl.render;

import io.rootctl.model.Mode;
import io.rootctl.model.Printable;
import io.rootctl.plan.AccountAction;
import io.rootctl.plan.AccountChange;
import io.rootctl.plan.Action;
import io.rootctl.plan.NeedsPerson;
import io.rootctl.plan.Plan;
import io.rootctl.plan.PlanSummary;
import io.rootctl.plan.Skip;
import io.rootctl.plan.SkipReason;
import io.rootctl.plan.Unreadable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * A plan as text, in Terraform's idiom: a header, the organization block ({@code ~} for features),
 * one block per account ({@code -} deletions, {@code +} creation) with the task policy of its root
 * session and a reason per action, the skipped accounts with their reasons, the accounts that could
 * not be read with the AWS error (a plan with any is "incomplete", never "No changes"), the
 * requirements that need a person (never actions, never "No changes" either), and a closing summary
 * line such as {@code Plan: 7 to delete, 1 to allow, 2 features to enable across 4 accounts; 195 in
 * sync, 2 skipped.} Formats the plan value and decides nothing. Immutable.
 */
public final class PlanText {
  private static final int MAX_ALIGN = 48;

  private final Style style;

  public PlanText(Style style) {
    this.style = style;
  }

  /** The whole plan, ending in a newline. */
  public String render(Plan plan) {
    var out = new StringBuilder();
    out.append(style.bold("rootctl plan"))
        .append(" of desired state ")
        .append(plan.desiredRevision())
        .append(", made ")
        .append(plan.createdAt())
        .append(plan.mode() == Mode.OBSERVE ? " in observe mode" : "")
        .append("\n\n");

    if (plan.hasChanges()) {
      legend(plan, out);
      out.append(
          plan.applicable()
              ? "rootctl will perform the following actions:\n"
              : "rootctl would perform the following actions:\n");
      plan.organization()
          .ifPresent(
              o -> {
                var lines = new ArrayList<Line>();
                for (int i = 0; i < o.actions().size(); i++) {
                  lines.add(
                      new Line(
                          symbol(o.actions().get(i)),
                          describe(o.actions().get(i)),
                          reason(o.reasons(), i)));
                }
                out.append('\n').append("  ").append(style.bold("# organization")).append('\n');
                block(lines, out);
              });
      for (var change : plan.accounts()) {
        account(change, out);
      }
      out.append('\n');
    }

    skipped(plan.skipped(), out);
    unreadable(plan.unreadable(), out);
    needsPerson(plan.needsPerson(), out);

    if (plan.hasChanges()) {
      out.append(style.bold(summaryLine(plan.summary()))).append('\n');
    } else if (!plan.complete()) {
      // never "No changes": an account that was not read may hold anything
      out.append(style.red(style.bold("Plan incomplete.")))
          .append(
              style.bold(
                  " No changes in the accounts that were read, but "
                      + count(plan.unreadable().size(), "account")
                      + (plan.unreadable().size() == 1 ? " was" : " were")
                      + " not read; rootctl cannot say whether "
                      + (plan.unreadable().size() == 1 ? "it matches" : "they match")
                      + " the desired state."))
          .append('\n')
          .append(countsLine(plan.summary()))
          .append('\n');
    } else if (!plan.needsPerson().isEmpty()) {
      // drift that rootctl cannot repair is still drift: never "No changes"
      int n = plan.summary().accountsNeedingPerson();
      out.append(style.yellow(style.bold("Not in sync.")))
          .append(
              style.bold(
                  " No actions, but "
                      + count(n, "account")
                      + (n == 1 ? " needs" : " need")
                      + " a person: rootctl cannot create MFA devices."))
          .append('\n')
          .append(countsLine(plan.summary()))
          .append('\n');
    } else {
      // with --target only the targeted accounts were read: never claim the whole organization
      var targeted = plan.skipped().stream().anyMatch(k -> k.reason() == SkipReason.NOT_TARGETED);
      out.append(style.green(style.bold("No changes.")))
          .append(
              style.bold(
                  targeted
                      ? " The targeted accounts' root access matches the desired state."
                      : " Your organization's root access matches the desired state."))
          .append('\n')
          .append(countsLine(plan.summary()))
          .append('\n');
    }
    if (plan.mode() == Mode.OBSERVE) {
      out.append('\n')
          .append(style.yellow("Note: observe mode. rootctl will not apply this plan."))
          .append('\n');
    }
    return out.toString();
  }

  /**
   * {@code Plan: 7 to delete, 1 to allow, 2 features to enable across 4 accounts; 195 in sync, 2
   * skipped.}, leaving out the parts that are zero.
   */
  public static String summaryLine(PlanSummary s) {
    var changes = new ArrayList<String>();
    if (s.toDelete() > 0) {
      changes.add(s.toDelete() + " to delete");
    }
    if (s.toAllow() > 0) {
      changes.add(s.toAllow() + " to allow");
    }
    if (s.featuresToEnable() > 0) {
      changes.add(count(s.featuresToEnable(), "feature") + " to enable");
    }
    if (s.featuresToDisable() > 0) {
      changes.add(count(s.featuresToDisable(), "feature") + " to disable");
    }
    var line = new StringBuilder("Plan: ");
    line.append(changes.isEmpty() ? "no changes" : String.join(", ", changes));
    if (s.accountsChanged() > 0) {
      line.append(" across ").append(count(s.accountsChanged(), "account"));
    }
    var rest = new ArrayList<String>();
    if (s.accountsInSync() > 0) {
      rest.add(s.accountsInSync() + " in sync");
    }
    if (s.accountsSkipped() > 0) {
      rest.add(s.accountsSkipped() + " skipped");
    }
    if (s.accountsUnreadable() > 0) {
      rest.add(s.accountsUnreadable() + " could not be read");
    }
    if (s.accountsNeedingPerson() > 0) {
      rest.add(
          s.accountsNeedingPerson()
              + " need"
              + (s.accountsNeedingPerson() == 1 ? "s" : "")
              + " a person");
    }
    if (!rest.isEmpty()) {
      line.append("; ").append(String.join(", ", rest));
    }
    return line.append('.').toString();
  }

  /** {@code 195 accounts in sync, 2 skipped.} for a plan without changes. */
  public static String countsLine(PlanSummary s) {
    var line = count(s.accountsInSync(), "account") + " in sync";
    if (s.accountsSkipped() > 0) {
      line += ", " + s.accountsSkipped() + " skipped";
    }
    if (s.accountsUnreadable() > 0) {
      line += ", " + s.accountsUnreadable() + " could not be read";
    }
    if (s.accountsNeedingPerson() > 0) {
      line +=
          ", "
              + s.accountsNeedingPerson()
              + " need"
              + (s.accountsNeedingPerson() == 1 ? "s" : "")
              + " a person";
    }
    return line + ".";
  }

  /** What an action does, e.g. {@code access key AKIA...} or {@code enable RootSessions}. */
  public static String describe(Action action) {
    return action.planText();
  }

  /** {@code -} for deletions, {@code +} for creation, {@code ~} for organization features. */
  public static char symbol(Action action) {
    return action.kind().symbol();
  }

  // --- parts -----------------------------------------------------------------------------------

  /** One action line; AWS-supplied ids and reasons with their control characters escaped. */
  private record Line(char symbol, String description, String reason) {
    Line {
      description = Printable.escape(description);
      reason = Printable.escape(reason);
    }
  }

  private void legend(Plan plan, StringBuilder out) {
    var used = new LinkedHashSet<Character>();
    plan.organization().ifPresent(o -> o.actions().forEach(a -> used.add(symbol(a))));
    plan.accounts().forEach(c -> c.actions().forEach(a -> used.add(symbol(a))));
    out.append("Actions are shown with these symbols:\n");
    if (used.contains('-')) {
      out.append("  ").append(colored('-')).append(" delete\n");
    }
    if (used.contains('+')) {
      out.append("  ").append(colored('+')).append(" create\n");
    }
    if (used.contains('~')) {
      out.append("  ").append(colored('~')).append(" change an organization feature\n");
    }
    out.append('\n');
  }

  private void account(AccountChange change, StringBuilder out) {
    var policies = new LinkedHashSet<String>();
    change.actions().forEach(a -> policies.add(a.requiredPolicy().policyName()));
    out.append('\n')
        .append("  ")
        .append(
            style.bold(
                "# account "
                    + change.account()
                    + " ("
                    + Printable.escape(change.accountName())
                    + ") in "
                    + Printable.escape(change.ou().toString())))
        .append('\n')
        .append("  ")
        .append(
            style.dim(
                (policies.size() == 1 ? "# root session: " : "# root sessions: ")
                    + String.join(", then ", policies)))
        .append('\n');
    var lines = new ArrayList<Line>();
    for (int i = 0; i < change.actions().size(); i++) {
      AccountAction action = change.actions().get(i);
      lines.add(new Line(symbol(action), describe(action), reason(change.reasons(), i)));
    }
    block(lines, out);
  }

  private void block(List<Line> lines, StringBuilder out) {
    // Align reasons in a column, except after descriptions too long for one (MFA ARNs).
    int width =
        lines.stream()
            .mapToInt(l -> l.description().length())
            .filter(n -> n <= MAX_ALIGN)
            .max()
            .orElse(0);
    for (var line : lines) {
      out.append("  ").append(colored(line.symbol())).append(' ').append(line.description());
      if (!line.reason().isEmpty()) {
        out.append(" ".repeat(Math.max(0, width - line.description().length()) + 2))
            .append(style.dim(line.reason()));
      }
      out.append('\n');
    }
  }

  private void skipped(List<Skip> skipped, StringBuilder out) {
    var listed = skipped.stream().filter(s -> s.reason() != SkipReason.NOT_TARGETED).toList();
    var untargeted = skipped.size() - listed.size();
    if (listed.isEmpty() && untargeted == 0) {
      return;
    }
    out.append("Skipped:\n");
    var labels =
        listed.stream()
            .map(s -> s.account() + " (" + Printable.escape(s.accountName()) + ")")
            .toList();
    int width = labels.stream().mapToInt(String::length).max().orElse(0);
    for (int i = 0; i < listed.size(); i++) {
      var skip = listed.get(i);
      out.append("  ")
          .append(labels.get(i))
          .append(" ".repeat(width - labels.get(i).length() + 2))
          .append(label(skip.reason()))
          .append(skip.detail().isEmpty() ? "" : ": " + Printable.escape(skip.detail()))
          .append('\n');
    }
    if (untargeted > 0) {
      out.append("  ")
          .append(style.dim(count(untargeted, "account") + " outside --target, not listed"))
          .append('\n');
    }
    out.append('\n');
  }

  /** The accounts that could not be read, each with the AWS error, in red. */
  private void unreadable(List<Unreadable> unreadable, StringBuilder out) {
    if (unreadable.isEmpty()) {
      return;
    }
    out.append(style.red(style.bold("Could not be read")))
        .append(" (neither skipped nor in sync):\n");
    var labels =
        unreadable.stream()
            .map(u -> u.account() + " (" + Printable.escape(u.accountName()) + ")")
            .toList();
    int width = labels.stream().mapToInt(String::length).max().orElse(0);
    for (int i = 0; i < unreadable.size(); i++) {
      out.append("  ")
          .append(labels.get(i))
          .append(" ".repeat(width - labels.get(i).length() + 2))
          .append(style.red("could not be read: " + Printable.escape(unreadable.get(i).reason())))
          .append('\n');
    }
    out.append('\n');
  }

  /**
   * The requirements rootctl cannot meet, each with what the root user holds, what a person must do
   * and where the requirement comes from, in yellow: drift without an action.
   */
  private void needsPerson(List<NeedsPerson> entries, StringBuilder out) {
    if (entries.isEmpty()) {
      return;
    }
    out.append(style.yellow(style.bold("Needs a person")))
        .append(" (rootctl cannot do this; not in sync until someone does):\n");
    for (var n : entries) {
      out.append("  ")
          .append(style.yellow("!"))
          .append(' ')
          .append(
              n.account()
                  + " ("
                  + Printable.escape(n.accountName())
                  + ") in "
                  + Printable.escape(n.ou().toString())
                  + ": "
                  + Printable.escape(n.found())
                  + "; "
                  + n.todo())
          .append('\n')
          .append("    ")
          .append(style.dim(Printable.escape(n.reason())))
          .append('\n');
    }
    out.append('\n');
  }

  private static String label(SkipReason reason) {
    return switch (reason) {
      case MANAGEMENT_ACCOUNT -> "management account";
      case NOT_ACTIVE -> "not active";
      case NOT_TARGETED -> "not targeted";
    };
  }

  private String colored(char symbol) {
    var s = String.valueOf(symbol);
    return switch (symbol) {
      case '-' -> style.red(s);
      case '+' -> style.green(s);
      default -> style.yellow(s);
    };
  }

  private static String reason(List<String> reasons, int index) {
    return index < reasons.size() ? reasons.get(index) : "";
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
