package io.rootctl.plan;

import java.util.List;

/** A group of actions: the organization's, or one account's. */
public sealed interface Change permits OrganizationChange, AccountChange {
  List<? extends Action> actions();

  /** Why, for humans only; nothing branches on these. */
  List<String> reasons();
}
