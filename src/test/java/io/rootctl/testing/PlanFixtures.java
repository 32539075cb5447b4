package io.rootctl.testing;

import io.rootctl.desired.AccountSpec;
import io.rootctl.desired.CredentialSetting;
import io.rootctl.desired.DesiredState;
import io.rootctl.desired.FeatureSetting;
import io.rootctl.desired.Located;
import io.rootctl.desired.OrganizationSpec;
import io.rootctl.desired.OuSelector;
import io.rootctl.desired.OuSpec;
import io.rootctl.desired.PolicyException;
import io.rootctl.desired.PolicySettings;
import io.rootctl.desired.RecoverySetting;
import io.rootctl.desired.SourceLocation;
import io.rootctl.live.AccessKey;
import io.rootctl.live.AccountState;
import io.rootctl.live.LiveState;
import io.rootctl.live.LoginProfile;
import io.rootctl.live.MemberAccount;
import io.rootctl.live.MfaDevice;
import io.rootctl.live.ObservationFailed;
import io.rootctl.live.OrganizationTree;
import io.rootctl.live.OrganizationalUnit;
import io.rootctl.live.RootCredentials;
import io.rootctl.live.RootObservation;
import io.rootctl.live.SigningCertificate;
import io.rootctl.model.AccountId;
import io.rootctl.model.CredentialKind;
import io.rootctl.model.Mode;
import io.rootctl.model.OrgFeature;
import io.rootctl.model.OuId;
import io.rootctl.model.OuPath;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Small fluent builders for planner inputs: a live organization ({@link #org()}, {@link
 * #account(String)}) and a desired state ({@link #desired()}), plus the demo organization of
 * HELPERS.md ({@link #demoLive()}, {@link #demoDesired()}).
 */
public final class PlanFixtures {
  private PlanFixtures() {}

  static final Instant T0 = Instant.parse("2024-01-15T10:00:00Z");

  public static final String MANAGEMENT = "111111111111";

  // --- live ------------------------------------------------------------------------------------

  /** An organization o-test with management account 111111111111, all on, trusted access on. */
  public static OrgBuilder org() {
    return new OrgBuilder();
  }

  /** An ACTIVE member account directly under the root, whose root user holds nothing. */
  public static AccountBuilder account(String id) {
    return new AccountBuilder(id);
  }

  /** Builds a {@link LiveState}. */
  public static final class OrgBuilder {
    private String organizationId = "o-test";
    private String rootId = "r-test";
    private String management = MANAGEMENT;
    private final Map<OuPath, OrganizationalUnit> units = new LinkedHashMap<>();
    private final List<AccountBuilder> accounts = new ArrayList<>();
    private Set<OrgFeature> features = EnumSet.allOf(OrgFeature.class);
    private boolean trustedAccess = true;

    public OrgBuilder organizationId(String id, String rootId) {
      this.organizationId = id;
      this.rootId = rootId;
      return this;
    }

    public OrgBuilder management(String id) {
      this.management = id;
      return this;
    }

    /** Adds the OU at {@code path} (and its parents) with a generated id. */
    public OrgBuilder ou(String path) {
      unitAt(OuPath.parse(path), null);
      return this;
    }

    /** Adds the OU at {@code path} (and its parents) with {@code id}. */
    public OrgBuilder ou(String path, String id) {
      unitAt(OuPath.parse(path), id);
      return this;
    }

    public OrgBuilder features(OrgFeature... enabled) {
      this.features = enabled.length == 0 ? Set.of() : EnumSet.copyOf(List.of(enabled));
      return this;
    }

    public OrgBuilder trustedAccess(boolean enabled) {
      this.trustedAccess = enabled;
      return this;
    }

    public OrgBuilder with(AccountBuilder... accounts) {
      this.accounts.addAll(List.of(accounts));
      return this;
    }

    public OrganizationTree tree() {
      var members = new ArrayList<MemberAccount>();
      if (accounts.stream().noneMatch(a -> a.id.equals(management))) {
        members.add(
            new MemberAccount(
                AccountId.of(management),
                "management",
                "root@example.com",
                AccountState.ACTIVE,
                rootId));
      }
      for (var a : accounts) {
        var parent = a.ou == null ? rootId : unitAt(OuPath.parse(a.ou), null).id().value();
        members.add(
            new MemberAccount(
                AccountId.of(a.id), a.name, a.name + "@example.com", a.state, parent));
      }
      return new OrganizationTree(
          organizationId,
          AccountId.of(management),
          rootId,
          "Root",
          List.copyOf(units.values()),
          members);
    }

    public LiveState live() {
      var tree = tree();
      var roots = new LinkedHashMap<AccountId, RootObservation>();
      if (accounts.stream().noneMatch(a -> a.id.equals(management))) {
        roots.put(AccountId.of(management), RootCredentials.none());
      }
      for (var a : accounts) {
        a.observation().ifPresent(o -> roots.put(AccountId.of(a.id), o));
      }
      return new LiveState(tree, features, trustedAccess, roots);
    }

    private OrganizationalUnit unitAt(OuPath path, String id) {
      var existing = units.get(path);
      if (existing != null) {
        return existing;
      }
      if (path.depth() == 0) {
        throw new IllegalArgumentException("the root is not an OU: " + path);
      }
      var parentPath = path.parent().orElseThrow();
      var parentId = parentPath.depth() == 0 ? rootId : unitAt(parentPath, null).id().value();
      var ouId = id != null ? id : String.format("ou-test-%08d", units.size() + 1);
      var unit = new OrganizationalUnit(OuId.of(ouId), path.name(), parentId, path);
      units.put(path, unit);
      return unit;
    }
  }

  /** One member account and what its root user holds. */
  public static final class AccountBuilder {
    private final String id;
    private String name;
    private String ou;
    private AccountState state = AccountState.ACTIVE;
    private Optional<LoginProfile> loginProfile = Optional.empty();
    private Optional<Boolean> passwordPresent = Optional.of(false);
    private final List<AccessKey> keys = new ArrayList<>();
    private final List<SigningCertificate> certificates = new ArrayList<>();
    private final List<MfaDevice> mfa = new ArrayList<>();
    private String failure;
    private boolean observed = true;

    AccountBuilder(String id) {
      this.id = id;
      this.name = "account-" + id;
    }

    public AccountBuilder named(String name) {
      this.name = name;
      return this;
    }

    /** Places the account in the OU at {@code path} (created if needed). */
    public AccountBuilder in(String path) {
      this.ou = path;
      return this;
    }

    public AccountBuilder state(AccountState state) {
      this.state = state;
      return this;
    }

    /** A login profile with a password set. */
    public AccountBuilder withPassword() {
      loginProfile = Optional.of(new LoginProfile(T0, false));
      passwordPresent = Optional.of(true);
      return this;
    }

    /** A login profile without a password: password recovery allowed, nothing set. */
    public AccountBuilder withRecoveryAllowed() {
      loginProfile = Optional.of(new LoginProfile(T0, false));
      passwordPresent = Optional.of(false);
      return this;
    }

    public AccountBuilder withAccessKey(String id) {
      return withAccessKey(id, "Active");
    }

    public AccountBuilder withAccessKey(String id, String status) {
      keys.add(new AccessKey(id, status, T0, Optional.empty()));
      return this;
    }

    public AccountBuilder withSigningCertificate(String id) {
      certificates.add(new SigningCertificate(id, "Active", T0));
      return this;
    }

    /** An MFA device; virtual when the serial is an {@code arn:...:mfa/...}. */
    public AccountBuilder withMfaDevice(String serial) {
      mfa.add(new MfaDevice(serial, MfaDevice.isVirtualSerial(serial), T0));
      return this;
    }

    /** The root user could not be read, because {@code reason}. */
    public AccountBuilder unreadable(String reason) {
      this.failure = reason;
      return this;
    }

    /** Not in {@link LiveState#roots()} at all. */
    public AccountBuilder notObserved() {
      this.observed = false;
      return this;
    }

    public RootCredentials credentials() {
      return new RootCredentials(loginProfile, passwordPresent, keys, certificates, mfa);
    }

    Optional<RootObservation> observation() {
      if (!observed) {
        return Optional.empty();
      }
      return Optional.of(failure != null ? new ObservationFailed(failure, false) : credentials());
    }
  }

  // --- desired ---------------------------------------------------------------------------------

  /**
   * Organization document: enforce, both features enabled, defaults absent / recovery disabled
   * (written at organization.yaml), no guard.
   */
  public static DesiredBuilder desired() {
    return new DesiredBuilder();
  }

  /** The settings of one document, and its exception. */
  public static final class Doc {
    private final String file;
    private int line = 2;
    private final Map<CredentialKind, Located<CredentialSetting>> credentials =
        new EnumMap<>(CredentialKind.class);
    private Optional<Located<RecoverySetting>> recovery = Optional.empty();
    private Optional<PolicyException> exception = Optional.empty();

    Doc(String file) {
      this.file = file;
    }

    private SourceLocation next() {
      return new SourceLocation(file, ++line, 5);
    }

    public Doc set(CredentialKind kind, CredentialSetting setting) {
      credentials.put(kind, new Located<>(setting, next()));
      return this;
    }

    /** The {@code rootCredentials: absent|unmanaged} shorthand. */
    public Doc all(CredentialSetting setting) {
      var at = next();
      for (var kind : CredentialKind.values()) {
        credentials.put(kind, new Located<>(setting, at));
      }
      return this;
    }

    public Doc recovery(RecoverySetting setting) {
      recovery = Optional.of(new Located<>(setting, next()));
      return this;
    }

    public Doc exceptionUntil(LocalDate expires) {
      exception =
          Optional.of(
              new PolicyException(
                  "test exception", "owner@example.com", Optional.of("SEC-1"), expires, next()));
      return this;
    }

    PolicySettings settings() {
      return new PolicySettings(credentials, recovery);
    }
  }

  /** Builds a {@link DesiredState}. */
  public static final class DesiredBuilder {
    private String revision = "rev-test";
    private Mode mode = Mode.ENFORCE;
    private final Map<OrgFeature, FeatureSetting> features = new EnumMap<>(OrgFeature.class);
    private final Doc defaults = new Doc("organization.yaml");
    private OptionalInt maxActions = OptionalInt.empty();
    private final List<OuSpec> units = new ArrayList<>();
    private final List<AccountSpec> accounts = new ArrayList<>();

    DesiredBuilder() {
      for (var f : OrgFeature.values()) {
        features.put(f, FeatureSetting.ENABLED);
      }
      defaults.all(CredentialSetting.ABSENT).recovery(RecoverySetting.DISABLED);
    }

    public DesiredBuilder revision(String revision) {
      this.revision = revision;
      return this;
    }

    public DesiredBuilder mode(Mode mode) {
      this.mode = mode;
      return this;
    }

    public DesiredBuilder feature(OrgFeature feature, FeatureSetting setting) {
      features.put(feature, setting);
      return this;
    }

    public DesiredBuilder maxActionsPerRun(int max) {
      maxActions = OptionalInt.of(max);
      return this;
    }

    /** Changes the organization defaults. */
    public DesiredBuilder defaults(UnaryOperator<Doc> settings) {
      var unused = settings.apply(defaults); // changes defaults in place
      return this;
    }

    /** An OrganizationalUnit document selecting {@code pathOrId}. */
    public DesiredBuilder ou(String pathOrId, UnaryOperator<Doc> settings) {
      return ou(
          pathOrId, pathOrId.substring(pathOrId.lastIndexOf('/') + 1).toLowerCase(), settings);
    }

    /** An OrganizationalUnit document named {@code name} selecting {@code pathOrId}. */
    public DesiredBuilder ou(String pathOrId, String name, UnaryOperator<Doc> settings) {
      var doc = settings.apply(new Doc("ou-" + name + ".yaml"));
      OuSelector selector =
          pathOrId.startsWith("/")
              ? new OuSelector.ByPath(OuPath.parse(pathOrId))
              : new OuSelector.ById(OuId.of(pathOrId));
      units.add(
          new OuSpec(
              new SourceLocation(doc.file, 1, 1), name, selector, doc.settings(), doc.exception));
      return this;
    }

    /** An Account document for {@code id}. */
    public DesiredBuilder account(String id, UnaryOperator<Doc> settings) {
      return account(id, "account-" + id, settings);
    }

    public DesiredBuilder account(String id, String name, UnaryOperator<Doc> settings) {
      var doc = settings.apply(new Doc("account-" + name + ".yaml"));
      accounts.add(
          new AccountSpec(
              new SourceLocation(doc.file, 1, 1),
              name,
              AccountId.of(id),
              doc.settings(),
              doc.exception));
      return this;
    }

    public DesiredState build() {
      var org =
          new OrganizationSpec(
              new SourceLocation("organization.yaml", 1, 1),
              mode,
              features,
              defaults.settings(),
              maxActions);
      return new DesiredState(revision, org, units, accounts);
    }
  }

  // --- golden files --------------------------------------------------------------------------

  /**
   * Asserts that {@code actual} equals {@code src/test/resources/golden/<name>}; with {@code
   * -Dgolden.update=true} rewrites the file instead (review the diff).
   */
  public static void assertGolden(String name, String actual) {
    var file = java.nio.file.Path.of("src/test/resources/golden", name);
    try {
      if (Boolean.getBoolean("golden.update")) {
        java.nio.file.Files.createDirectories(file.getParent());
        java.nio.file.Files.writeString(file, actual);
        return;
      }
      if (!java.nio.file.Files.exists(file)) {
        throw new AssertionError(
            "no golden file " + file + "; run with -Dgolden.update=true to create it");
      }
      org.assertj.core.api.Assertions.assertThat(actual)
          .as("golden file %s (regenerate with -Dgolden.update=true)", file)
          .isEqualTo(java.nio.file.Files.readString(file));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  // --- the demo organization of HELPERS.md -----------------------------------------------------

  public static final LocalDate DEMO_TODAY = LocalDate.parse("2026-11-23");

  public static LiveState demoLive() {
    return org()
        .organizationId("o-exampleorg1", "r-ex12")
        .ou("/Root/Security", "ou-ex12-aaaaaaa1")
        .ou("/Root/Workloads", "ou-ex12-aaaaaaa2")
        .ou("/Root/Workloads/Prod", "ou-ex12-aaaaaaa3")
        .ou("/Root/Workloads/NonProd", "ou-ex12-aaaaaaa4")
        .ou("/Root/Sandbox", "ou-ex12-aaaaaaa5")
        .ou("/Root/Suspended", "ou-ex12-aaaaaaa6")
        .with(
            account(MANAGEMENT)
                .named("management")
                .withPassword()
                .withMfaDevice("arn:aws:iam::111111111111:mfa/root-account-mfa-device"),
            account("222222222222").named("log-archive").in("/Root/Security"),
            account("333344445555")
                .named("break-glass")
                .in("/Root/Security")
                .withPassword()
                .withMfaDevice("GAKT000BRKGLS1")
                .withAccessKey("AKIAEXAMPLEBRKGLS001"),
            account("444444444444").named("audit").in("/Root/Security"),
            account("555555555555")
                .named("prod-payments")
                .in("/Root/Workloads/Prod")
                .withAccessKey("AKIAEXAMPLEPAYMNT001")
                .withMfaDevice("arn:aws:iam::555555555555:mfa/root-account-mfa-device"),
            account("555555555556").named("prod-web").in("/Root/Workloads/Prod"),
            account("999999999999").named("data-lake").in("/Root/Workloads/Prod"),
            account("666666666666")
                .named("staging")
                .in("/Root/Workloads/NonProd")
                .withPassword()
                .withAccessKey("AKIAEXAMPLESTAGING01", "Inactive")
                .withSigningCertificate("ASCAEXAMPLESTAGING01"),
            account("777777777777").named("sandbox-alice").in("/Root/Sandbox"),
            account("777777777778").named("sandbox-bob").in("/Root/Sandbox").withRecoveryAllowed(),
            account("888888888888")
                .named("old-project")
                .in("/Root/Suspended")
                .state(AccountState.SUSPENDED)
                .withAccessKey("AKIAEXAMPLEOLDPRJ001")
                .notObserved())
        .live();
  }

  public static DesiredState demoDesired() {
    return desired()
        .revision("3f2c1a9")
        .maxActionsPerRun(50)
        .ou(
            "/Root/Sandbox",
            d -> d.recovery(RecoverySetting.ENABLED).exceptionUntil(LocalDate.parse("2027-06-30")))
        .ou("ou-ex12-aaaaaaa3", "prod", d -> d.all(CredentialSetting.ABSENT))
        .account(
            "333344445555",
            "break-glass",
            d ->
                d.recovery(RecoverySetting.UNMANAGED)
                    .set(CredentialKind.PASSWORD, CredentialSetting.UNMANAGED)
                    .set(CredentialKind.MFA_DEVICES, CredentialSetting.UNMANAGED)
                    .set(CredentialKind.ACCESS_KEYS, CredentialSetting.ABSENT)
                    .set(CredentialKind.SIGNING_CERTIFICATES, CredentialSetting.ABSENT)
                    .exceptionUntil(LocalDate.parse("2027-01-31")))
        .account(
            "666666666666",
            "staging",
            d ->
                d.set(CredentialKind.ACCESS_KEYS, CredentialSetting.UNMANAGED)
                    .exceptionUntil(LocalDate.parse("2026-09-30")))
        .build();
  }
}
