package io.rootctl.apply;

import io.rootctl.model.TaskPolicy;
import io.rootctl.plan.AccountAction;
import java.time.Duration;
import java.util.List;

/**
 * One root session in one account: its task policy, the actions it runs in order, and how long to
 * ask AWS to let it last.
 */
public record SessionStep(TaskPolicy policy, List<AccountAction> actions, Duration duration) {
  public SessionStep {
    actions = List.copyOf(actions);
    if (actions.isEmpty()) {
      throw new IllegalArgumentException("a session step has at least one action");
    }
    for (var action : actions) {
      if (action.requiredPolicy() != policy) {
        throw new IllegalArgumentException(action + " needs " + action.requiredPolicy());
      }
    }
  }
}
