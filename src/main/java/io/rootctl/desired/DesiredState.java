package io.rootctl.desired;

import java.util.List;

/**
 * A whole, valid desired-state directory.
 *
 * @param revision what was loaded: a git commit or a content hash of the files
 */
public record DesiredState(
    String revision, OrganizationSpec organization, List<OuSpec> units, List<AccountSpec> accounts) {

  public DesiredState {
    units = List.copyOf(units);
    accounts = List.copyOf(accounts);
  }

  /** Every exception written in the desired state, OU and Account documents alike. */
  public List<PolicyException> exceptions() {
    var all = new java.util.ArrayList<PolicyException>();
    units.forEach(u -> u.exception().ifPresent(all::add));
    accounts.forEach(a -> a.exception().ifPresent(all::add));
    return List.copyOf(all);
  }
}
