package io.rootctl.apply;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What an apply did.
 *
 * @param organization the organization actions' result, when the plan had any
 * @param accounts one outcome per planned account, sorted by account id
 */
public record ApplyResult(
    String runId,
    Instant startedAt,
    Instant finishedAt,
    Optional<OrganizationResult> organization,
    List<AccountOutcome> accounts) {

  public ApplyResult {
    accounts = List.copyOf(accounts);
  }

  /** True when the organization actions and every account converged. */
  public boolean succeeded() {
    return organization.map(OrganizationResult::succeeded).orElse(true)
        && accounts.stream().allMatch(a -> a instanceof AccountOutcome.Converged);
  }

  public List<AccountOutcome.Converged> converged() {
    return accounts.stream()
        .flatMap(
            a ->
                a instanceof AccountOutcome.Converged c
                    ? java.util.stream.Stream.of(c)
                    : java.util.stream.Stream.empty())
        .toList();
  }

  public List<AccountOutcome.Failed> failed() {
    return accounts.stream()
        .flatMap(
            a ->
                a instanceof AccountOutcome.Failed f
                    ? java.util.stream.Stream.of(f)
                    : java.util.stream.Stream.empty())
        .toList();
  }
}
