package io.rootctl.metrics;

import io.rootctl.model.AccountId;
import io.rootctl.model.CredentialKind;
import io.rootctl.model.OrgFeature;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one reconcile saw, for the drift gauges. Replaces the previous snapshot whole: accounts no
 * longer listed lose their series.
 *
 * @param accounts per member account read now or before, whether it is drifted and for how long;
 *     for an account the run could not read, its last known standing (stale, see {@code
 *     unreadable})
 * @param states member accounts per sync state
 * @param credentialsPresent accounts whose root user holds each kind
 * @param features each root feature, enabled or not
 * @param exceptionExpiries per account governed by an active exception, when it lapses
 * @param unreadable per member account the run could not read, how long it has been unreadable
 *     (since the first run in a row that could not read it); its row in {@code accounts}, if any,
 *     is stale
 */
public record DriftSnapshot(
    List<AccountDrift> accounts,
    Map<AccountSyncState, Integer> states,
    Map<CredentialKind, Integer> credentialsPresent,
    Map<OrgFeature, Boolean> features,
    Map<AccountId, Instant> exceptionExpiries,
    Map<AccountId, Duration> unreadable) {

  public DriftSnapshot {
    accounts = List.copyOf(accounts);
    states = Map.copyOf(states);
    credentialsPresent = Map.copyOf(credentialsPresent);
    features = Map.copyOf(features);
    exceptionExpiries = Map.copyOf(exceptionExpiries);
    unreadable = Map.copyOf(unreadable);
  }

  /** One account's drift: {@code driftAge} is zero when in sync. */
  public record AccountDrift(
      AccountId account, String name, String ou, boolean drifted, Duration driftAge) {}
}
