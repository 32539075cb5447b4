package io.rootctl.apply;

import io.rootctl.live.Fingerprint;
import io.rootctl.live.ObservationFailed;
import io.rootctl.live.RootCredentials;
import io.rootctl.model.AccountId;
import io.rootctl.observe.LiveStateReader;
import io.rootctl.plan.AccountChange;
import io.rootctl.plan.Plan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

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
   * Throws {@link StalePlanException} listing every account whose fingerprint changed. Returns the
   * accounts that could not be re-read (so cannot be confirmed current); the caller must not change
   * those.
   */
  public Map<AccountId, ObservationFailed> verify(Plan plan) {
    var changes = new LinkedHashMap<AccountId, AccountChange>();
    plan.accounts().forEach(c -> changes.put(c.account(), c));
    var fresh = reader.readAccounts(changes.keySet());
    var stale = new ArrayList<StaleAccount>();
    var unreadable = new LinkedHashMap<AccountId, ObservationFailed>();
    for (var entry : fresh.entrySet()) {
      // The reader answers for exactly the accounts it was asked about.
      var planned = Objects.requireNonNull(changes.get(entry.getKey())).basedOn();
      switch (entry.getValue()) {
        case RootCredentials credentials -> {
          var current = Fingerprint.of(credentials);
          if (!current.equals(planned)) {
            stale.add(new StaleAccount(entry.getKey(), planned, current));
          }
        }
        case ObservationFailed failed -> unreadable.put(entry.getKey(), failed);
      }
    }
    if (!stale.isEmpty()) {
      throw new StalePlanException(stale);
    }
    return unreadable;
  }
}
