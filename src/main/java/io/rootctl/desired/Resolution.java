package io.rootctl.desired;

import io.rootctl.model.AccountId;
import java.util.List;
import java.util.Map;

/**
 * What {@link PolicyResolver} gives: a policy per member account (the management account excluded),
 * and the problems found against the live tree (selectors matching nothing, contradictions after
 * inheritance). Any error problem means nothing may be applied.
 */
public record Resolution(Map<AccountId, AccountPolicy> policies, List<Problem> problems) {

  public Resolution {
    policies = Map.copyOf(policies);
    problems = problems.stream().sorted().toList();
  }
}
