package io.rootctl.desired;

import io.rootctl.model.CredentialKind;
import io.rootctl.model.Mode;
import io.rootctl.model.OrgFeature;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The one Organization document.
 *
 * @param features desired value per root feature; a feature not written is {@code unmanaged}
 * @param defaults the policy every member account gets unless an OU or Account document says
 *     otherwise; anything not written here is the strict value ({@code absent}, {@code disabled})
 * @param maxActionsPerRun {@code guards.maxActionsPerRun}, if set
 */
public record OrganizationSpec(
    SourceLocation location,
    Mode mode,
    Map<OrgFeature, FeatureSetting> features,
    PolicySettings defaults,
    OptionalInt maxActionsPerRun) {

  public OrganizationSpec {
    var all = new EnumMap<OrgFeature, FeatureSetting>(OrgFeature.class);
    for (var f : OrgFeature.values()) {
      all.put(f, features.getOrDefault(f, FeatureSetting.UNMANAGED));
    }
    features = Map.copyOf(all);
  }

  /** The organization default for one credential kind (strict when unwritten). */
  public CredentialSetting defaultFor(CredentialKind kind) {
    var v = defaults.rootCredentials().get(kind);
    return v == null ? CredentialSetting.ABSENT : v.value();
  }

  /** The organization default for password recovery (disabled when unwritten). */
  public RecoverySetting defaultRecovery() {
    return defaults.passwordRecovery().map(Located::value).orElse(RecoverySetting.DISABLED);
  }
}
