package io.rootctl.desired.yaml;

import io.rootctl.desired.FeatureSetting;
import io.rootctl.desired.Located;
import io.rootctl.desired.OuSelector;
import io.rootctl.desired.PolicyException;
import io.rootctl.desired.PolicySettings;
import io.rootctl.desired.SourceLocation;
import io.rootctl.model.AccountId;
import io.rootctl.model.Mode;
import io.rootctl.model.OrgFeature;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One document as far as it could be read. A part that was missing or wrong is absent here (its
 * problem is already recorded); the cross-document checks work on what is present.
 */
sealed interface ParsedDocument {

  /** Where the document starts. */
  SourceLocation location();

  record Organization(
      SourceLocation location,
      Mode mode,
      Map<OrgFeature, FeatureSetting> features,
      PolicySettings defaults,
      OptionalInt maxActionsPerRun)
      implements ParsedDocument {}

  record Unit(
      SourceLocation location,
      String name,
      Optional<Located<OuSelector>> selector,
      PolicySettings settings,
      Optional<ParsedException> exception)
      implements ParsedDocument {}

  record Account(
      SourceLocation location,
      String name,
      Optional<Located<AccountId>> account,
      PolicySettings settings,
      Optional<ParsedException> exception)
      implements ParsedDocument {}

  /**
   * An {@code exception} block as written.
   *
   * @param keyAt where the {@code exception} key is
   * @param value the exception, when all its parts are valid
   * @param expiresAt where {@code expires} is, for expiry warnings
   */
  record ParsedException(
      SourceLocation keyAt, Optional<PolicyException> value, SourceLocation expiresAt) {}
}
