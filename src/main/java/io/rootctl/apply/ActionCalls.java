package io.rootctl.apply;

import io.rootctl.cloud.OrganizationClient;
import io.rootctl.cloud.RootSession;
import io.rootctl.cloud.WriteResult;
import io.rootctl.live.RootCredentials;
import io.rootctl.model.OrgFeature;
import io.rootctl.plan.AccountAction;
import io.rootctl.plan.AllowPasswordRecovery;
import io.rootctl.plan.DeactivateMfaDevice;
import io.rootctl.plan.DeleteAccessKey;
import io.rootctl.plan.DeleteLoginProfile;
import io.rootctl.plan.DeleteSigningCertificate;
import io.rootctl.plan.DisableRootFeature;
import io.rootctl.plan.EnableRootFeature;
import io.rootctl.plan.EnableTrustedAccess;
import io.rootctl.plan.OrganizationAction;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The table of action calls: for each action, which {@link RootSession} or {@link
 * OrganizationClient} method makes it (with the AWS operation and target the audit log names), and
 * what a fresh read shows once it has taken effect ("already gone" for a delete). Pure; the {@link
 * Executor} and {@link AccountRun} decide when to call, retry and verify.
 */
final class ActionCalls {

  private ActionCalls() {}

  // ---- account actions ---------------------------------------------------------------------

  /** One IAM call of an action, and whether an AccessDenied on it is tolerated. */
  record Call(
      String operation,
      String target,
      Function<RootSession, WriteResult> write,
      boolean toleratesDenial) {}

  /** The IAM calls that make {@code action}, in order. */
  static List<Call> calls(AccountAction action) {
    return switch (action) {
      case DeleteLoginProfile a ->
          List.of(new Call("iam:DeleteLoginProfile", "", RootSession::deleteLoginProfile, false));
      case DeleteAccessKey a ->
          List.of(
              new Call(
                  "iam:DeleteAccessKey",
                  a.accessKeyId(),
                  s -> s.deleteAccessKey(a.accessKeyId()),
                  false));
      case DeleteSigningCertificate a ->
          List.of(
              new Call(
                  "iam:DeleteSigningCertificate",
                  a.certificateId(),
                  s -> s.deleteSigningCertificate(a.certificateId()),
                  false));
      case DeactivateMfaDevice a -> {
        var deactivate =
            new Call(
                "iam:DeactivateMFADevice",
                a.serialNumber(),
                s -> s.deactivateMfaDevice(a.serialNumber()),
                false);
        // AWS requires deactivation before deletion; the delete task policy may deny the
        // deletion through its NotResource clause, which leaves nothing on the root user, so
        // that denial is tolerated. The policy:
        // https://docs.aws.amazon.com/aws-managed-policy/latest/reference/IAMDeleteRootUserCredentials.html
        yield a.virtual()
            ? List.of(
                deactivate,
                new Call(
                    "iam:DeleteVirtualMFADevice",
                    a.serialNumber(),
                    s -> s.deleteVirtualMfaDevice(a.serialNumber()),
                    true))
            : List.of(deactivate);
      }
      case AllowPasswordRecovery a ->
          List.of(new Call("iam:CreateLoginProfile", "", RootSession::createLoginProfile, false));
    };
  }

  /**
   * Whether {@code credentials} show the effect of {@code action} ("already gone" for a delete).
   */
  static boolean satisfied(AccountAction action, RootCredentials credentials) {
    return switch (action) {
      case DeleteLoginProfile a -> credentials.loginProfile().isEmpty();
      case DeleteAccessKey a ->
          credentials.accessKeys().stream().noneMatch(k -> k.id().equals(a.accessKeyId()));
      case DeleteSigningCertificate a ->
          credentials.signingCertificates().stream()
              .noneMatch(c -> c.id().equals(a.certificateId()));
      case DeactivateMfaDevice a ->
          credentials.mfaDevices().stream()
              .noneMatch(m -> m.serialNumber().equals(a.serialNumber()));
      case AllowPasswordRecovery a -> credentials.loginProfile().isPresent();
    };
  }

  /** What a fresh read still shows of an action that did not take effect. */
  static String describe(AccountAction action) {
    return switch (action) {
      case DeleteLoginProfile a -> "login profile";
      case DeleteAccessKey a -> "access key " + a.accessKeyId();
      case DeleteSigningCertificate a -> "signing certificate " + a.certificateId();
      case DeactivateMfaDevice a -> "MFA device " + a.serialNumber();
      case AllowPasswordRecovery a -> "no login profile (password recovery not allowed)";
    };
  }

  // ---- organization actions ----------------------------------------------------------------

  /** One organization write: the AWS operation, its target, and the call that makes it. */
  record OrganizationWrite(String operation, String target, Runnable call) {}

  /** What a fresh read of the organization still shows of an action that did not take effect. */
  static String stillOff(OrganizationAction action) {
    return switch (action) {
      case EnableTrustedAccess a -> "trusted access for " + a.servicePrincipal() + " not enabled";
      case EnableRootFeature a -> a.feature().awsName() + " not enabled";
      case DisableRootFeature a -> a.feature().awsName() + " still enabled";
    };
  }

  /** The write that makes {@code action}, through {@code organization}. */
  static OrganizationWrite write(OrganizationAction action, OrganizationClient organization) {
    return switch (action) {
      case EnableTrustedAccess a ->
          new OrganizationWrite(
              "organizations:EnableAWSServiceAccess",
              a.servicePrincipal(),
              () -> organization.enableTrustedAccess(a.servicePrincipal()));
      case EnableRootFeature a ->
          new OrganizationWrite(
              "iam:EnableOrganizations" + a.feature().awsName(),
              a.feature().awsName(),
              () -> organization.enableRootFeature(a.feature()));
      case DisableRootFeature a ->
          new OrganizationWrite(
              "iam:DisableOrganizations" + a.feature().awsName(),
              a.feature().awsName(),
              () -> organization.disableRootFeature(a.feature()));
    };
  }

  /** What a fresh read of the organization shows, as far as {@code actions} need to know. */
  record OrganizationNow(Set<String> trustedPrincipals, Set<OrgFeature> features) {
    boolean shows(OrganizationAction action) {
      return switch (action) {
        case EnableTrustedAccess a -> trustedPrincipals.contains(a.servicePrincipal());
        case EnableRootFeature a -> features.contains(a.feature());
        case DisableRootFeature a -> !features.contains(a.feature());
      };
    }
  }
}
