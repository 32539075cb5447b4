package io.rootctl.control;

import io.rootctl.apply.AccountOutcome;
import io.rootctl.engine.AccountSyncStatus;
import io.rootctl.engine.RunReport;
import io.rootctl.metrics.AccountSyncState;
import io.rootctl.metrics.DriftSnapshot;
import io.rootctl.model.AccountId;
import io.rootctl.model.OrgFeature;
import io.rootctl.plan.AccountChange;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns each run's report into the drift gauges, remembering when each account was first seen
 * drifted (forgotten as soon as it is not). Decides nothing: drifted means the engine planned a
 * change for the account that did not converge. Thread-safe.
 */
public final class DriftTracker {
  private final Map<AccountId, Instant> since = new HashMap<>();

  /**
   * The snapshot for {@code report} at {@code now}; empty when the run saw no plan (the
   * organization could not be read), so the previous gauges stay.
   */
  public synchronized Optional<DriftSnapshot> update(RunReport report, Instant now) {
    if (report.plan().isEmpty() || report.live().isEmpty()) {
      return Optional.empty();
    }
    var plan = report.plan().get();
    var tree = report.live().get().tree();
    var changes =
        plan.accounts().stream()
            .collect(Collectors.toMap(AccountChange::account, Function.identity()));
    var converged = new HashMap<AccountId, Boolean>();
    report
        .apply()
        .ifPresent(
            a ->
                a.accounts()
                    .forEach(
                        o -> converged.put(o.account(), o instanceof AccountOutcome.Converged)));
    var rows = new ArrayList<DriftSnapshot.AccountDrift>();
    var drifting = new HashMap<AccountId, Instant>();
    report
        .accounts()
        .forEach(
            (id, status) -> {
              if (status == AccountSyncStatus.SKIPPED) {
                return;
              }
              var change = changes.get(id);
              boolean drifted = change != null && !converged.getOrDefault(id, false);
              if (status == AccountSyncStatus.FAILED && change == null) {
                return; // could not be read: unknown, not "in sync"
              }
              var member = tree.account(id);
              var name =
                  change != null
                      ? change.accountName()
                      : member.map(m -> m.name()).orElse(id.value());
              var ou =
                  change != null
                      ? change.ou().toString()
                      : member.map(m -> tree.pathOf(m).toString()).orElse("");
              Duration age = Duration.ZERO;
              if (drifted) {
                var first = since.getOrDefault(id, now);
                drifting.put(id, first);
                age = Duration.between(first, now);
              }
              rows.add(new DriftSnapshot.AccountDrift(id, name, ou, drifted, age));
            });
    since.clear();
    since.putAll(drifting);
    var states = new EnumMap<AccountSyncState, Integer>(AccountSyncState.class);
    report.counts().forEach((s, n) -> states.put(AccountSyncState.valueOf(s.name()), n));
    var features = new EnumMap<OrgFeature, Boolean>(OrgFeature.class);
    var enabled = report.live().get().enabledFeatures();
    for (var f : OrgFeature.values()) {
      features.put(f, enabled.contains(f));
    }
    var expiries = new HashMap<AccountId, Instant>();
    report
        .exceptionExpiries()
        .forEach(
            (id, day) ->
                expiries.put(id, day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
    return Optional.of(
        new DriftSnapshot(rows, states, report.credentialsPresent(), features, expiries));
  }

  /** When each currently drifted account was first seen drifted. */
  public synchronized Map<AccountId, Instant> driftedSince() {
    return Map.copyOf(since);
  }
}
