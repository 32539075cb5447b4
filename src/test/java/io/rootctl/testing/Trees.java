package io.rootctl.testing;

import io.rootctl.live.AccountState;
import io.rootctl.live.MemberAccount;
import io.rootctl.live.OrganizationTree;
import io.rootctl.live.OrganizationalUnit;
import io.rootctl.model.AccountId;
import io.rootctl.model.OuId;
import io.rootctl.model.OuPath;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Organization trees for tests: the shared demo organization, or one built OU by OU. */
public final class Trees {
  public static final String ROOT_ID = "r-ex12";

  private Trees() {}

  /** The demo organization of HELPERS.md (o-exampleorg1, management 111111111111). */
  public static OrganizationTree demo() {
    return builder("111111111111")
        .ou("ou-ex12-aaaaaaa1", "/Root/Security")
        .ou("ou-ex12-aaaaaaa2", "/Root/Workloads")
        .ou("ou-ex12-aaaaaaa3", "/Root/Workloads/Prod")
        .ou("ou-ex12-aaaaaaa4", "/Root/Workloads/NonProd")
        .ou("ou-ex12-aaaaaaa5", "/Root/Sandbox")
        .ou("ou-ex12-aaaaaaa6", "/Root/Suspended")
        .account("111111111111", "management", "/Root")
        .account("222222222222", "log-archive", "/Root/Security")
        .account("333344445555", "break-glass", "/Root/Security")
        .account("444444444444", "audit", "/Root/Security")
        .account("555555555555", "prod-payments", "/Root/Workloads/Prod")
        .account("555555555556", "prod-web", "/Root/Workloads/Prod")
        .account("999999999999", "data-lake", "/Root/Workloads/Prod")
        .account("666666666666", "staging", "/Root/Workloads/NonProd")
        .account("777777777777", "sandbox-alice", "/Root/Sandbox")
        .account("777777777778", "sandbox-bob", "/Root/Sandbox")
        .suspended("888888888888", "old-project", "/Root/Suspended")
        .build();
  }

  public static Builder builder(String managementAccount) {
    return new Builder(managementAccount);
  }

  /**
   * Adds OUs (parents first) and accounts by path; the root is {@code /Root}, id {@code r-ex12}.
   */
  public static final class Builder {
    private final String management;
    private final Map<OuPath, String> idsByPath = new HashMap<>();
    private final List<OrganizationalUnit> units = new ArrayList<>();
    private final List<MemberAccount> accounts = new ArrayList<>();

    private Builder(String management) {
      this.management = management;
      idsByPath.put(OuPath.root("Root"), ROOT_ID);
    }

    public Builder ou(String id, String path) {
      var p = OuPath.parse(path);
      var parent = idsByPath.get(p.parent().orElseThrow());
      if (parent == null) {
        throw new IllegalArgumentException("add the parent of " + path + " first");
      }
      idsByPath.put(p, id);
      units.add(new OrganizationalUnit(OuId.of(id), p.name(), parent, p));
      return this;
    }

    public Builder account(String id, String name, String path) {
      return add(id, name, path, AccountState.ACTIVE);
    }

    public Builder suspended(String id, String name, String path) {
      return add(id, name, path, AccountState.SUSPENDED);
    }

    private Builder add(String id, String name, String path, AccountState state) {
      var parent = idsByPath.get(OuPath.parse(path));
      if (parent == null) {
        throw new IllegalArgumentException("no OU at " + path);
      }
      accounts.add(new MemberAccount(AccountId.of(id), name, name + "@example.com", state, parent));
      return this;
    }

    public OrganizationTree build() {
      return new OrganizationTree(
          "o-exampleorg1", AccountId.of(management), ROOT_ID, "Root", units, accounts);
    }
  }
}
