package io.rootctl.apply;

import io.rootctl.plan.OrganizationAction;
import java.util.List;
import java.util.Optional;

/**
 * How the organization actions went. They run in order and stop at the first failure.
 *
 * @param done the actions that succeeded
 * @param notDone the failed action and those after it
 * @param failure why the first of {@code notDone} failed
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
