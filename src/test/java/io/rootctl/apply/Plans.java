package io.rootctl.apply;

import io.rootctl.live.Fingerprint;
import io.rootctl.live.LiveState;
import io.rootctl.live.RootCredentials;
import io.rootctl.model.AccountId;
import io.rootctl.model.Mode;
import io.rootctl.plan.AccountAction;
import io.rootctl.plan.AccountChange;
import io.rootctl.plan.AllowPasswordRecovery;
import io.rootctl.plan.DeactivateMfaDevice;
import io.rootctl.plan.DeleteAccessKey;
import io.rootctl.plan.DeleteLoginProfile;
import io.rootctl.plan.DeleteSigningCertificate;
import io.rootctl.plan.OrganizationChange;
import io.rootctl.plan.Plan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Hand-made plans over a live state, standing in for the planner: the executor only needs the
 * actions and the fingerprints they were computed from.
 */
final class Plans {
  static final Instant CREATED = Instant.parse("2026-11-23T09:00:00Z");

  private Plans() {}

  /** Deletes every credential of every readable member account that has any. */
  static Plan deleteEverything(LiveState live) {
    var changes = new ArrayList<AccountChange>();
    for (var entry : new java.util.TreeMap<>(live.roots()).entrySet()) {
      if (entry.getValue() instanceof RootCredentials c && !c.isEmpty()) {
        changes.add(change(live, entry.getKey(), deleteAll(c)));
      }
    }
    return plan(Mode.ENFORCE, Optional.empty(), changes);
  }

  /** The demo organization's expected plan (HELPERS.md). */
  static Plan demo(LiveState live) {
    return plan(
        Mode.ENFORCE,
        Optional.empty(),
        List.of(
            change(live, "333344445555", List.of(new DeleteAccessKey("AKIAEXAMPLEBRKGLS001"))),
            change(
                live,
                "555555555555",
                List.of(
                    new DeleteAccessKey("AKIAEXAMPLEPAYMNT001"),
                    new DeactivateMfaDevice(
                        "arn:aws:iam::555555555555:mfa/root-account-mfa-device", true))),
            change(
                live,
                "666666666666",
                List.of(
                    new DeleteLoginProfile(),
                    new DeleteAccessKey("AKIAEXAMPLESTAGING01"),
                    new DeleteSigningCertificate("ASCAEXAMPLESTAGING01"))),
            change(live, "777777777777", List.of(new AllowPasswordRecovery()))));
  }

  static List<AccountAction> deleteAll(RootCredentials c) {
    var actions = new ArrayList<AccountAction>();
    c.loginProfile().ifPresent(p -> actions.add(new DeleteLoginProfile()));
    c.accessKeys().forEach(k -> actions.add(new DeleteAccessKey(k.id())));
    c.signingCertificates().forEach(s -> actions.add(new DeleteSigningCertificate(s.id())));
    c.mfaDevices()
        .forEach(m -> actions.add(new DeactivateMfaDevice(m.serialNumber(), m.virtual())));
    return actions;
  }

  static AccountChange change(LiveState live, String account, List<AccountAction> actions) {
    return change(live, AccountId.of(account), actions);
  }

  static AccountChange change(LiveState live, AccountId id, List<AccountAction> actions) {
    var observed = (RootCredentials) live.roots().get(id);
    var member = live.tree().account(id).orElseThrow();
    return new AccountChange(
        id,
        member.name(),
        live.tree().pathOf(member),
        member.parentId(),
        Fingerprint.of(observed),
        actions,
        Collections.nCopies(actions.size(), "test plan"));
  }

  static Plan plan(
      Mode mode, Optional<OrganizationChange> organization, List<AccountChange> changes) {
    var deletes =
        changes.stream()
            .flatMap(c -> c.actions().stream())
            .filter(a -> !(a instanceof AllowPasswordRecovery))
            .count();
    var allows = changes.stream().flatMap(c -> c.actions().stream()).count() - deletes;
    var features = organization.map(o -> o.actions().size()).orElse(0);
    return new Plan(
        Plan.FORMAT_VERSION,
        "test",
        CREATED,
        mode,
        organization,
        changes,
        List.of(),
        List.of(),
        List.of());
  }
}
