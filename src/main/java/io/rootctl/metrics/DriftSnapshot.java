package io.rootctl.metrics;

import io.rootctl.model.AccountId;
import io.rootctl.model.OrgFeature;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one reconcile saw, for the drift gauges. Replaces the previous snapshot whole: accounts no
 * longer listed lose their series.
 *
 * @param accounts per member account read now or before, whether it is drifted and for how long;
 *     for an account the run could not read, its last known standing (stale, see {@code
 *     unreadable})
 * @param states member accounts per sync state
 * @param credentialsPresent accounts whose root user holds each kind (a login profile and a console
 *     password counted apart)
 * @param features each root feature, enabled or not
 * @param exceptions per account governed by an active exception, the one that lapses first
 * @param unreadable per member account the run could not read, how long it has been unreadable
 *     (since the first run in a row that could not read it); its row in {@code accounts}, if any,
 *     is stale
 * @param requirementsUnmet per member account, the requirements it does not meet that need a person
 *     ({@code mfaDevices}); for an unreadable account, as last read
 */
public record DriftSnapshot(
    List<AccountDrift> accounts,
    Map<AccountSyncState, Integer> states,
    Map<PresentKind, Integer> credentialsPresent,
    Map<OrgFeature, Boolean> features,
    Map<AccountId, ExceptionInfo> exceptions,
    Map<AccountId, Duration> unreadable,
    Map<AccountId, java.util.Set<String>> requirementsUnmet) {

  public DriftSnapshot {
    accounts = List.copyOf(accounts);
    states = Map.copyOf(states);
    credentialsPresent = Map.copyOf(credentialsPresent);
    features = Map.copyOf(features);
    exceptions = Map.copyOf(exceptions);
    unreadable = Map.copyOf(unreadable);
    var unmet = new HashMap<AccountId, java.util.Set<String>>();
    requirementsUnmet.forEach((id, r) -> unmet.put(id, java.util.Set.copyOf(r)));
    requirementsUnmet = Map.copyOf(unmet);
  }

  /** A snapshot without unmet requirements. */
  public DriftSnapshot(
      List<AccountDrift> accounts,
      Map<AccountSyncState, Integer> states,
      Map<PresentKind, Integer> credentialsPresent,
      Map<OrgFeature, Boolean> features,
      Map<AccountId, ExceptionInfo> exceptions,
      Map<AccountId, Duration> unreadable) {
    this(accounts, states, credentialsPresent, features, exceptions, unreadable, Map.of());
  }

  /** Per account with an active exception, when it lapses. */
  public Map<AccountId, Instant> exceptionExpiries() {
    var out = new HashMap<AccountId, Instant>();
    exceptions.forEach((id, e) -> out.put(id, e.lapsesAt()));
    return Map.copyOf(out);
  }

  /** One account's drift: {@code driftAge} is zero when in sync. */
  public record AccountDrift(
      AccountId account, String name, String ou, boolean drifted, Duration driftAge) {}

  /**
   * An active policy exception, for the {@code rootctl_exception_info} series.
   *
   * @param accountName the account's name in AWS Organizations
   * @param owner who answers for the exception (desired state {@code exception.owner})
   * @param ticket the change ticket, if the exception names one
   * @param lapsesAt the first instant the exception no longer holds (the start of the day after
   *     {@code expires}, UTC)
   */
  public record ExceptionInfo(
      String accountName, String owner, Optional<String> ticket, Instant lapsesAt) {}
}
