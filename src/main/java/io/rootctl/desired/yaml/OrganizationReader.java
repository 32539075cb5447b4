package io.rootctl.desired.yaml;

import io.rootctl.desired.CredentialSetting;
import io.rootctl.desired.FeatureSetting;
import io.rootctl.desired.PolicySettings;
import io.rootctl.desired.SourceLocation;
import io.rootctl.model.CredentialKind;
import io.rootctl.model.Mode;
import io.rootctl.model.OrgFeature;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads the spec of the {@link DocumentKind#ORGANIZATION Organization} document: {@code mode},
 * {@code features}, {@code defaults} and {@code guards}.
 */
final class OrganizationReader {
  private static final List<String> POLICY_KEYS = List.of("rootCredentials", "passwordRecovery");
  private static final Pattern POSITIVE_INT = Pattern.compile("[1-9][0-9]{0,8}");

  private final FieldReader fields;
  private final SettingsReader settings;

  OrganizationReader(FieldReader fields, SettingsReader settings) {
    this.fields = fields;
    this.settings = settings;
  }

  /** The document starting at {@code at}, with the spec {@code spec}. */
  ParsedDocument read(SourceLocation at, YamlMapping spec) {
    var mode = fields.choice(spec, "mode", Mode.values(), Mode::yamlName).orElse(Mode.OBSERVE);
    var features = new EnumMap<OrgFeature, FeatureSetting>(OrgFeature.class);
    spec.get("features")
        .flatMap(
            e ->
                fields.mapping(
                    spec.pathOf("features"),
                    e,
                    Arrays.stream(OrgFeature.values()).map(OrgFeature::yamlName).toList()))
        .ifPresent(
            f -> {
              for (var feature : OrgFeature.values()) {
                fields
                    .choice(
                        f, feature.yamlName(), FeatureSetting.values(), FeatureSetting::yamlName)
                    .ifPresent(v -> features.put(feature, v));
              }
            });
    var defaults =
        spec.get("defaults")
            .flatMap(e -> fields.mapping(spec.pathOf("defaults"), e, POLICY_KEYS))
            .map(settings::settings)
            .orElse(PolicySettings.none());
    checkDefaultsContradiction(defaults);
    var max =
        spec.get("guards")
            .flatMap(e -> fields.mapping(spec.pathOf("guards"), e, List.of("maxActionsPerRun")))
            .map(this::maxActionsPerRun)
            .orElse(OptionalInt.empty());
    return new ParsedDocument.Organization(at, mode, features, defaults, max);
  }

  /** The Organization defaults, with disabled recovery being the default when unwritten. */
  private void checkDefaultsContradiction(PolicySettings s) {
    var password = s.rootCredentials().get(CredentialKind.PASSWORD);
    if (password != null
        && password.value() == CredentialSetting.UNMANAGED
        && s.passwordRecovery().isEmpty()) {
      fields.error(
          password.location(),
          "defaults.rootCredentials.password is unmanaged but defaults.passwordRecovery is"
              + " disabled (the default when unwritten): deleting the login profile deletes the"
              + " password; set passwordRecovery: unmanaged");
    } else {
      settings.checkContradiction(s);
    }
  }

  private OptionalInt maxActionsPerRun(YamlMapping guards) {
    var e = guards.get("maxActionsPerRun");
    if (e.isEmpty()) {
      return OptionalInt.empty();
    }
    if (e.get().value() instanceof ScalarNode s
        && s.getTag().equals(Tag.INT)
        && POSITIVE_INT.matcher(s.getValue()).matches()) {
      return OptionalInt.of(Integer.parseInt(s.getValue()));
    }
    fields.error(
        e.get().value(),
        "spec.guards.maxActionsPerRun must be a positive integer (1 to 999999999), not "
            + FieldReader.describe(e.get().value()));
    return OptionalInt.empty();
  }
}
