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
import io.rootctl.model.AccountId;
import io.rootctl.model.CredentialKind;
import io.rootctl.model.Mode;
import io.rootctl.model.OrgFeature;
import io.rootctl.model.OuId;
import io.rootctl.model.OuPath;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.UnaryOperator;

/**
 * Desired states for tests, without YAML. Each document gets its own file name ({@code
 * organization.yaml}, {@code ous/<name>.yaml}, {@code accounts/<name>.yaml}) and each field a fixed
 * line (password 10, accessKeys 11, signingCertificates 12, mfaDevices 13, passwordRecovery 14,
 * exception 15), so tests can assert where a setting came from.
 *
 * <pre>{@code
 * Desired.org().ou("/Root/Sandbox", "sandbox", s -> s.recovery(ENABLED).exception("2027-06-30"))
 *     .account("333344445555", "break-glass", s -> s.credential(PASSWORD, UNMANAGED)).build();
 * }</pre>
 */
public final class Desired {
  private Mode mode = Mode.ENFORCE;
  private Settings defaults = new Settings("organization.yaml");
  private final Map<OrgFeature, FeatureSetting> features = new EnumMap<>(OrgFeature.class);
  private final List<OuSpec> units = new ArrayList<>();
  private final List<AccountSpec> accounts = new ArrayList<>();

  private Desired() {}

  /** An Organization with strict defaults left unwritten (absent, disabled), mode enforce. */
  public static Desired org() {
    return new Desired();
  }

  public Desired mode(Mode m) {
    this.mode = m;
    return this;
  }

  public Desired feature(OrgFeature f, FeatureSetting s) {
    features.put(f, s);
    return this;
  }

  public Desired defaults(UnaryOperator<Settings> s) {
    defaults = s.apply(defaults);
    return this;
  }

  public Desired ou(String path, String name, UnaryOperator<Settings> s) {
    return unit(new OuSelector.ByPath(OuPath.parse(path)), name, s);
  }

  public Desired ouById(String id, String name, UnaryOperator<Settings> s) {
    return unit(new OuSelector.ById(OuId.of(id)), name, s);
  }

  private Desired unit(OuSelector selector, String name, UnaryOperator<Settings> s) {
    var file = "ous/" + name + ".yaml";
    var settings = s.apply(new Settings(file));
    units.add(new OuSpec(at(file, 1), name, selector, settings.settings(), settings.exception()));
    return this;
  }

  public Desired account(String id, String name, UnaryOperator<Settings> s) {
    var file = "accounts/" + name + ".yaml";
    var settings = s.apply(new Settings(file));
    accounts.add(
        new AccountSpec(
            at(file, 1), name, AccountId.of(id), settings.settings(), settings.exception()));
    return this;
  }

  public DesiredState build() {
    var org =
        new OrganizationSpec(
            at("organization.yaml", 1), mode, features, defaults.settings(), OptionalInt.of(50));
    return new DesiredState("test", org, units, accounts);
  }

  public static SourceLocation at(String file, int line) {
    return new SourceLocation(file, line, 3);
  }

  /** The line {@link Settings} writes {@code kind} on. */
  public static int lineOf(CredentialKind kind) {
    return 10 + kind.ordinal();
  }

  /** The settings of one document. */
  public static final class Settings {
    private final String file;
    private final Map<CredentialKind, Located<CredentialSetting>> credentials =
        new EnumMap<>(CredentialKind.class);
    private Optional<Located<RecoverySetting>> recovery = Optional.empty();
    private Optional<PolicyException> exception = Optional.empty();

    Settings(String file) {
      this.file = file;
    }

    public Settings credential(CredentialKind kind, CredentialSetting setting) {
      credentials.put(kind, new Located<>(setting, at(file, lineOf(kind))));
      return this;
    }

    /** The {@code absent} / {@code unmanaged} shorthand: all four kinds. */
    public Settings credentials(CredentialSetting setting) {
      for (var kind : CredentialKind.values()) {
        credential(kind, setting);
      }
      return this;
    }

    public Settings recovery(RecoverySetting setting) {
      recovery = Optional.of(new Located<>(setting, at(file, 14)));
      return this;
    }

    public Settings exception(String expires) {
      exception =
          Optional.of(
              new PolicyException(
                  "test",
                  "owner@example.com",
                  Optional.empty(),
                  LocalDate.parse(expires),
                  at(file, 15)));
      return this;
    }

    PolicySettings settings() {
      return new PolicySettings(credentials, recovery);
    }

    Optional<PolicyException> exception() {
      return exception;
    }
  }
}
