package io.rootctl.desired.yaml;

import io.rootctl.desired.CredentialSetting;
import io.rootctl.desired.Located;
import io.rootctl.desired.PolicyException;
import io.rootctl.desired.PolicySettings;
import io.rootctl.desired.RecoverySetting;
import io.rootctl.desired.yaml.ParsedDocument.ParsedException;
import io.rootctl.model.CredentialKind;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * The policy part the document kinds share: {@code rootCredentials} and {@code passwordRecovery}
 * (of an OU or Account spec, or of the Organization defaults), the contradiction one document can
 * hold by itself, and the {@code exception} block that justifies a relaxation.
 */
final class SettingsReader {
  private static final List<String> EXCEPTION_KEYS =
      List.of("reason", "owner", "ticket", "expires");

  private final FieldReader fields;

  SettingsReader(FieldReader fields) {
    this.fields = fields;
  }

  /** {@code rootCredentials} and {@code passwordRecovery} of a spec or of the defaults. */
  PolicySettings settings(YamlMapping map) {
    var credentials = new EnumMap<CredentialKind, Located<CredentialSetting>>(CredentialKind.class);
    map.get("rootCredentials")
        .ifPresent(e -> rootCredentials(map.pathOf("rootCredentials"), e, credentials));
    var recovery =
        map.get("passwordRecovery")
            .flatMap(
                e ->
                    fields
                        .choice(
                            map.pathOf("passwordRecovery"),
                            e.value(),
                            RecoverySetting.values(),
                            RecoverySetting::yamlName)
                        .map(v -> new Located<>(v, fields.at(e.value()))));
    return new PolicySettings(credentials, recovery);
  }

  private void rootCredentials(
      String path, YamlMapping.Entry e, EnumMap<CredentialKind, Located<CredentialSetting>> out) {
    var kinds = Arrays.stream(CredentialKind.values()).map(CredentialKind::yamlName).toList();
    switch (e.value()) {
      case ScalarNode s -> {
        var v = credential(path, null, s);
        v.ifPresent(
            setting -> {
              for (var kind : CredentialKind.values()) {
                out.put(kind, new Located<>(setting, fields.at(s)));
              }
            });
      }
      case MappingNode m -> {
        var map = fields.mapping(path, e.key(), m, kinds);
        for (var kind : CredentialKind.values()) {
          map.get(kind.yamlName())
              .flatMap(
                  k ->
                      credential(map.pathOf(kind.yamlName()), kind, k.value())
                          .map(v -> new Located<>(v, fields.at(k.value()))))
              .ifPresent(v -> out.put(kind, v));
        }
      }
      default ->
          fields.error(
              e.value(),
              path
                  + " must be absent, unmanaged or a mapping of "
                  + DidYouMean.orList(kinds).replace(" or ", " and ")
                  + ", not "
                  + FieldReader.describe(e.value()));
    }
  }

  /**
   * One credential setting at {@code path}: {@code required} and {@code hardware} are values of
   * {@code mfaDevices} only, and an error (at the value) for another kind or the shorthand ({@code
   * kind} null), which take {@code absent} or {@code unmanaged}.
   */
  private Optional<CredentialSetting> credential(
      String path, @Nullable CredentialKind kind, Node node) {
    var values =
        Arrays.stream(CredentialSetting.values())
            .filter(v -> kind != null && v.allowedFor(kind) || !v.isRequirement())
            .toArray(CredentialSetting[]::new);
    if (kind != CredentialKind.MFA_DEVICES && node instanceof ScalarNode s) {
      for (var v : CredentialSetting.values()) {
        if (v.isRequirement() && v.yamlName().equals(s.getValue())) {
          fields.error(
              node,
              "'"
                  + v.yamlName()
                  + "' is not a value for "
                  + path
                  + ": required and hardware apply to mfaDevices only; expected absent or"
                  + " unmanaged"
                  + (kind == null
                      ? " (write the kinds apart, e.g. {mfaDevices: "
                          + v.yamlName()
                          + ", password: unmanaged, accessKeys: absent, signingCertificates:"
                          + " absent})"
                      : ""));
          return Optional.empty();
        }
      }
    }
    return fields.choice(path, node, values, CredentialSetting::yamlName);
  }

  /** Within one document: disabled recovery deletes the login profile that holds the password. */
  void checkContradiction(PolicySettings s) {
    var password = s.rootCredentials().get(CredentialKind.PASSWORD);
    var recovery = s.passwordRecovery();
    if (password != null
        && password.value() == CredentialSetting.UNMANAGED
        && recovery.isPresent()
        && recovery.get().value() == RecoverySetting.DISABLED) {
      fields.error(
          password.location(),
          "rootCredentials.password is unmanaged but passwordRecovery is disabled (line "
              + recovery.get().location().line()
              + "): deleting the login profile deletes the"
              + " password; set passwordRecovery: unmanaged");
    }
  }

  /** The {@code exception} block of an OU or Account spec, as far as it could be read. */
  Optional<ParsedException> exception(YamlMapping spec) {
    var entry = spec.entries().get("exception");
    if (entry == null) {
      return Optional.empty();
    }
    var keyAt = fields.at(entry.key());
    var path = spec.pathOf("exception");
    var map = spec.get("exception").flatMap(e -> fields.mapping(path, e, EXCEPTION_KEYS));
    if (map.isEmpty()) {
      if (YamlMapping.isNull(entry.value())) {
        fields.error(keyAt, path + " is empty: give reason, owner and expires");
      }
      return Optional.of(new ParsedException(keyAt, Optional.empty(), keyAt));
    }
    var m = map.get();
    var reason = fields.text(m, "reason");
    var owner = fields.text(m, "owner");
    var ticket = fields.text(m, "ticket");
    if (!m.isWritten("reason")) {
      fields.error(
          m.missingAt("reason"), "missing " + path + ".reason: why the defaults are relaxed here");
    }
    if (!m.isWritten("owner")) {
      fields.error(
          m.missingAt("owner"), "missing " + path + ".owner: who answers for this exception");
    }
    var expiresEntry = m.get("expires");
    var expiresAt = expiresEntry.map(e -> fields.at(e.value())).orElse(keyAt);
    Optional<LocalDate> expires = Optional.empty();
    if (expiresEntry.isEmpty()) {
      fields.error(
          m.missingAt("expires"),
          "missing " + path + ".expires: the last day (YYYY-MM-DD) the exception holds");
    } else {
      expires = fields.date(path + ".expires", expiresEntry.get().value());
    }
    Optional<PolicyException> value =
        reason.isPresent() && owner.isPresent() && expires.isPresent()
            ? Optional.of(
                new PolicyException(reason.get(), owner.get(), ticket, expires.get(), keyAt))
            : Optional.empty();
    return Optional.of(new ParsedException(keyAt, value, expiresAt));
  }
}
