package io.rootctl.render;

import io.rootctl.apply.AccountOutcome;
import io.rootctl.apply.ApplyResult;
import io.rootctl.apply.OrganizationResult;
import io.rootctl.apply.StalePlanException;
import io.rootctl.model.AccountId;
import io.rootctl.model.Printable;
import io.rootctl.plan.AccountAction;
import io.rootctl.plan.AllowPasswordRecovery;
import io.rootctl.plan.DeactivateMfaDevice;
import io.rootctl.plan.DeleteAccessKey;
import io.rootctl.plan.DeleteLoginProfile;
import io.rootctl.plan.DeleteSigningCertificate;
import io.rootctl.plan.DisableRootFeature;
import io.rootctl.plan.EnableRootFeature;
import io.rootctl.plan.EnableTrustedAccess;
import io.rootctl.plan.OrganizationAction;
import java.util.List;
import java.util.Map;

/**
 * An apply result as text: the organization actions, one line per account (converged, with what it
 * did; or failed, with the AWS operation, error code and request id), and a closing line such as
 * {@code Apply complete! 7 deleted, 1 allowed, 0 features enabled; 4 accounts converged, 0 failed.}
 * Also the refusal of a stale plan. Formats and decides nothing. Immutable.
 */
public final class ApplyText {
  private final Style style;

  public ApplyText(Style style) {
    this.style = style;
  }

  /** The whole result, ending in a newline. */
  public String render(ApplyResult result) {
    return render(result, Map.of());
  }

  /**
   * The whole result, ending in a newline, each account line naming the account as {@code names}
   * gives it ({@code account 555555555555 (prod-payments): converged}); accounts without a name
   * there are shown by id alone.
   */
  public String render(ApplyResult result, Map<AccountId, String> names) {
    var out = new StringBuilder();
    result.organization().ifPresent(o -> organization(o, out));
    for (var outcome : result.accounts()) {
      switch (outcome) {
        case AccountOutcome.Converged c -> {
          out.append(style.green("account " + named(c.account(), names) + ": converged"))
              .append(" (")
              .append(done(c.actionsDone()))
              .append(")\n");
          c.notes().forEach(n -> out.append("  note: ").append(Printable.escape(n)).append('\n'));
        }
        case AccountOutcome.Failed f ->
            out.append(style.red("account " + named(f.account(), names) + ": failed"))
                .append(": ")
                .append(f.operation())
                .append(" ")
                .append(Printable.escape(f.errorCode()))
                .append(" (request ")
                .append(f.requestId().isBlank() ? "none" : Printable.escape(f.requestId()))
                .append("): ")
                .append(Printable.escape(f.message()))
                .append(f.actionsDone().isEmpty() ? "" : "; done before: " + done(f.actionsDone()))
                .append('\n');
      }
    }
    if (!result.accounts().isEmpty() || result.organization().isPresent()) {
      out.append('\n');
    }
    out.append(style.bold(summaryLine(result))).append('\n');
    return out.toString();
  }

  /**
   * {@code Apply complete! 7 deleted, 1 allowed, 0 features enabled; 4 accounts converged, 0
   * failed.}, or {@code Apply failed! ...} when an account or the organization change failed.
   * Counts every action that was done, in converged and failed accounts alike.
   */
  public static String summaryLine(ApplyResult result) {
    int deleted = 0;
    int allowed = 0;
    for (var outcome : result.accounts()) {
      var done =
          switch (outcome) {
            case AccountOutcome.Converged c -> c.actionsDone();
            case AccountOutcome.Failed f -> f.actionsDone();
          };
      for (var action : done) {
        switch (action) {
          case DeleteLoginProfile a -> deleted++;
          case DeleteAccessKey a -> deleted++;
          case DeleteSigningCertificate a -> deleted++;
          case DeactivateMfaDevice a -> deleted++;
          case AllowPasswordRecovery a -> allowed++;
        }
      }
    }
    int enabled = 0;
    int disabled = 0;
    for (var action : result.organization().map(OrganizationResult::done).orElse(List.of())) {
      switch (action) {
        case EnableTrustedAccess a -> enabled++;
        case EnableRootFeature a -> enabled++;
        case DisableRootFeature a -> disabled++;
      }
    }
    int converged = result.converged().size();
    int failed = result.accounts().size() - converged;
    return (result.succeeded() ? "Apply complete! " : "Apply failed! ")
        + deleted
        + " deleted, "
        + allowed
        + " allowed, "
        + plural(enabled, "feature")
        + " enabled"
        + (disabled > 0 ? ", " + disabled + " disabled" : "")
        + "; "
        + plural(converged, "account")
        + " converged, "
        + failed
        + " failed.";
  }

  /** The refusal of a stale plan: every changed account with its old and new fingerprint. */
  public String stale(StalePlanException e) {
    var out = new StringBuilder();
    out.append(style.red("Error: the saved plan is stale; nothing was applied.")).append('\n');
    out.append("These accounts changed since the plan was made:\n");
    for (var s : e.stale()) {
      out.append("  account ")
          .append(s.account())
          .append(": planned from ")
          .append(s.planned().shortForm())
          .append(", now ")
          .append(s.current().shortForm())
          .append('\n');
    }
    out.append("Run rootctl plan again, review it, and apply the new plan.\n");
    return out.toString();
  }

  private void organization(OrganizationResult o, StringBuilder out) {
    for (var action : o.done()) {
      out.append("organization: ").append(describe(action)).append(": done\n");
    }
    o.failure()
        .ifPresent(
            f ->
                out.append(style.red("organization: " + describe(o.notDone().get(0)) + ": failed"))
                    .append(": ")
                    .append(f.operation())
                    .append(' ')
                    .append(Printable.escape(f.errorCode()))
                    .append(" (request ")
                    .append(f.requestId().isBlank() ? "none" : Printable.escape(f.requestId()))
                    .append("): ")
                    .append(Printable.escape(f.message()))
                    .append('\n'));
  }

  private static String describe(OrganizationAction action) {
    return PlanText.describe(action);
  }

  private static String done(List<AccountAction> actions) {
    if (actions.isEmpty()) {
      return "nothing to do";
    }
    var parts = new java.util.ArrayList<String>();
    for (var action : actions) {
      parts.add(action.appliedText());
    }
    return Printable.escape(String.join(", ", parts));
  }

  private static String named(AccountId account, Map<AccountId, String> names) {
    var name = names.get(account);
    return name == null || name.isEmpty()
        ? account.toString()
        : account + " (" + Printable.escape(name) + ")";
  }

  private static String plural(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
