package io.rootctl.control;

import io.rootctl.apply.AccountOutcome;
import io.rootctl.engine.AccountSyncStatus;
import io.rootctl.engine.RunReport;
import io.rootctl.live.RootCredentials;
import io.rootctl.metrics.AccountSyncState;
import io.rootctl.metrics.DriftSnapshot;
import io.rootctl.metrics.PresentKind;
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
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns each run's report into the drift gauges, remembering when each account was first seen
 * drifted (forgotten as soon as it is not). Decides nothing: drifted means the engine planned a
 * change for the account that did not converge.
 *
 * <p>An account a run could not read is never "in sync" and never dropped: its last known standing
 * (drifted or not, with its drift age still counting, and the credentials it held) stays in the
 * snapshot, marked stale by an entry in {@link DriftSnapshot#unreadable()}, until a run reads it
 * again. An account never read since the controller started has no last known standing: it shows
 * only as unreadable. Thread-safe.
 */
public final class DriftTracker {
  private final Map<AccountId, Instant> since = new HashMap<>();
  private final Map<AccountId, Known> known = new HashMap<>();
  private final Map<AccountId, Instant> unreadableSince = new HashMap<>();

  /** An account as a run last read it. */
  private record Known(
      boolean drifted, Instant readAt, Set<PresentKind> present, Set<String> unmet) {}

  /**
   * What is known of an account that the latest run could not read.
   *
   * @param unreadableSince when the first run in a row that could not read it finished
   * @param lastReadAt when the last run that read it finished; empty when no run has read it since
   *     the controller started
   * @param lastKnownDrifted whether it was drifted then; empty with {@code lastReadAt}
   * @param driftedSince when it was first seen drifted, if it was
   */
  public record Stale(
      Instant unreadableSince,
      Optional<Instant> lastReadAt,
      Optional<Boolean> lastKnownDrifted,
      Optional<Instant> driftedSince) {}

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
    var credentials = report.credentialsAfter();
    var rows = new ArrayList<DriftSnapshot.AccountDrift>();
    var drifting = new HashMap<AccountId, Instant>();
    var knownNow = new HashMap<AccountId, Known>();
    var unreadableNow = new HashMap<AccountId, Instant>();
    var unmetNow = new HashMap<AccountId, Set<String>>();
    var unmetRead = new HashMap<AccountId, Set<String>>();
    plan.needsPerson()
        .forEach(
            n ->
                unmetRead
                    .computeIfAbsent(n.account(), k -> new java.util.TreeSet<>())
                    .add(n.kind().yamlName()));
    report
        .accounts()
        .forEach(
            (id, status) -> {
              if (status == AccountSyncStatus.SKIPPED) {
                return;
              }
              var change = changes.get(id);
              var member = tree.account(id);
              var name =
                  change != null
                      ? change.accountName()
                      : member.map(m -> m.name()).orElse(id.value());
              var ou =
                  change != null
                      ? change.ou().toString()
                      : member.map(m -> tree.pathOf(m).toString()).orElse("");
              if (status == AccountSyncStatus.UNREADABLE) {
                // Not read: unknown, never "in sync". Its last known standing stays, stale.
                unreadableNow.put(id, unreadableSince.getOrDefault(id, now));
                var last = known.get(id);
                if (last != null) {
                  knownNow.put(id, last);
                  if (!last.unmet().isEmpty()) {
                    unmetNow.put(id, last.unmet());
                  }
                  var age = Duration.ZERO;
                  if (last.drifted()) {
                    var first = since.getOrDefault(id, last.readAt());
                    drifting.put(id, first);
                    age = Duration.between(first, now);
                  }
                  rows.add(new DriftSnapshot.AccountDrift(id, name, ou, last.drifted(), age));
                }
                return;
              }
              // an unmet requirement that needs a person is drift too (not in sync)
              boolean drifted =
                  change != null && !converged.getOrDefault(id, false)
                      || status == AccountSyncStatus.NEEDS_PERSON;
              var unmet = Set.copyOf(unmetRead.getOrDefault(id, Set.of()));
              if (!unmet.isEmpty()) {
                unmetNow.put(id, unmet);
              }
              Duration age = Duration.ZERO;
              if (drifted) {
                var first = since.getOrDefault(id, now);
                drifting.put(id, first);
                age = Duration.between(first, now);
              }
              var present =
                  Optional.ofNullable(credentials.get(id))
                      .map(DriftTracker::present)
                      .orElse(Set.<PresentKind>of());
              knownNow.put(id, new Known(drifted, now, Set.copyOf(present), unmet));
              rows.add(new DriftSnapshot.AccountDrift(id, name, ou, drifted, age));
            });
    since.clear();
    since.putAll(drifting);
    known.clear();
    known.putAll(knownNow);
    unreadableSince.clear();
    unreadableSince.putAll(unreadableNow);
    var states = new EnumMap<AccountSyncState, Integer>(AccountSyncState.class);
    report.counts().forEach((s, n) -> states.put(AccountSyncState.valueOf(s.name()), n));
    // What was read now, plus what the unreadable accounts held when last read.
    var present = new EnumMap<PresentKind, Integer>(PresentKind.class);
    for (var k : PresentKind.values()) {
      present.put(k, 0);
    }
    credentials
        .values()
        .forEach(c -> present(c).forEach(kind -> present.merge(kind, 1, Integer::sum)));
    unreadableNow.keySet().stream()
        .map(known::get)
        .filter(k -> k != null)
        .forEach(k -> k.present().forEach(kind -> present.merge(kind, 1, Integer::sum)));
    var features = new EnumMap<OrgFeature, Boolean>(OrgFeature.class);
    var enabled = report.live().get().enabledFeatures();
    for (var f : OrgFeature.values()) {
      features.put(f, enabled.contains(f));
    }
    var exceptions = new HashMap<AccountId, DriftSnapshot.ExceptionInfo>();
    report
        .exceptions()
        .forEach(
            (id, e) ->
                exceptions.put(
                    id,
                    new DriftSnapshot.ExceptionInfo(
                        tree.account(id).map(m -> m.name()).orElse(id.value()),
                        e.owner(),
                        e.ticket(),
                        e.expires().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant())));
    var unreadable = new HashMap<AccountId, Duration>();
    unreadableNow.forEach((id, first) -> unreadable.put(id, Duration.between(first, now)));
    return Optional.of(
        new DriftSnapshot(rows, states, present, features, exceptions, unreadable, unmetNow));
  }

  /**
   * The kinds {@code credentials} hold: a login profile ({@code loginProfile}) apart from a console
   * password ({@code password}, only when {@code AccountPasswordPresent} said so).
   */
  static Set<PresentKind> present(RootCredentials credentials) {
    var out = java.util.EnumSet.noneOf(PresentKind.class);
    for (var k : credentials.present()) {
      out.add(
          switch (k) {
            case PASSWORD -> PresentKind.LOGIN_PROFILE;
            case ACCESS_KEYS -> PresentKind.ACCESS_KEYS;
            case SIGNING_CERTIFICATES -> PresentKind.SIGNING_CERTIFICATES;
            case MFA_DEVICES -> PresentKind.MFA_DEVICES;
          });
    }
    if (credentials.passwordPresent().orElse(false)) {
      out.add(PresentKind.PASSWORD);
    }
    return out;
  }

  /** When each currently drifted account was first seen drifted (stale ones included). */
  public synchronized Map<AccountId, Instant> driftedSince() {
    return Map.copyOf(since);
  }

  /** Each account the latest run could not read, with what is known of it. */
  public synchronized Map<AccountId, Stale> unreadable() {
    var out = new HashMap<AccountId, Stale>();
    unreadableSince.forEach(
        (id, first) -> {
          var last = Optional.ofNullable(known.get(id));
          out.put(
              id,
              new Stale(
                  first,
                  last.map(Known::readAt),
                  last.map(Known::drifted),
                  Optional.ofNullable(since.get(id))));
        });
    return Map.copyOf(out);
  }
}
