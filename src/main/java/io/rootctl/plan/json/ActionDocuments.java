package io.rootctl.plan.json;

import static io.rootctl.plan.json.PlanJson.required;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import io.rootctl.model.OrgFeature;
import io.rootctl.plan.AccountAction;
import io.rootctl.plan.Action;
import io.rootctl.plan.ActionKind;
import io.rootctl.plan.AllowPasswordRecovery;
import io.rootctl.plan.DeactivateMfaDevice;
import io.rootctl.plan.DeleteAccessKey;
import io.rootctl.plan.DeleteLoginProfile;
import io.rootctl.plan.DeleteSigningCertificate;
import io.rootctl.plan.DisableRootFeature;
import io.rootctl.plan.EnableRootFeature;
import io.rootctl.plan.EnableTrustedAccess;
import io.rootctl.plan.json.PlanDocument.AccountActionDocument;
import io.rootctl.plan.json.PlanDocument.ActionDocument;
import io.rootctl.plan.json.PlanDocument.AllowPasswordRecoveryDocument;
import io.rootctl.plan.json.PlanDocument.DeactivateMfaDeviceDocument;
import io.rootctl.plan.json.PlanDocument.DeleteAccessKeyDocument;
import io.rootctl.plan.json.PlanDocument.DeleteLoginProfileDocument;
import io.rootctl.plan.json.PlanDocument.DeleteSigningCertificateDocument;
import io.rootctl.plan.json.PlanDocument.DisableRootFeatureDocument;
import io.rootctl.plan.json.PlanDocument.EnableRootFeatureDocument;
import io.rootctl.plan.json.PlanDocument.EnableTrustedAccessDocument;
import org.jspecify.annotations.Nullable;

/**
 * Actions to and from their JSON documents. The {@code type} names come from {@link
 * ActionKind#jsonName()}: {@link #register} names each kind's document class on the mapper, so the
 * plan format has no second list of action names.
 */
final class ActionDocuments {

  private ActionDocuments() {}

  /** Registers one JSON subtype of {@link ActionDocument} per {@link ActionKind}. */
  static void register(ObjectMapper mapper) {
    for (var kind : ActionKind.values()) {
      mapper.registerSubtypes(new NamedType(documentClass(kind), kind.jsonName()));
    }
  }

  /** The document record that {@code kind} is written as. */
  static Class<? extends ActionDocument> documentClass(ActionKind kind) {
    return switch (kind) {
      case DELETE_LOGIN_PROFILE -> DeleteLoginProfileDocument.class;
      case DELETE_ACCESS_KEY -> DeleteAccessKeyDocument.class;
      case DELETE_SIGNING_CERTIFICATE -> DeleteSigningCertificateDocument.class;
      case DEACTIVATE_MFA_DEVICE -> DeactivateMfaDeviceDocument.class;
      case ALLOW_PASSWORD_RECOVERY -> AllowPasswordRecoveryDocument.class;
      case ENABLE_TRUSTED_ACCESS -> EnableTrustedAccessDocument.class;
      case ENABLE_ROOT_FEATURE -> EnableRootFeatureDocument.class;
      case DISABLE_ROOT_FEATURE -> DisableRootFeatureDocument.class;
    };
  }

  static ActionDocument document(Action action) {
    return switch (action) {
      case DeleteLoginProfile a -> new DeleteLoginProfileDocument(policy(a));
      case DeleteAccessKey a -> new DeleteAccessKeyDocument(a.accessKeyId(), policy(a));
      case DeleteSigningCertificate a ->
          new DeleteSigningCertificateDocument(a.certificateId(), policy(a));
      case DeactivateMfaDevice a ->
          new DeactivateMfaDeviceDocument(a.serialNumber(), a.virtual(), policy(a));
      case AllowPasswordRecovery a -> new AllowPasswordRecoveryDocument(policy(a));
      case EnableTrustedAccess a -> new EnableTrustedAccessDocument(a.servicePrincipal());
      case EnableRootFeature a -> new EnableRootFeatureDocument(a.feature().awsName());
      case DisableRootFeature a -> new DisableRootFeatureDocument(a.feature().awsName());
    };
  }

  private static String policy(AccountAction action) {
    return action.requiredPolicy().policyName();
  }

  static Action action(ActionDocument doc, String at) throws PlanFormatException {
    Action action =
        switch (doc) {
          case DeleteLoginProfileDocument d -> new DeleteLoginProfile();
          case DeleteAccessKeyDocument d ->
              new DeleteAccessKey(required(d.accessKeyId(), at + ".accessKeyId"));
          case DeleteSigningCertificateDocument d ->
              new DeleteSigningCertificate(required(d.certificateId(), at + ".certificateId"));
          case DeactivateMfaDeviceDocument d ->
              new DeactivateMfaDevice(
                  required(d.serialNumber(), at + ".serialNumber"), d.virtual());
          case AllowPasswordRecoveryDocument d -> new AllowPasswordRecovery();
          case EnableTrustedAccessDocument d ->
              new EnableTrustedAccess(required(d.servicePrincipal(), at + ".servicePrincipal"));
          case EnableRootFeatureDocument d ->
              new EnableRootFeature(feature(d.feature(), at + ".feature"));
          case DisableRootFeatureDocument d ->
              new DisableRootFeature(feature(d.feature(), at + ".feature"));
        };
    if (doc instanceof AccountActionDocument d && action instanceof AccountAction a) {
      var expected = a.requiredPolicy().policyName();
      var written = required(d.taskPolicy(), at + ".taskPolicy");
      if (!written.equals(expected)) {
        throw new PlanFormatException(
            at + ".taskPolicy",
            "'"
                + written
                + "' is not the task policy of "
                + a.getClass().getSimpleName()
                + " ("
                + expected
                + ")");
      }
    }
    return action;
  }

  private static OrgFeature feature(@Nullable String text, String at) throws PlanFormatException {
    var value = required(text, at);
    try {
      return OrgFeature.fromAwsName(value);
    } catch (IllegalArgumentException e) {
      throw new PlanFormatException(
          at, "expected RootCredentialsManagement or RootSessions, found '" + value + "'");
    }
  }
}
