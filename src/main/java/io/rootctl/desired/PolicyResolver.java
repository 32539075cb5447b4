package io.rootctl.desired;

import io.rootctl.live.MemberAccount;
import io.rootctl.live.OrganizationTree;
import io.rootctl.model.AccountId;
import io.rootctl.model.CredentialKind;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Gives each member account its effective policy, field by field: the Account document, else the
 * nearest OU document on its path (deepest first), else the Organization defaults (strict where
 * unwritten). A document whose exception has expired (today after {@code expires}) loses its
 * relaxations; its stricter settings still apply, and each resolved field lists the relaxations it
 * passed over ({@link Resolved#lapsed()}), so no caller has to walk the documents again. Pure: the
 * tree and today's date are parameters.
 */
public final class PolicyResolver {

  private PolicyResolver() {}

  /** One of the five fields a document can set. */
  public enum Field {
    PASSWORD(CredentialKind.PASSWORD),
    ACCESS_KEYS(CredentialKind.ACCESS_KEYS),
    SIGNING_CERTIFICATES(CredentialKind.SIGNING_CERTIFICATES),
    MFA_DEVICES(CredentialKind.MFA_DEVICES),
    PASSWORD_RECOVERY(null);

    private final @Nullable CredentialKind kind;

    Field(@Nullable CredentialKind kind) {
      this.kind = kind;
    }

    /** The credential kind this field sets; empty for {@code passwordRecovery}. */
    public Optional<CredentialKind> credentialKind() {
      return Optional.ofNullable(kind);
    }

    /** The YAML key, e.g. {@code rootCredentials.accessKeys} or {@code passwordRecovery}. */
    public String yamlPath() {
      return kind == null ? "passwordRecovery" : "rootCredentials." + kind.yamlName();
    }
  }

  /**
   * The fields in which {@code settings} is less strict than the organization defaults (absent &gt;
   * unmanaged; disabled &gt; enabled &gt; unmanaged). Such a document needs an {@code exception}.
   */
  public static List<Field> relaxations(OrganizationSpec org, PolicySettings settings) {
    var relaxed = new ArrayList<Field>();
    for (var kind : CredentialKind.values()) {
      var v = settings.rootCredentials().get(kind);
      if (v != null && v.value().strictness() < org.defaultFor(kind).strictness()) {
        relaxed.add(fieldOf(kind));
      }
    }
    settings
        .passwordRecovery()
        .filter(v -> v.value().strictness() < org.defaultRecovery().strictness())
        .ifPresent(v -> relaxed.add(Field.PASSWORD_RECOVERY));
    return relaxed;
  }

  /** Resolves every account of {@code tree} but the management account. */
  public static Resolution resolve(DesiredState desired, OrganizationTree tree, LocalDate today) {
    var problems = new ArrayList<Problem>();
    var org = desired.organization();

    Map<String, OuSpec> unitSpecsByOuId = new HashMap<>();
    for (var spec : desired.units()) {
      var unit =
          switch (spec.selector()) {
            case OuSelector.ByPath p -> tree.unitAt(p.path());
            case OuSelector.ById i -> tree.unit(i.id());
          };
      if (unit.isEmpty()) {
        problems.add(
            Problem.error(
                spec.location(),
                "OU "
                    + spec.selector()
                    + " (document '"
                    + spec.name()
                    + "') does not exist in organization "
                    + tree.organizationId()));
        continue;
      }
      var previous = unitSpecsByOuId.putIfAbsent(unit.get().id().value(), spec);
      if (previous != null) {
        problems.add(
            Problem.error(
                spec.location(),
                "OU document '"
                    + spec.name()
                    + "' selects "
                    + unit.get().path()
                    + " ("
                    + unit.get().id()
                    + "), already selected by '"
                    + previous.name()
                    + "' at "
                    + previous.location()));
      }
    }

    Map<AccountId, AccountSpec> accountSpecs = new HashMap<>();
    for (var spec : desired.accounts()) {
      if (tree.account(spec.account()).isEmpty()) {
        problems.add(
            Problem.error(
                spec.location(),
                "account "
                    + spec.account()
                    + " (document '"
                    + spec.name()
                    + "') is not in organization "
                    + tree.organizationId()));
      } else if (tree.isManagement(spec.account())) {
        problems.add(
            Problem.error(
                spec.location(),
                "account "
                    + spec.account()
                    + " (document '"
                    + spec.name()
                    + "') is the management account, which centralized root access does not"
                    + " cover; remove the document"));
      } else {
        accountSpecs.put(spec.account(), spec);
      }
    }

    var policies = new LinkedHashMap<AccountId, AccountPolicy>();
    for (var account : tree.accounts()) {
      if (tree.isManagement(account.id())) {
        continue;
      }
      var layers = layersFor(account, tree, accountSpecs, unitSpecsByOuId, org);
      var policy = resolveAccount(account.id(), layers, org, today);
      policies.put(account.id(), policy);
      contradiction(policy).ifPresent(problems::add);
    }
    return new Resolution(policies, problems);
  }

  /** A document that may set fields for an account, nearest first. */
  private record Layer(
      String description,
      SourceLocation location,
      PolicySettings settings,
      Optional<PolicyException> exception) {}

  private static List<Layer> layersFor(
      MemberAccount account,
      OrganizationTree tree,
      Map<AccountId, AccountSpec> accountSpecs,
      Map<String, OuSpec> unitSpecs,
      OrganizationSpec org) {
    var layers = new ArrayList<Layer>();
    var own = accountSpecs.get(account.id());
    if (own != null) {
      layers.add(
          new Layer("account " + own.name(), own.location(), own.settings(), own.exception()));
    }
    var ancestry = tree.ancestry(account);
    for (int i = ancestry.size() - 1; i >= 0; i--) {
      var spec = unitSpecs.get(ancestry.get(i).id().value());
      if (spec != null) {
        layers.add(
            new Layer(
                "OU " + ancestry.get(i).path(),
                spec.location(),
                spec.settings(),
                spec.exception()));
      }
    }
    layers.add(
        new Layer("organization defaults", org.location(), org.defaults(), Optional.empty()));
    return layers;
  }

  private static AccountPolicy resolveAccount(
      AccountId id, List<Layer> layers, OrganizationSpec org, LocalDate today) {
    var used = new LinkedHashMap<SourceLocation, PolicyException>();
    var credentials =
        new EnumMap<CredentialKind, Resolved<CredentialSetting>>(CredentialKind.class);
    for (var kind : CredentialKind.values()) {
      credentials.put(
          kind,
          resolveField(
              layers,
              layer -> Optional.ofNullable(layer.settings().rootCredentials().get(kind)),
              v -> v.strictness() < org.defaultFor(kind).strictness(),
              CredentialSetting.ABSENT,
              org,
              today,
              used));
    }
    var recovery =
        resolveField(
            layers,
            layer -> layer.settings().passwordRecovery(),
            v -> v.strictness() < org.defaultRecovery().strictness(),
            RecoverySetting.DISABLED,
            org,
            today,
            used);
    return new AccountPolicy(id, credentials, recovery, List.copyOf(used.values()));
  }

  /**
   * One field: the nearest layer that writes it, except that a relaxation whose exception does not
   * hold today is passed over (and recorded as lapsed, with its exception) for the next layer;
   * {@code fallback} from the organization defaults when no layer writes it. The exceptions whose
   * relaxations are used go into {@code used}.
   */
  private static <T> Resolved<T> resolveField(
      List<Layer> layers,
      Function<Layer, Optional<Located<T>>> written,
      Predicate<T> relaxes,
      T fallback,
      OrganizationSpec org,
      LocalDate today,
      Map<SourceLocation, PolicyException> used) {
    var lapsed = new ArrayList<LapsedException>();
    for (var layer : layers) {
      var v = written.apply(layer);
      if (v.isEmpty()) {
        continue;
      }
      boolean relaxing = relaxes.test(v.get().value());
      if (relaxing && !holds(layer, today)) {
        // lapsed: inherit from the next layer
        layer.exception().ifPresent(e -> lapsed.add(new LapsedException(layer.description(), e)));
        continue;
      }
      if (relaxing) {
        layer.exception().ifPresent(e -> used.put(e.location(), e));
      }
      return new Resolved<>(
          v.get().value(), new Origin(layer.description(), v.get().location()), lapsed);
    }
    return new Resolved<>(fallback, new Origin("organization defaults", org.location()), lapsed);
  }

  /** A layer's relaxations hold only with an exception that has not expired. */
  private static boolean holds(Layer layer, LocalDate today) {
    return layer.exception().map(e -> e.isActiveOn(today)).orElse(false);
  }

  private static Optional<Problem> contradiction(AccountPolicy policy) {
    var recovery = policy.passwordRecovery();
    var password = Objects.requireNonNull(policy.rootCredentials().get(CredentialKind.PASSWORD));
    if (recovery.value() == RecoverySetting.DISABLED
        && password.value() == CredentialSetting.UNMANAGED) {
      return Optional.of(
          Problem.error(
              password.origin().location(),
              "account "
                  + policy.account()
                  + ": passwordRecovery is disabled (from "
                  + recovery.origin()
                  + ") but rootCredentials.password is unmanaged (from "
                  + password.origin()
                  + "); deleting the login profile would delete the password."
                  + " Set passwordRecovery: unmanaged beside password: unmanaged"));
    }
    return Optional.empty();
  }

  private static Field fieldOf(CredentialKind kind) {
    return switch (kind) {
      case PASSWORD -> Field.PASSWORD;
      case ACCESS_KEYS -> Field.ACCESS_KEYS;
      case SIGNING_CERTIFICATES -> Field.SIGNING_CERTIFICATES;
      case MFA_DEVICES -> Field.MFA_DEVICES;
    };
  }
}
