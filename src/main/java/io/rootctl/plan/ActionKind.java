package io.rootctl.plan;

import io.rootctl.model.TaskPolicy;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The one home of what rootctl knows about each kind of {@link Action} apart from its fields: the
 * record class, the name written in the plan JSON's {@code type} field, the root-task policy whose
 * session makes an account action (empty for an organization action, which uses the caller's own
 * credentials), and the plan text's symbol. The declaration order is the execution order: the
 * organization actions first (trusted access before the features), then the account actions, whose
 * root sessions run in the order their task policies first appear here
 * (IAMDeleteRootUserCredentials, then IAMCreateRootUserPassword: "allow password recovery" needs a
 * root user without credentials, see <a
 * href="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user-access-management.html">Centrally
 * manage root access</a>).
 *
 * <p>A new action is one record implementing {@link AccountAction} or {@link OrganizationAction}
 * (returning its constant from {@link Action#kind()}), one constant here, and the exhaustive {@code
 * switch}es the compiler then points to. {@code ActionKindTest} fails when a permitted record has
 * no constant.
 */
public enum ActionKind {
  ENABLE_TRUSTED_ACCESS(EnableTrustedAccess.class, "EnableTrustedAccess", null, '~'),
  ENABLE_ROOT_FEATURE(EnableRootFeature.class, "EnableRootFeature", null, '~'),
  DISABLE_ROOT_FEATURE(DisableRootFeature.class, "DisableRootFeature", null, '~'),
  DELETE_LOGIN_PROFILE(
      DeleteLoginProfile.class, "DeleteLoginProfile", TaskPolicy.DELETE_ROOT_USER_CREDENTIALS, '-'),
  DELETE_ACCESS_KEY(
      DeleteAccessKey.class, "DeleteAccessKey", TaskPolicy.DELETE_ROOT_USER_CREDENTIALS, '-'),
  DELETE_SIGNING_CERTIFICATE(
      DeleteSigningCertificate.class,
      "DeleteSigningCertificate",
      TaskPolicy.DELETE_ROOT_USER_CREDENTIALS,
      '-'),
  DEACTIVATE_MFA_DEVICE(
      DeactivateMfaDevice.class,
      "DeactivateMfaDevice",
      TaskPolicy.DELETE_ROOT_USER_CREDENTIALS,
      '-'),
  ALLOW_PASSWORD_RECOVERY(
      AllowPasswordRecovery.class,
      "AllowPasswordRecovery",
      TaskPolicy.CREATE_ROOT_USER_PASSWORD,
      '+');

  private final Class<? extends Action> recordClass;
  private final String jsonName;
  private final @Nullable TaskPolicy taskPolicy;
  private final char symbol;

  ActionKind(
      Class<? extends Action> recordClass,
      String jsonName,
      @Nullable TaskPolicy taskPolicy,
      char symbol) {
    this.recordClass = recordClass;
    this.jsonName = jsonName;
    this.taskPolicy = taskPolicy;
    this.symbol = symbol;
  }

  /** The action record of this kind. */
  public Class<? extends Action> recordClass() {
    return recordClass;
  }

  /**
   * The plan JSON's {@code type} of this kind, e.g. {@code DeleteAccessKey}; part of the plan
   * format, so it does not follow a rename of the record.
   */
  public String jsonName() {
    return jsonName;
  }

  /** The task policy of the root session that makes this write; empty for organization actions. */
  public Optional<TaskPolicy> taskPolicy() {
    return Optional.ofNullable(taskPolicy);
  }

  /**
   * The plan text's symbol: {@code -} deletes, {@code +} creates, {@code ~} organization change.
   */
  public char symbol() {
    return symbol;
  }
}
