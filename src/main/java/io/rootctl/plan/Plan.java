package io.rootctl.plan;

import io.rootctl.model.AccountId;
import io.rootctl.model.Mode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything rootctl would change, as a value. Accounts are sorted by id; actions within an account
 * are in execution order.
 *
 * @param formatVersion the JSON format version this plan is written in ({@link #FORMAT_VERSION})
 * @param desiredRevision the desired-state revision (git commit or content hash) it was planned
 *     from
 * @param createdAt when it was planned
 * @param mode {@code observe} plans are shown but never applied
 * @param inSync member accounts that were planned for and need nothing
 */
public record Plan(
    int formatVersion,
    String desiredRevision,
    Instant createdAt,
    Mode mode,
    Optional<OrganizationChange> organization,
    List<AccountChange> accounts,
    List<AccountId> inSync,
    List<Skip> skipped,
    PlanSummary summary) {

  public static final int FORMAT_VERSION = 1;

  public Plan {
    accounts = List.copyOf(accounts);
    inSync = List.copyOf(inSync);
    skipped = List.copyOf(skipped);
  }

  /** Whether {@code apply} may run it: enforce mode. */
  public boolean applicable() {
    return mode == Mode.ENFORCE;
  }

  public boolean hasChanges() {
    return summary.hasChanges();
  }
}
