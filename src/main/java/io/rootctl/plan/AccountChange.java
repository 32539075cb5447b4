package io.rootctl.plan;

import io.rootctl.live.Fingerprint;
import io.rootctl.model.AccountId;
import io.rootctl.model.OuPath;
import java.util.List;

/**
 * The actions for one member account, in AWS's documented order, and the fingerprint of the root
 * credentials they were computed from (a saved plan is refused if it changed).
 *
 * @param ou the path of the OU (or root) that holds the account, for display and metrics
 * @param ouId the id of that OU ({@code ou-...}) or root ({@code r-...}), which survives a rename
 *     or a move
 * @param reasons one line per action, same order, e.g. "accessKeys: absent (organization
 *     defaults)"; for humans only
 */
public record AccountChange(
    AccountId account,
    String accountName,
    OuPath ou,
    String ouId,
    Fingerprint basedOn,
    List<AccountAction> actions,
    List<String> reasons)
    implements Change {
  public AccountChange {
    actions = List.copyOf(actions);
    reasons = List.copyOf(reasons);
  }
}
