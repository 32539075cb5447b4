package io.rootctl.plan;

import io.rootctl.model.TaskPolicy;

/**
 * A write inside one member account, made in a root session scoped by {@link #requiredPolicy()}.
 */
public sealed interface AccountAction extends Action
    permits DeleteLoginProfile,
        DeleteAccessKey,
        DeleteSigningCertificate,
        DeactivateMfaDevice,
        AllowPasswordRecovery {

  /** The task policy whose session may make this write: its {@link ActionKind#taskPolicy()}. */
  default TaskPolicy requiredPolicy() {
    return kind()
        .taskPolicy()
        .orElseThrow(() -> new IllegalStateException(kind() + " names no task policy"));
  }

  /** The apply summary's past tense, e.g. {@code deleted access key AKIA...}; not escaped. */
  String appliedText();

  /** The controller's {@code /status} wording, e.g. {@code delete access key AKIA...}. */
  String statusText();
}
