package io.rootctl.plan.json;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The JSON shape of a plan, format version 4: one record per JSON object, fields in output order.
 * Nullable components are checked by {@link PlanJson} so that every problem names its JSON path.
 */
record PlanDocument(
    @Nullable Integer formatVersion,
    @Nullable String desiredRevision,
    @Nullable String createdAt,
    @Nullable String mode,
    @Nullable Boolean applicable,
    @Nullable OrganizationDocument organization,
    @Nullable List<AccountDocument> accounts,
    @Nullable List<String> inSync,
    @Nullable List<SkipDocument> skipped,
    @Nullable List<UnreadableDocument> unreadable,
    @Nullable List<NeedsPersonDocument> needsPerson,
    @Nullable SummaryDocument summary,
    @Nullable List<PreflightWarningDocument> preflightWarnings,
    @Nullable List<UnreadTargetDocument> preflightUnreadTargets) {

  record PreflightWarningDocument(
      @Nullable String policyId,
      @Nullable String policyName,
      @Nullable String policyType,
      @Nullable String statement,
      @Nullable TargetDocument target,
      @Nullable String taskPolicy,
      @Nullable List<String> actions,
      @Nullable Boolean certain,
      @Nullable List<String> accounts,
      @Nullable String message) {}

  /** A policy target: {@code type} is ROOT, ORGANIZATIONAL_UNIT or ACCOUNT. */
  record TargetDocument(@Nullable String type, @Nullable String id, @Nullable String name) {}

  record UnreadTargetDocument(
      @Nullable TargetDocument target, @Nullable String error, @Nullable String message) {}

  record OrganizationDocument(
      @Nullable List<ActionDocument> actions, @Nullable List<String> reasons) {}

  record AccountDocument(
      @Nullable String account,
      @Nullable String name,
      @Nullable String ou,
      @Nullable String ouId,
      @Nullable String basedOn,
      @Nullable List<ActionDocument> actions,
      @Nullable List<String> reasons) {}

  record SkipDocument(
      @Nullable String account,
      @Nullable String name,
      @Nullable String reason,
      @Nullable String detail) {}

  record UnreadableDocument(
      @Nullable String account, @Nullable String name, @Nullable String reason) {}

  record NeedsPersonDocument(
      @Nullable String account,
      @Nullable String name,
      @Nullable String ou,
      @Nullable String ouId,
      @Nullable String requirement,
      @Nullable String value,
      @Nullable String found,
      @Nullable String reason) {}

  record SummaryDocument(
      int toDelete,
      int toAllow,
      int featuresToEnable,
      int featuresToDisable,
      int accountsChanged,
      int accountsInSync,
      int accountsSkipped,
      int accountsUnreadable,
      int accountsNeedingPerson) {}

  /**
   * An action, tagged by {@code type}: its {@link io.rootctl.plan.ActionKind#jsonName()},
   * registered on the mapper by {@link ActionDocuments#register} (one subtype per kind).
   */
  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
  sealed interface ActionDocument {}

  /** Account actions name the task policy of the session that runs them. */
  sealed interface AccountActionDocument extends ActionDocument {
    @Nullable String taskPolicy();
  }

  record DeleteLoginProfileDocument(@Nullable String taskPolicy) implements AccountActionDocument {}

  record DeleteAccessKeyDocument(@Nullable String accessKeyId, @Nullable String taskPolicy)
      implements AccountActionDocument {}

  record DeleteSigningCertificateDocument(
      @Nullable String certificateId, @Nullable String taskPolicy)
      implements AccountActionDocument {}

  record DeactivateMfaDeviceDocument(
      @Nullable String serialNumber, boolean virtual, @Nullable String taskPolicy)
      implements AccountActionDocument {}

  record AllowPasswordRecoveryDocument(@Nullable String taskPolicy)
      implements AccountActionDocument {}

  record EnableTrustedAccessDocument(@Nullable String servicePrincipal) implements ActionDocument {}

  record EnableRootFeatureDocument(@Nullable String feature) implements ActionDocument {}

  record DisableRootFeatureDocument(@Nullable String feature) implements ActionDocument {}
}
