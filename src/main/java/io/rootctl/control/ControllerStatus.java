package io.rootctl.control;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code /status} shows: the revisions, the mode, the last runs, the drifted accounts with
 * what differs, and the accounts the latest run could not read. A value; the HTTP layer renders it
 * as JSON.
 *
 * @param revision the revision most recently seen in the directory (good or bad)
 * @param lastGoodRevision the revision in force
 * @param mode the mode in force: {@code observe} when forced by {@code --mode observe}, otherwise
 *     the desired state's
 * @param rejected the latest revision that failed to load, while no good one has replaced it
 * @param drifted the accounts the latest run read and found drifted
 * @param unreadable the accounts the latest run could not read (never counted as in sync)
 * @param needsPerson the accounts the latest run read that do not meet a requirement rootctl cannot
 *     meet ({@code mfaDevices: required}): not in sync
 * @param eventSources each event source's name and health, in start order
 * @param rootActivity the latest root activities the event sources saw, newest first
 */
public record ControllerStatus(
    Optional<String> revision,
    Optional<String> lastGoodRevision,
    String mode,
    Optional<LastGoodDesiredState.Rejection> rejected,
    Optional<Instant> nextRunAt,
    List<Run> runs,
    List<DriftedAccount> drifted,
    List<UnreadableAccount> unreadable,
    List<EventSourceState> eventSources,
    List<RootActivityLog.Entry> rootActivity,
    List<NeedsPersonAccount> needsPerson) {

  public ControllerStatus {
    needsPerson = List.copyOf(needsPerson);
    runs = List.copyOf(runs);
    drifted = List.copyOf(drifted);
    unreadable = List.copyOf(unreadable);
    eventSources = List.copyOf(eventSources);
    rootActivity = List.copyOf(rootActivity);
  }

  /** A status without event sources or root activity. */
  public ControllerStatus(
      Optional<String> revision,
      Optional<String> lastGoodRevision,
      String mode,
      Optional<LastGoodDesiredState.Rejection> rejected,
      Optional<Instant> nextRunAt,
      List<Run> runs,
      List<DriftedAccount> drifted,
      List<UnreadableAccount> unreadable) {
    this(
        revision,
        lastGoodRevision,
        mode,
        rejected,
        nextRunAt,
        runs,
        drifted,
        unreadable,
        List.of(),
        List.of(),
        List.of());
  }

  /** A status without accounts that need a person. */
  public ControllerStatus(
      Optional<String> revision,
      Optional<String> lastGoodRevision,
      String mode,
      Optional<LastGoodDesiredState.Rejection> rejected,
      Optional<Instant> nextRunAt,
      List<Run> runs,
      List<DriftedAccount> drifted,
      List<UnreadableAccount> unreadable,
      List<EventSourceState> eventSources,
      List<RootActivityLog.Entry> rootActivity) {
    this(
        revision,
        lastGoodRevision,
        mode,
        rejected,
        nextRunAt,
        runs,
        drifted,
        unreadable,
        eventSources,
        rootActivity,
        List.of());
  }

  /**
   * A member account whose root user does not meet a requirement that only a person can meet.
   *
   * @param requirement the key, {@code mfaDevices}
   * @param value {@code required} or {@code hardware}
   * @param found what the root user holds instead, e.g. {@code no MFA device}
   * @param todo what a person must do
   * @param reason where the requirement comes from (document and file:line:col)
   */
  public record NeedsPersonAccount(
      String accountId,
      String name,
      String ou,
      String ouId,
      String requirement,
      String value,
      String found,
      String todo,
      String reason) {}

  /**
   * One event source.
   *
   * @param reason why it is down, or {@code up}
   */
  public record EventSourceState(String name, boolean up, String reason) {}

  /** One run, as /status lists it. */
  public record Run(
      String runId,
      String revision,
      Instant startedAt,
      double durationSeconds,
      String status,
      String result,
      Map<String, Integer> counts,
      String message,
      List<String> errors) {
    public Run {
      counts = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(counts));
      errors = List.copyOf(errors);
    }
  }

  /**
   * A member account that differs from the desired state after the latest run.
   *
   * @param ou the path of the OU (or root) that holds the account
   * @param ouId the id of that OU ({@code ou-...}) or root ({@code r-...})
   * @param actions what rootctl would do (or failed to do) to converge it
   * @param reasons why, one line per action
   */
  public record DriftedAccount(
      String accountId,
      String name,
      String ou,
      String ouId,
      Optional<Instant> driftedSince,
      List<String> actions,
      List<String> reasons) {
    public DriftedAccount {
      actions = List.copyOf(actions);
      reasons = List.copyOf(reasons);
    }
  }

  /**
   * A member account the latest run could not read: rootctl does not know whether it matches the
   * desired state. What is shown of it besides the reason is stale, from the last run that read it.
   *
   * @param ouId the id of the OU ({@code ou-...}) or root ({@code r-...}) that holds it, empty when
   *     the organization was not read
   * @param reason what failed: the AWS operation, the account, the error code and the request id
   * @param unreadableSince when the first run in a row that could not read it finished
   * @param lastReadAt when a run last read it; empty when none has since the controller started
   * @param lastKnown {@code drifted} or {@code in_sync} as last read (stale), {@code unknown} when
   *     never read
   * @param driftedSince when it was first seen drifted, if it was last known drifted
   */
  public record UnreadableAccount(
      String accountId,
      String name,
      String ou,
      String ouId,
      String reason,
      Instant unreadableSince,
      Optional<Instant> lastReadAt,
      String lastKnown,
      Optional<Instant> driftedSince) {}
}
