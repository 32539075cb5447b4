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

  /** The task policy whose session may make this write. */
  TaskPolicy requiredPolicy();
}
