package io.rootctl.live;

import io.rootctl.model.AccountId;
import io.rootctl.model.OuId;
import io.rootctl.model.OuPath;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The organization's structure: its id, management account, root, OUs and accounts (the management
 * account included, as Organizations lists it). Immutable; lookups by id and path are indexed once
 * at construction. Equality is by value.
 */
public final class OrganizationTree {
  private final String organizationId;
  private final AccountId managementAccount;
  private final String rootId;
  private final String rootName;
  private final List<OrganizationalUnit> units;
  private final List<MemberAccount> accounts;
  private final Map<AccountId, MemberAccount> accountsById;
  private final Map<String, OrganizationalUnit> unitsById;
  private final Map<OuPath, OrganizationalUnit> unitsByPath;

  /**
   * @param rootId the root's id, {@code r-...}
   * @param rootName the root's name, {@code Root} in AWS
   */
  public OrganizationTree(
      String organizationId,
      AccountId managementAccount,
      String rootId,
      String rootName,
      List<OrganizationalUnit> units,
      List<MemberAccount> accounts) {
    this.organizationId = Objects.requireNonNull(organizationId);
    this.managementAccount = Objects.requireNonNull(managementAccount);
    this.rootId = Objects.requireNonNull(rootId);
    this.rootName = Objects.requireNonNull(rootName);
    this.units = units.stream().sorted(Comparator.comparing(OrganizationalUnit::path)).toList();
    this.accounts = accounts.stream().sorted(Comparator.comparing(MemberAccount::id)).toList();
    var byAccount = new HashMap<AccountId, MemberAccount>();
    this.accounts.forEach(a -> byAccount.put(a.id(), a));
    var byId = new HashMap<String, OrganizationalUnit>();
    var byPath = new HashMap<OuPath, OrganizationalUnit>();
    for (var u : this.units) {
      byId.put(u.id().value(), u);
      byPath.put(u.path(), u);
    }
    this.accountsById = Map.copyOf(byAccount);
    this.unitsById = Map.copyOf(byId);
    this.unitsByPath = Map.copyOf(byPath);
  }

  public String organizationId() {
    return organizationId;
  }

  public AccountId managementAccount() {
    return managementAccount;
  }

  public String rootId() {
    return rootId;
  }

  /** OUs sorted by path. */
  public List<OrganizationalUnit> units() {
    return units;
  }

  /** All accounts, the management account included, sorted by id. */
  public List<MemberAccount> accounts() {
    return accounts;
  }

  /** The root path, e.g. {@code /Root}. */
  public OuPath rootPath() {
    return OuPath.root(rootName);
  }

  public Optional<MemberAccount> account(AccountId id) {
    return Optional.ofNullable(accountsById.get(id));
  }

  public Optional<OrganizationalUnit> unit(OuId id) {
    return Optional.ofNullable(unitsById.get(id.value()));
  }

  public Optional<OrganizationalUnit> unitAt(OuPath path) {
    return Optional.ofNullable(unitsByPath.get(path));
  }

  /** True for the management account, which is never a target. */
  public boolean isManagement(AccountId id) {
    return managementAccount.equals(id);
  }

  /** The path of the root or OU that directly holds {@code account}. */
  public OuPath pathOf(MemberAccount account) {
    var unit = unitsById.get(account.parentId());
    return unit == null ? rootPath() : unit.path();
  }

  /** The OUs that hold {@code account}, from the root's child down to its direct parent. */
  public List<OrganizationalUnit> ancestry(MemberAccount account) {
    var chain = new ArrayList<OrganizationalUnit>();
    var current = unitsById.get(account.parentId());
    while (current != null && chain.size() <= 64) {
      chain.add(current);
      current = unitsById.get(current.parentId());
    }
    Collections.reverse(chain);
    return List.copyOf(chain);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OrganizationTree t
        && organizationId.equals(t.organizationId)
        && managementAccount.equals(t.managementAccount)
        && rootId.equals(t.rootId)
        && rootName.equals(t.rootName)
        && units.equals(t.units)
        && accounts.equals(t.accounts);
  }

  @Override
  public int hashCode() {
    return Objects.hash(organizationId, managementAccount, rootId, rootName, units, accounts);
  }

  @Override
  public String toString() {
    return "OrganizationTree["
        + organizationId
        + ", management "
        + managementAccount
        + ", "
        + units.size()
        + " OUs, "
        + accounts.size()
        + " accounts]";
  }
}
