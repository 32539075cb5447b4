package io.rootctl.apply;

import io.rootctl.plan.OrganizationAction;
import java.util.List;
import java.util.Optional;

/**
 * How the organization actions went. They run in order and stop at the first failure; once all were
 * accepted, a fresh read of the organization must show each one's effect.
 *
 * @param done the actions that succeeded and whose effect a fresh read shows
 * @param notDone the failed action and those after it; or, when every call succeeded, the actions
 *     whose effect the re-read does not show (all of them when the re-read itself failed)
 * @param failure why the first of {@code notDone} failed: the AWS error, or {@code
 *     rootctl:VerifyOrganization} {@code NotConverged} naming what is still off
 */
public record OrganizationResult(
    List<OrganizationAction> done,
    List<OrganizationAction> notDone,
    Optional<ActionFailure> failure) {
  public OrganizationResult {
    done = List.copyOf(done);
    notDone = List.copyOf(notDone);
    if (notDone.isEmpty() == failure.isPresent()) {
      throw new IllegalArgumentException("a failure exactly when some action was not done");
    }
  }

  public boolean succeeded() {
    return failure.isEmpty();
  }
}
