package io.rootctl.plan;

import io.rootctl.desired.AccountPolicy;
import io.rootctl.desired.CredentialSetting;
import io.rootctl.desired.DesiredState;
import io.rootctl.desired.FeatureSetting;
import io.rootctl.desired.PolicyResolver;
import io.rootctl.desired.Problem;
import io.rootctl.desired.Resolved;
import io.rootctl.desired.SourceLocation;
import io.rootctl.live.AccessKey;
import io.rootctl.live.AccountState;
import io.rootctl.live.Fingerprint;
import io.rootctl.live.LiveState;
import io.rootctl.live.MemberAccount;
import io.rootctl.live.MfaDevice;
import io.rootctl.live.ObservationFailed;
import io.rootctl.live.OrganizationTree;
import io.rootctl.live.RootCredentials;
import io.rootctl.live.SigningCertificate;
import io.rootctl.model.AccountId;
import io.rootctl.model.CredentialKind;
import io.rootctl.model.Mode;
import io.rootctl.model.OrgFeature;
import io.rootctl.model.OuPath;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Computes a {@link Plan} from the desired and the live state: the rules of rootctl, as a pure
 * function (no I/O, no clock, no logging, no mutable state; safe to share between threads).
 *
 * <p>Organization changes come first: trusted access for {@code iam.amazonaws.com} when any root
 * feature is desired {@code enabled} and it is off (additive, never disabled), then each root
 * feature per its desired value ({@code unmanaged} ones untouched). Then, per member account in id
 * order, the actions in AWS's documented order: DeleteLoginProfile, DeleteAccessKey,
 * DeleteSigningCertificate, DeactivateMFADevice, and AllowPasswordRecovery (CreateLoginProfile)
 * last, after every deletion. The management account, accounts that are not ACTIVE, accounts whose
 * root user could not be read and accounts outside the {@code --target} selection are skipped with
 * the reason. Same inputs, equal plans.
 */
public final class Planner {

  /** The service principal whose trusted access centralized root access needs. */
  public static final String IAM_SERVICE_PRINCIPAL = "iam.amazonaws.com";

  /** Where problems about {@code --target} values are reported. */
  public static final SourceLocation COMMAND_LINE = new SourceLocation("command line", 0, 0);

  /**
   * Plans {@code live} towards {@code desired}. Refused, with every problem, when the desired state
   * does not resolve against the live organization or a target matches nothing; otherwise planned,
   * with the warnings found.
   */
  public PlanOutcome plan(DesiredState desired, LiveState live, PlanningContext ctx) {
    var tree = live.tree();
    var resolution = PolicyResolver.resolve(desired, tree, ctx.today());
    var problems = new ArrayList<Problem>(resolution.problems());
    problems.addAll(checkTargets(ctx.targets(), tree));
    if (problems.stream().anyMatch(Problem::isError)) {
      return new PlanOutcome.Refused(problems);
    }

    var organization = organizationChange(desired, live);
    var changes = new ArrayList<AccountChange>();
    var inSync = new ArrayList<AccountId>();
    var skipped = new ArrayList<Skip>();
    var unreadable = new ArrayList<Unreadable>();
    var needsPerson = new ArrayList<NeedsPerson>();
    for (var account : tree.accounts()) {
      var skip = skipReason(account, live, ctx.targets());
      if (skip.isPresent()) {
        skipped.add(skip.get());
        continue;
      }
      var observation = live.roots().get(account.id());
      if (!(observation instanceof RootCredentials credentials)) {
        // "unknown" is never "nothing there": neither skipped nor in sync
        unreadable.add(
            new Unreadable(
                account.id(),
                account.name(),
                observation instanceof ObservationFailed failed
                    ? failed.reason()
                    : "its root user was not read"));
        continue;
      }
      var policy = resolution.policies().get(account.id());
      if (policy == null) {
        throw new IllegalStateException("no resolved policy for member account " + account.id());
      }
      var change = accountChange(account, tree.pathOf(account), policy, credentials);
      var unmet = unmetRequirement(account, tree.pathOf(account), policy, credentials);
      unmet.ifPresent(needsPerson::add);
      if (!change.actions().isEmpty()) {
        changes.add(change);
        recoveryWarning(policy, credentials, change).ifPresent(problems::add);
      } else if (unmet.isEmpty()) {
        // an unmet requirement is drift without an action: never "in sync"
        inSync.add(account.id());
      }
    }

    var mode = ctx.forceObserve() ? Mode.OBSERVE : desired.organization().mode();
    var plan =
        new Plan(
            Plan.FORMAT_VERSION,
            desired.revision(),
            ctx.createdAt(),
            mode,
            organization,
            changes,
            inSync,
            skipped,
            unreadable,
            needsPerson,
            List.of(),
            List.of());
    return new PlanOutcome.Planned(plan, problems.stream().sorted().toList());
  }

  // --- organization ---------------------------------------------------------------------------

  private static Optional<OrganizationChange> organizationChange(
      DesiredState desired, LiveState live) {
    var org = desired.organization();
    var actions = new ArrayList<OrganizationAction>();
    var reasons = new ArrayList<String>();
    var wanted = EnumSet.noneOf(OrgFeature.class);
    for (var feature : OrgFeature.values()) {
      if (org.features().get(feature) == FeatureSetting.ENABLED) {
        wanted.add(feature);
      }
    }
    if (!wanted.isEmpty() && !live.iamTrustedAccess()) {
      actions.add(new EnableTrustedAccess(IAM_SERVICE_PRINCIPAL));
      reasons.add(
          "trusted access for "
              + IAM_SERVICE_PRINCIPAL
              + " is off, and "
              + String.join(" and ", wanted.stream().map(OrgFeature::yamlName).toList())
              + " must be enabled (Organization document ("
              + org.location()
              + "))");
    }
    for (var feature : OrgFeature.values()) {
      // OrganizationSpec holds a setting for every feature (unmanaged when not written).
      var setting = Objects.requireNonNull(org.features().get(feature));
      var on = live.enabledFeatures().contains(feature);
      var from = " (from Organization document (" + org.location() + "))";
      switch (setting) {
        case ENABLED -> {
          if (!on) {
            actions.add(new EnableRootFeature(feature));
            reasons.add("features." + feature.yamlName() + ": enabled" + from + "; it is off");
          }
        }
        case DISABLED -> {
          if (on) {
            actions.add(new DisableRootFeature(feature));
            reasons.add("features." + feature.yamlName() + ": disabled" + from + "; it is on");
          }
        }
        case UNMANAGED -> {
          // never touch what the desired state does not manage
        }
      }
    }
    return actions.isEmpty()
        ? Optional.empty()
        : Optional.of(new OrganizationChange(actions, reasons));
  }

  // --- accounts -------------------------------------------------------------------------------

  private static Optional<Skip> skipReason(MemberAccount account, LiveState live, Targets targets) {
    var tree = live.tree();
    if (tree.isManagement(account.id())) {
      return skip(
          account,
          SkipReason.MANAGEMENT_ACCOUNT,
          "centralized root access covers member accounts only");
    }
    if (!targets.selects(tree, account)) {
      return skip(account, SkipReason.NOT_TARGETED, "outside --target " + targets);
    }
    if (account.state() != AccountState.ACTIVE) {
      return skip(account, SkipReason.NOT_ACTIVE, "account state is " + account.state());
    }
    return Optional.empty();
  }

  private static Optional<Skip> skip(MemberAccount account, SkipReason reason, String detail) {
    return Optional.of(new Skip(account.id(), account.name(), reason, detail));
  }

  private static AccountChange accountChange(
      MemberAccount account, OuPath ou, AccountPolicy policy, RootCredentials live) {
    var actions = new ArrayList<AccountAction>();
    var reasons = new ArrayList<String>();
    var hasProfile = live.loginProfile().isPresent();
    var recovery = policy.passwordRecovery();
    var allowRecovery = false;
    switch (recovery.value()) {
      case DISABLED -> {
        if (hasProfile) {
          actions.add(new DeleteLoginProfile());
          reasons.add(
              reason("passwordRecovery", recovery.value().yamlName(), recovery) + lapses(recovery));
        }
      }
      case ENABLED -> allowRecovery = !hasProfile; // never deletes an existing login profile
      case UNMANAGED -> {
        if (policy.credential(CredentialKind.PASSWORD) == CredentialSetting.ABSENT && hasProfile) {
          actions.add(new DeleteLoginProfile());
          reasons.add(reason(policy, CredentialKind.PASSWORD));
        }
      }
    }
    if (policy.credential(CredentialKind.ACCESS_KEYS) == CredentialSetting.ABSENT) {
      var why = reason(policy, CredentialKind.ACCESS_KEYS);
      live.accessKeys().stream()
          .map(AccessKey::id)
          .sorted()
          .forEach(
              id -> {
                actions.add(new DeleteAccessKey(id));
                reasons.add(why);
              });
    }
    if (policy.credential(CredentialKind.SIGNING_CERTIFICATES) == CredentialSetting.ABSENT) {
      var why = reason(policy, CredentialKind.SIGNING_CERTIFICATES);
      live.signingCertificates().stream()
          .map(SigningCertificate::id)
          .sorted()
          .forEach(
              id -> {
                actions.add(new DeleteSigningCertificate(id));
                reasons.add(why);
              });
    }
    if (policy.credential(CredentialKind.MFA_DEVICES) == CredentialSetting.ABSENT) {
      var why = reason(policy, CredentialKind.MFA_DEVICES);
      live.mfaDevices().stream()
          .sorted(Comparator.comparing(MfaDevice::serialNumber))
          .forEach(
              device -> {
                actions.add(new DeactivateMfaDevice(device.serialNumber(), device.virtual()));
                reasons.add(why);
              });
    }
    if (allowRecovery) {
      // CreateLoginProfile only after every deletion (AWS allows recovery on a bare root user).
      actions.add(new AllowPasswordRecovery());
      reasons.add(reason("passwordRecovery", recovery.value().yamlName(), recovery));
    }
    return new AccountChange(
        account.id(),
        account.name(),
        ou,
        account.parentId(),
        Fingerprint.of(live),
        actions,
        reasons);
  }

  /**
   * {@code mfaDevices: required} needs at least one MFA device on the root user; {@code hardware}
   * at least one that is not a virtual MFA device (its serial is not a virtual-MFA ARN, see {@link
   * MfaDevice#isVirtualSerial}). rootctl cannot create one, so an unmet requirement is an entry for
   * a person, never an action; the planner never deactivates a device under either.
   */
  private static Optional<NeedsPerson> unmetRequirement(
      MemberAccount account, OuPath ou, AccountPolicy policy, RootCredentials live) {
    var kind = CredentialKind.MFA_DEVICES;
    var setting = Objects.requireNonNull(policy.rootCredentials().get(kind));
    var devices = live.mfaDevices();
    long virtual = devices.stream().filter(MfaDevice::virtual).count();
    Optional<String> unmet =
        switch (setting.value()) {
          case REQUIRED -> devices.isEmpty() ? Optional.of("no MFA device") : Optional.empty();
          case HARDWARE ->
              devices.size() > virtual
                  ? Optional.empty()
                  : Optional.of(
                      devices.isEmpty()
                          ? "no MFA device"
                          : virtual
                              + " virtual MFA device"
                              + (virtual == 1 ? "" : "s")
                              + ", no hardware MFA device or security key");
          case ABSENT, UNMANAGED -> Optional.empty();
        };
    if (unmet.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new NeedsPerson(
            account.id(),
            account.name(),
            ou,
            account.parentId(),
            kind,
            setting.value(),
            unmet.get(),
            reason(policy, kind)));
  }

  /**
   * AWS allows password recovery "only when the member account has no root user credentials": warn
   * when credentials the desired state leaves unmanaged would still be there.
   */
  private static Optional<Problem> recoveryWarning(
      AccountPolicy policy, RootCredentials live, AccountChange change) {
    if (!change.actions().contains(new AllowPasswordRecovery())) {
      return Optional.empty();
    }
    var kept = new ArrayList<String>();
    for (var kind : live.present()) {
      if (kind != CredentialKind.PASSWORD && policy.credential(kind) != CredentialSetting.ABSENT) {
        kept.add(kind.yamlName() + " (" + policy.credential(kind).yamlName() + ")");
      }
    }
    if (kept.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        Problem.warning(
            policy.passwordRecovery().origin().location(),
            "account "
                + policy.account()
                + ": passwordRecovery is enabled, but its root user"
                + " keeps "
                + String.join(", ", kept)
                + "; AWS allows password"
                + " recovery only for a root user without credentials, so CreateLoginProfile may"
                + " fail"));
  }

  private static String reason(AccountPolicy policy, CredentialKind kind) {
    // AccountPolicy holds a setting for every credential kind (its constructor checks).
    var setting = Objects.requireNonNull(policy.rootCredentials().get(kind));
    return reason(kind.yamlName(), setting.value().yamlName(), setting) + lapses(setting);
  }

  /**
   * Why a nearer, more lenient document no longer counts, e.g. {@code "; the exception of account
   * staging expired on 2026-09-30"}, or {@code ""}.
   */
  private static String lapses(Resolved<?> setting) {
    var notes = new ArrayList<String>();
    for (var lapse : setting.lapsed()) {
      notes.add(
          "the exception of " + lapse.document() + " expired on " + lapse.exception().expires());
    }
    return notes.isEmpty() ? "" : "; " + String.join("; ", notes);
  }

  /** E.g. {@code accessKeys: absent (from organization defaults (organization.yaml:9:5))}. */
  private static String reason(String key, String value, Resolved<?> setting) {
    return key + ": " + value + " (from " + setting.origin() + ")";
  }

  // --- targets --------------------------------------------------------------------------------

  private static List<Problem> checkTargets(Targets targets, OrganizationTree tree) {
    var problems = new ArrayList<Problem>();
    for (var target : targets.selection()) {
      switch (target) {
        case Target.Account a -> {
          if (tree.account(a.id()).isEmpty()) {
            problems.add(
                Problem.error(
                    COMMAND_LINE,
                    "--target "
                        + target
                        + ": no such account in organization "
                        + tree.organizationId()));
          } else if (tree.isManagement(a.id())) {
            problems.add(
                Problem.warning(
                    COMMAND_LINE,
                    "--target " + target + " is the management account, which is always skipped"));
          }
        }
        case Target.UnitPath p -> {
          if (!p.path().equals(tree.rootPath()) && tree.unitAt(p.path()).isEmpty()) {
            problems.add(
                Problem.error(
                    COMMAND_LINE,
                    "--target "
                        + target
                        + ": no such OU in organization "
                        + tree.organizationId()));
          } else {
            emptyTarget(target, p.path(), tree).ifPresent(problems::add);
          }
        }
        case Target.UnitId i -> {
          var unit = tree.unit(i.id());
          if (unit.isEmpty()) {
            problems.add(
                Problem.error(
                    COMMAND_LINE,
                    "--target "
                        + target
                        + ": no such OU in organization "
                        + tree.organizationId()));
          } else {
            emptyTarget(target, unit.get().path(), tree).ifPresent(problems::add);
          }
        }
      }
    }
    return problems;
  }

  private static Optional<Problem> emptyTarget(Target target, OuPath path, OrganizationTree tree) {
    var any =
        tree.accounts().stream()
            .anyMatch(a -> !tree.isManagement(a.id()) && tree.pathOf(a).isWithin(path));
    return any
        ? Optional.empty()
        : Optional.of(
            Problem.warning(
                COMMAND_LINE, "--target " + target + " (" + path + ") holds no member accounts"));
  }
}
