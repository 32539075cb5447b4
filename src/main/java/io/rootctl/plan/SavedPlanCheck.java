package io.rootctl.plan;

import io.rootctl.model.AccountId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * Whether a saved plan is exactly what the planner makes now, from the same desired state and a
 * fresh read of the live state. Like Terraform, which applies a saved plan only against the
 * configuration and state it was made from, rootctl never trusts a plan file as written: an action
 * added, removed or reordered by hand, an account that changed since, and an organization change
 * the desired state no longer asks for are all mismatches. Pure.
 */
public final class SavedPlanCheck {
  private SavedPlanCheck() {}

  /**
   * Every way {@code saved} differs from {@code fresh} for what {@code saved} would change, one
   * sentence each; empty when the saved plan may be applied. Accounts that {@code fresh} would
   * change and {@code saved} does not touch are not mismatches (drift since the plan was made; the
   * next plan covers them).
   *
   * @param fresh the plan made now for the accounts {@code saved} touches, from the desired state
   *     of the same revision
   */
  public static List<String> mismatches(Plan saved, Plan fresh) {
    var out = new ArrayList<String>();
    var savedOrg = saved.organization().map(OrganizationChange::actions).orElse(List.of());
    var freshOrg = fresh.organization().map(OrganizationChange::actions).orElse(List.of());
    if (!savedOrg.equals(freshOrg)) {
      out.add(
          "organization: the plan would "
              + describe(savedOrg)
              + ", but the desired state and the organization now ask for "
              + describe(freshOrg));
    }
    var changes = new HashMap<AccountId, AccountChange>();
    fresh.accounts().forEach(c -> changes.put(c.account(), c));
    var inSync = new HashSet<>(fresh.inSync());
    for (var change : saved.accounts()) {
      var id = change.account();
      var now = changes.get(id);
      if (now != null) {
        compare(change, now).ifPresent(out::add);
        continue;
      }
      out.add("account " + id + ": " + notPlannedNow(id, fresh, inSync));
    }
    return out;
  }

  private static Optional<String> compare(AccountChange saved, AccountChange now) {
    var id = saved.account();
    if (!saved.basedOn().equals(now.basedOn())) {
      return Optional.of(
          "account "
              + id
              + " changed since the plan was made (planned from "
              + saved.basedOn().shortForm()
              + ", now "
              + now.basedOn().shortForm()
              + ")");
    }
    if (saved.actions().equals(now.actions())) {
      return Optional.empty();
    }
    var extra = new ArrayList<AccountAction>(saved.actions());
    extra.removeAll(now.actions());
    var missing = new ArrayList<AccountAction>(now.actions());
    missing.removeAll(saved.actions());
    var parts = new ArrayList<String>();
    if (!extra.isEmpty()) {
      parts.add("the plan would " + describe(extra) + ", which the desired state does not ask for");
    }
    if (!missing.isEmpty()) {
      parts.add("the plan leaves out " + describe(missing) + ", which the desired state asks for");
    }
    if (parts.isEmpty()) {
      parts.add("the plan's actions are not in the order rootctl runs them");
    }
    return Optional.of("account " + id + ": " + String.join("; ", parts));
  }

  private static String notPlannedNow(AccountId id, Plan fresh, HashSet<AccountId> inSync) {
    if (inSync.contains(id)) {
      return "the desired state asks for no change there now (it changed since the plan was made,"
          + " or the plan was edited)";
    }
    for (var u : fresh.unreadable()) {
      if (u.account().equals(id)) {
        return "could not be read to confirm the plan: " + u.reason();
      }
    }
    for (var s : fresh.skipped()) {
      if (s.account().equals(id)) {
        return "is not a target now (" + s.reason() + ": " + s.detail() + ")";
      }
    }
    return "is not a member account of the organization";
  }

  private static String describe(List<? extends Action> actions) {
    if (actions.isEmpty()) {
      return "nothing";
    }
    return String.join(", ", actions.stream().map(SavedPlanCheck::describe).toList());
  }

  private static String describe(Action action) {
    return action.checkText();
  }
}
