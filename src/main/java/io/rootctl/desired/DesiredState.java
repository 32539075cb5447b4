package io.rootctl.desired;

import java.util.List;

/**
 * A whole, valid desired-state directory.
 *
 * @param revision what was loaded: a git commit or a content hash of the files
 */
public record DesiredState(
    String revision,
    OrganizationSpec organization,
    List<OuSpec> units,
    List<AccountSpec> accounts) {

  public DesiredState {
    units = List.copyOf(units);
    accounts = List.copyOf(accounts);
  }
}
