package io.rootctl.apply;

import io.rootctl.live.Fingerprint;
import io.rootctl.live.ObservationFailed;
import io.rootctl.live.RootCredentials;
import io.rootctl.live.RootObservation;
import io.rootctl.model.AccountId;
import io.rootctl.observe.LiveStateReader;
import io.rootctl.plan.AccountChange;
import io.rootctl.plan.Plan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Refuses a plan that no longer matches the live state. Re-reads every account the plan touches
 * (uncached, one audit session each) and compares the fingerprint of what it finds with the one the
 * plan was computed from.
 */
public final class StalePlanCheck {
  private final LiveStateReader reader;

  public StalePlanCheck(LiveStateReader reader) {
    this.reader = reader;
  }

  /**
   * The accounts {@code plan} changes whose root credentials, as {@code observed} now, differ from
   * the fingerprint the plan was made from. Accounts not in {@code observed}, or not read there,
   * are not stale (the caller handles them). Pure.
   */
  public static List<StaleAccount> changedSince(
      Plan plan, Map<AccountId, ? extends RootObservation> observed) {
    var stale = new ArrayList<StaleAccount>();
    for (var change : plan.accounts()) {
      if (observed.get(change.account()) instanceof RootCredentials credentials) {
        var current = Fingerprint.of(credentials);
        if (!current.equals(change.basedOn())) {
          stale.add(new StaleAccount(change.account(), change.basedOn(), current));
        }
      }
    }
    return stale;
  }

  /**
   * Re-reads every account {@code plan} changes. Throws {@link StalePlanException} listing every
   * account whose fingerprint changed. Returns the accounts that could not be re-read (so cannot be
   * confirmed current); the caller must not change those.
   */
  public Map<AccountId, ObservationFailed> verify(Plan plan) {
    return verify(plan, change -> false);
  }

  /**
   * As {@link #verify(Plan)}, re-reading only the accounts whose change {@code current} does not
   * confirm as still matching the live state (the caller's evidence: a read of it made seconds ago,
   * see {@link ReadLedger#confirms}). Returns the accounts re-read that could not be read.
   */
  public Map<AccountId, ObservationFailed> verify(Plan plan, Predicate<AccountChange> current) {
    var changes = new LinkedHashMap<AccountId, AccountChange>();
    plan.accounts().stream()
        .filter(c -> !current.test(c))
        .forEach(c -> changes.put(c.account(), c));
    var fresh = reader.readAccounts(changes.keySet());
    var stale = changedSince(plan, fresh);
    var unreadable = new LinkedHashMap<AccountId, ObservationFailed>();
    fresh.forEach(
        (id, observation) -> {
          if (observation instanceof ObservationFailed failed) {
            unreadable.put(id, failed);
          }
        });
    if (!stale.isEmpty()) {
      throw new StalePlanException(stale);
    }
    return unreadable;
  }
}
