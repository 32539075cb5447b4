package io.rootctl.plan;

import io.rootctl.model.AccountId;
import io.rootctl.model.Mode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything rootctl would change, as a value. Accounts are sorted by id; actions within an account
 * are in execution order. The {@link #summary()} is computed from the parts, never stored, so a
 * plan cannot claim fewer (or more) changes than it holds.
 *
 * @param formatVersion the JSON format version this plan is written in ({@link #FORMAT_VERSION})
 * @param desiredRevision the desired-state revision (git commit or content hash) it was planned
 *     from
 * @param createdAt when it was planned
 * @param mode {@code observe} plans are shown but never applied
 * @param inSync member accounts that were planned for and need nothing
 * @param skipped accounts deliberately left out (management account, not ACTIVE, not targeted)
 * @param unreadable member accounts the plan should cover but could not read: the plan is
 *     incomplete while this is not empty
 * @param needsPerson requirements rootctl cannot meet itself ({@code mfaDevices: required}), one
 *     per account and kind, by account id: drift, never an action; such an account is not in {@code
 *     inSync}
 * @param preflightWarnings the SCP/RCP statements that deny (or may deny) the root sessions of the
 *     planned accounts, found by the preflight when the plan was made; warnings only
 * @param preflightUnreadTargets the roots, OUs and accounts whose policies the preflight could not
 *     read
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
    List<Unreadable> unreadable,
    List<NeedsPerson> needsPerson,
    List<PreflightWarning> preflightWarnings,
    List<PreflightWarning.UnreadTarget> preflightUnreadTargets) {

  /**
   * Version 4 added {@code needsPerson}, {@code preflightWarnings} and {@code
   * preflightUnreadTargets}; version 3 added {@code ouId} beside each account's {@code ou}; version
   * 2 added {@code unreadable}; version 1 counted unreadable accounts as skipped. Only this version
   * is read.
   */
  public static final int FORMAT_VERSION = 4;

  public Plan {
    accounts = List.copyOf(accounts);
    inSync = List.copyOf(inSync);
    skipped = List.copyOf(skipped);
    unreadable = List.copyOf(unreadable);
    needsPerson = List.copyOf(needsPerson);
    preflightWarnings = List.copyOf(preflightWarnings);
    preflightUnreadTargets = List.copyOf(preflightUnreadTargets);
  }

  /** A plan without requirements that need a person and without preflight findings. */
  public Plan(
      int formatVersion,
      String desiredRevision,
      Instant createdAt,
      Mode mode,
      Optional<OrganizationChange> organization,
      List<AccountChange> accounts,
      List<AccountId> inSync,
      List<Skip> skipped,
      List<Unreadable> unreadable) {
    this(
        formatVersion,
        desiredRevision,
        createdAt,
        mode,
        organization,
        accounts,
        inSync,
        skipped,
        unreadable,
        List.of(),
        List.of(),
        List.of());
  }

  /** This plan with the preflight's findings (replacing any it had). */
  public Plan withPreflight(
      List<PreflightWarning> warnings, List<PreflightWarning.UnreadTarget> unreadTargets) {
    return new Plan(
        formatVersion,
        desiredRevision,
        createdAt,
        mode,
        organization,
        accounts,
        inSync,
        skipped,
        unreadable,
        needsPerson,
        warnings,
        unreadTargets);
  }

  /** Whether {@code apply} may run it: enforce mode. */
  public boolean applicable() {
    return mode == Mode.ENFORCE;
  }

  /** Whether the plan holds actions; {@link #needsPerson()} entries are not actions. */
  public boolean hasChanges() {
    return summary().hasChanges();
  }

  /**
   * Whether anything differs from the desired state: actions, or requirements that need a person.
   * What {@code plan --detailed-exitcode} exits 2 for.
   */
  public boolean hasDrift() {
    return hasChanges() || !needsPerson.isEmpty();
  }

  /** Whether every account the plan should cover was read: no {@link #unreadable()} account. */
  public boolean complete() {
    return unreadable.isEmpty();
  }

  /** The counts, computed from the organization change, the accounts and the lists. */
  public PlanSummary summary() {
    return PlanSummary.of(
        organization,
        accounts,
        inSync.size(),
        skipped.size(),
        unreadable.size(),
        (int) needsPerson.stream().map(NeedsPerson::account).distinct().count());
  }
}
