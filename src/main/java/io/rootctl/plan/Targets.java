package io.rootctl.plan;

import io.rootctl.live.MemberAccount;
import io.rootctl.live.OrganizationTree;
import java.util.List;

/**
 * The {@code --target} selection of a plan. Empty means every member account; otherwise an account
 * is planned for when any target selects it, and every other account is skipped as {@link
 * SkipReason#NOT_TARGETED}. Organization changes are planned whatever the selection, because the
 * account actions depend on them. {@link #selects} is the one rule of what a selection holds: the
 * planner skips by it and the live-state reader opens root sessions by it.
 */
public record Targets(List<Target> selection) {

  public Targets {
    selection = selection.stream().distinct().toList();
  }

  /** No selection: every member account. */
  public static Targets all() {
    return new Targets(List.of());
  }

  public static Targets of(Target... targets) {
    return new Targets(List.of(targets));
  }

  /** Parses each {@code --target} value; {@link IllegalArgumentException} on the first bad one. */
  public static Targets parse(List<String> texts) {
    return new Targets(texts.stream().map(Target::parse).toList());
  }

  public boolean isAll() {
    return selection.isEmpty();
  }

  /**
   * Whether this selection holds {@code account} of {@code tree}: always with no selection;
   * otherwise when a target names the account, or an OU (by path or id) that the account is
   * beneath, at any depth. A target naming an OU the tree does not have selects nothing. Whether
   * the account may be managed at all (management account, not ACTIVE) is not this method's
   * question.
   */
  public boolean selects(OrganizationTree tree, MemberAccount account) {
    if (isAll()) {
      return true;
    }
    var path = tree.pathOf(account);
    for (var target : selection) {
      var selected =
          switch (target) {
            case Target.Account a -> a.id().equals(account.id());
            case Target.UnitPath p -> path.isWithin(p.path());
            case Target.UnitId i ->
                tree.unit(i.id()).map(u -> path.isWithin(u.path())).orElse(false);
          };
      if (selected) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return isAll() ? "all" : selection.toString();
  }
}
