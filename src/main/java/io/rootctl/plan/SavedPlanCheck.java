package io.rootctl.plan;

import io.rootctl.live.AccountState;
import io.rootctl.live.OrganizationTree;
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
   * <p>Beyond the actions: the mode must be the desired state's; every account the plan calls in
   * sync must be in sync now; every skip must hold in {@code tree} (the management account, an
   * account that is not ACTIVE); and every account of the organization must stand somewhere in the
   * plan, so that an account cannot be dropped from a plan file unnoticed.
   *
   * @param fresh the plan made now for the accounts {@code saved} changes or calls in sync, from
   *     the desired state of the same revision
   * @param tree the organization as read now
   */
  public static List<String> mismatches(Plan saved, Plan fresh, OrganizationTree tree) {
    var out = new ArrayList<String>();
    if (saved.mode() != fresh.mode()) {
      out.add(
          "the plan says mode "
              + saved.mode().yamlName()
              + ", but the desired state it was made from says mode "
              + fresh.mode().yamlName());
    }
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
    for (var id : saved.inSync()) {
      var now = changes.get(id);
      if (now != null) {
        out.add(
            "account "
                + id
                + ": the plan says it is in sync, but the desired state asks to "
                + describe(now.actions()));
      } else if (!inSync.contains(id)) {
        out.add(
            "account "
                + id
                + ": the plan says it is in sync, but it "
                + notPlannedNow(id, fresh, inSync));
      }
    }
    for (var skip : saved.skipped()) {
      var member = tree.account(skip.account());
      boolean holds =
          switch (skip.reason()) {
            case MANAGEMENT_ACCOUNT -> tree.isManagement(skip.account());
            case NOT_ACTIVE -> member.isPresent() && member.get().state() != AccountState.ACTIVE;
            case NOT_TARGETED -> member.isPresent();
          };
      if (!holds) {
        out.add(
            "account "
                + skip.account()
                + ": the plan skips it as "
                + skip.reason()
                + ", which the organization does not bear out");
      }
    }
    var listed = new HashSet<AccountId>();
    saved.accounts().forEach(c -> listed.add(c.account()));
    listed.addAll(saved.inSync());
    saved.skipped().forEach(k -> listed.add(k.account()));
    saved.unreadable().forEach(u -> listed.add(u.account()));
    saved.needsPerson().forEach(n -> listed.add(n.account()));
    for (var member : tree.accounts()) {
      if (!listed.contains(member.id())) {
        out.add("the plan leaves out account " + member.id() + " of the organization");
      }
    }
    return out;
  }

  /**
   * The saved plan as it may be applied once {@link #mismatches} found nothing: its actions, with
   * every account's name, OU path, OU id and reasons (and the organization change's reasons) taken
   * from {@code fresh}, the plan made now from a fresh read. A plan file's names and reasons are
   * never checked against anything (the summary does not count them), so what the audit log and
   * apply's output say about an account comes from the organization as read, never from the file.
   *
   * @throws IllegalArgumentException when an account of {@code saved} is not changed in {@code
   *     fresh} with the same actions (call only after {@link #mismatches} came back empty)
   */
  public static Plan verified(Plan saved, Plan fresh) {
    var changes = new HashMap<AccountId, AccountChange>();
    fresh.accounts().forEach(c -> changes.put(c.account(), c));
    var accounts = new ArrayList<AccountChange>();
    for (var change : saved.accounts()) {
      var now = changes.get(change.account());
      if (now == null
          || !now.actions().equals(change.actions())
          || !now.basedOn().equals(change.basedOn())) {
        throw new IllegalArgumentException(
            "account "
                + change.account()
                + " does not match the fresh plan; check mismatches first");
      }
      accounts.add(now);
    }
    var organization = saved.organization();
    if (organization.isPresent()) {
      var now = fresh.organization();
      if (now.isEmpty() || !now.get().actions().equals(organization.get().actions())) {
        throw new IllegalArgumentException(
            "the organization change does not match the fresh plan; check mismatches first");
      }
      organization = now;
    }
    return new Plan(
        saved.formatVersion(),
        saved.desiredRevision(),
        saved.createdAt(),
        saved.mode(),
        organization,
        accounts,
        saved.inSync(),
        saved.skipped(),
        saved.unreadable(),
        saved.needsPerson(),
        saved.preflightWarnings(),
        saved.preflightUnreadTargets());
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
    for (var n : fresh.needsPerson()) {
      if (n.account().equals(id)) {
        return "needs a person now ("
            + n.kind().yamlName()
            + ": "
            + n.requirement().yamlName()
            + ", found "
            + n.found()
            + ")";
      }
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
