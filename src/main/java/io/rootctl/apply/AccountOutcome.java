package io.rootctl.apply;

import io.rootctl.model.AccountId;
import io.rootctl.plan.AccountAction;
import java.util.List;

/**
 * How one account's change ended. A plan that is stale for any account is refused as a whole
 * ({@link StalePlanException}) before anything is written, so staleness is never an account's
 * outcome.
 */
public sealed interface AccountOutcome {

  AccountId account();

  /**
   * Every planned action ran and a fresh audit read shows its effect.
   *
   * @param notes what was tolerated on the way, e.g. a denied DeleteVirtualMFADevice after the
   *     device was deactivated
   */
  record Converged(AccountId account, List<AccountAction> actionsDone, List<String> notes)
      implements AccountOutcome {
    public Converged {
      actionsDone = List.copyOf(actionsDone);
      notes = List.copyOf(notes);
    }
  }

  /**
   * The account did not converge.
   *
   * @param operation the AWS operation that failed ({@code iam:DeleteAccessKey}), or {@code
   *     rootctl:Verify} when every call succeeded but the re-read still shows what was deleted
   * @param errorCode the AWS error code, e.g. {@code AccessDenied}
   * @param requestId the AWS request id; empty when there was none
   * @param message what failed, for whom and why; no secrets
   * @param actionsDone the actions that completed before the failure (not to be repeated)
   */
  record Failed(
      AccountId account,
      String operation,
      String errorCode,
      String requestId,
      String message,
      List<AccountAction> actionsDone)
      implements AccountOutcome {
    public Failed {
      actionsDone = List.copyOf(actionsDone);
    }
  }
}
