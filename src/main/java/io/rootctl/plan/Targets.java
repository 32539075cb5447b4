package io.rootctl.plan;

import java.util.List;

/**
 * The {@code --target} selection of a plan. Empty means every member account; otherwise an account
 * is planned for when any target selects it, and every other account is skipped as {@link
 * SkipReason#NOT_TARGETED}. Organization changes are planned whatever the selection, because the
 * account actions depend on them.
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

  @Override
  public String toString() {
    return isAll() ? "all" : selection.toString();
  }
}
