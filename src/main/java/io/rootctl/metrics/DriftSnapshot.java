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
 * @param accounts per planned member account, whether it is drifted and for how long
 * @param states member accounts per sync state
 * @param credentialsPresent accounts whose root user holds each kind
 * @param features each root feature, enabled or not
 * @param exceptionExpiries per account governed by an active exception, when it lapses
 */
public record DriftSnapshot(
    List<AccountDrift> accounts,
    Map<AccountSyncState, Integer> states,
    Map<CredentialKind, Integer> credentialsPresent,
    Map<OrgFeature, Boolean> features,
    Map<AccountId, Instant> exceptionExpiries) {

  public DriftSnapshot {
    accounts = List.copyOf(accounts);
    states = Map.copyOf(states);
    credentialsPresent = Map.copyOf(credentialsPresent);
    features = Map.copyOf(features);
    exceptionExpiries = Map.copyOf(exceptionExpiries);
  }

  /** One account's drift: {@code driftAge} is zero when in sync. */
  public record AccountDrift(
      AccountId account, String name, String ou, boolean drifted, Duration driftAge) {}
}
