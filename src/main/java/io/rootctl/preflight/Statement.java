package io.rootctl.preflight;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One statement of an IAM policy document. Absent {@code Action} and {@code NotAction} are empty
 * lists (a statement has exactly one of them); same for {@code Resource} and {@code NotResource}
 * (an SCP may leave both out, which means every resource).
 *
 * @param sid the {@code Sid}, when written
 * @param deny {@code Effect: Deny}
 * @param conditions operator (e.g. {@code ArnLike}) to key (e.g. {@code aws:PrincipalArn}) to the
 *     values, any of which may match
 */
public record Statement(
    Optional<String> sid,
    boolean deny,
    List<String> actions,
    List<String> notActions,
    List<String> resources,
    List<String> notResources,
    Map<String, Map<String, List<String>>> conditions) {
  public Statement {
    actions = List.copyOf(actions);
    notActions = List.copyOf(notActions);
    resources = List.copyOf(resources);
    notResources = List.copyOf(notResources);
    conditions = Map.copyOf(conditions);
  }
}
