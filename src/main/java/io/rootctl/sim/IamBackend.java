package io.rootctl.sim;

import io.rootctl.live.AccessKey;
import io.rootctl.live.LoginProfile;
import io.rootctl.live.MfaDevice;
import io.rootctl.live.SigningCertificate;
import io.rootctl.model.OrgFeature;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * AWS IAM, simulated over a {@link SimulatedOrganization}'s shared state (moto's {@code
 * iam/models.py}): the five organization-feature operations of centralized root access, and the
 * root-credential operations a root session makes on its account's root user. Each public method is
 * one API call: it takes the {@link Caller}, goes through the call pipeline (task policy, faults,
 * journal) and returns plain values or throws a {@link SimException} with IAM's error code.
 * Listings page by {@code Marker} as {@link Pagination#iam} says. A view: construct as many as
 * convenient; all share the organization's state. Thread-safe.
 *
 * @see <a href="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-enable-root-access.html">
 *     Centralize root access for member accounts</a>
 * @see <a
 *     href="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user-privileged-task.html">
 *     Perform a privileged task on an AWS Organizations member account</a>
 */
public final class IamBackend {
  private final SimState state;
  private final CallPipeline pipeline;
  private final RootActivityEvents events;

  public IamBackend(SimulatedOrganization organization) {
    this.state = organization.state();
    this.pipeline = organization.pipeline();
    this.events = organization.events();
  }

  // ---------------------------------------------------------------- organization features

  private FeaturesView features(Caller caller, String operation, Function<Principal, Void> change) {
    return pipeline.call(
        "iam:" + operation,
        caller,
        p -> {
          boolean delegatedAdmin =
              state.delegated.getOrDefault("iam.amazonaws.com", Map.of()).containsKey(p.account());
          if (!p.account().equals(state.management) && !delegatedAdmin) {
            throw new SimException(
                "AccountNotManagementOrDelegatedAdministratorException",
                400,
                "The request was rejected because the account making the request is not the"
                    + " management account or delegated administrator account for centralized root"
                    + " access.");
          }
          if (operation.startsWith("Enable") && !p.account().equals(state.management)) {
            throw new SimException(
                "CallerIsNotManagementAccountException",
                400,
                "The request was rejected because the account making the request is not the"
                    + " management account for the organization.");
          }
          if (!state.trustedAccess.containsKey("iam.amazonaws.com")) {
            throw new SimException(
                "ServiceAccessNotEnabledException",
                400,
                "The request was rejected because trusted access for IAM is not enabled for the"
                    + " organization.");
          }
          change.apply(p);
          return new FeaturesView(state.organizationId, state.features);
        });
  }

  /** iam:ListOrganizationsFeatures. */
  public FeaturesView listOrganizationsFeatures(Caller caller) {
    return features(caller, "ListOrganizationsFeatures", p -> null);
  }

  /** iam:EnableOrganizationsRootCredentialsManagement. Management account only; idempotent. */
  public FeaturesView enableOrganizationsRootCredentialsManagement(Caller caller) {
    return switchFeature(
        caller,
        "EnableOrganizationsRootCredentialsManagement",
        OrgFeature.ROOT_CREDENTIALS_MANAGEMENT,
        true);
  }

  /** iam:EnableOrganizationsRootSessions. Management account only; idempotent. */
  public FeaturesView enableOrganizationsRootSessions(Caller caller) {
    return switchFeature(caller, "EnableOrganizationsRootSessions", OrgFeature.ROOT_SESSIONS, true);
  }

  /** iam:DisableOrganizationsRootCredentialsManagement. Idempotent. */
  public FeaturesView disableOrganizationsRootCredentialsManagement(Caller caller) {
    return switchFeature(
        caller,
        "DisableOrganizationsRootCredentialsManagement",
        OrgFeature.ROOT_CREDENTIALS_MANAGEMENT,
        false);
  }

  /** iam:DisableOrganizationsRootSessions. Idempotent. */
  public FeaturesView disableOrganizationsRootSessions(Caller caller) {
    return switchFeature(
        caller, "DisableOrganizationsRootSessions", OrgFeature.ROOT_SESSIONS, false);
  }

  private FeaturesView switchFeature(
      Caller caller, String operation, OrgFeature feature, boolean on) {
    return features(
        caller,
        operation,
        p -> {
          if (on) {
            state.features.add(feature);
          } else {
            state.features.remove(feature);
          }
          return null;
        });
  }

  // ---------------------------------------------------------------- the root user, in a session

  private SimState.RootUser rootOf(Principal p, String operation) {
    if (p.session().isEmpty()) {
      // Only root sessions are simulated for root-credential calls; an administrator calling
      // these would be acting on its own IAM user, which rootctl never does.
      throw SimException.accessDenied(
          "User: "
              + p.arn()
              + " is not authorized to perform: "
              + operation
              + " on resource: arn:aws:iam::"
              + p.account()
              + ":root (the simulator answers"
              + " root-credential calls only in root sessions)");
    }
    return state.accounts.get(p.account()).root;
  }

  private <T> T rootCall(String operation, Caller caller, Function<SimState.RootUser, T> body) {
    return pipeline.call(operation, caller, p -> body.apply(rootOf(p, operation)));
  }

  /**
   * A root-credential write: when it succeeds, its CloudTrail event goes to the events queue
   * ({@link RootActivityEvents}) with the session's identity.
   *
   * @param request the event's {@code requestParameters} (null: none)
   * @param response the event's {@code responseElements} from the result (returning null: none)
   */
  private <T> T rootWrite(
      String operation,
      Caller caller,
      @Nullable Map<String, Object> request,
      Function<T, @Nullable Map<String, Object>> response,
      Function<SimState.RootUser, T> body) {
    return pipeline.call(
        operation,
        caller,
        p -> {
          var result = body.apply(rootOf(p, operation));
          p.session()
              .ifPresent(
                  s ->
                      events.rootSessionCall(
                          s,
                          operation.substring(operation.indexOf(':') + 1),
                          request,
                          response.apply(result)));
          return result;
        });
  }

  /** iam:GetAccountSummary: the root user's summary keys (values 0/1 or counts). */
  public Map<String, Integer> getAccountSummary(Caller caller) {
    return rootCall(
        "iam:GetAccountSummary",
        caller,
        r -> {
          var map = new TreeMap<String, Integer>();
          long inUse = r.mfa.stream().filter(m -> m.enabled).count();
          map.put("AccountMFAEnabled", inUse > 0 ? 1 : 0);
          map.put("AccountAccessKeysPresent", r.keys.isEmpty() ? 0 : 1);
          map.put("AccountSigningCertificatesPresent", r.certificates.isEmpty() ? 0 : 1);
          map.put("AccountPasswordPresent", r.profileCreated.isPresent() && r.password ? 1 : 0);
          map.put("MFADevices", r.mfa.size());
          map.put("MFADevicesInUse", (int) inUse);
          map.put("AccessKeysPerUserQuota", 2);
          map.put("SigningCertificatesPerUserQuota", 2);
          map.put("Users", 0);
          map.put("UsersQuota", 5000);
          return map;
        });
  }

  /** iam:GetUser without a user name: the root user. */
  public UserView getUser(Caller caller) {
    return pipeline.call(
        "iam:GetUser",
        caller,
        p -> {
          var root = rootOf(p, "iam:GetUser");
          var account = state.accounts.get(p.account());
          return new UserView(
              p.account().value(),
              Optional.empty(),
              p.arn(),
              account.joined,
              root.passwordLastUsed);
        });
  }

  /** iam:GetLoginProfile: NoSuchEntity when the root user has none. */
  public LoginProfile getLoginProfile(Caller caller) {
    return rootCall(
        "iam:GetLoginProfile",
        caller,
        r ->
            r.profileCreated
                .map(c -> new LoginProfile(c, false))
                .orElseThrow(
                    () ->
                        SimException.noSuchEntity("Login Profile for User root cannot be found.")));
  }

  /**
   * iam:CreateLoginProfile without a password (allows password recovery). EntityAlreadyExists when
   * one exists; a password is rejected, as AWS requires it omitted in a root session.
   */
  public LoginProfile createLoginProfile(Caller caller, boolean withPassword) {
    return rootWrite(
        "iam:CreateLoginProfile",
        caller,
        Map.of("passwordResetRequired", false),
        profile ->
            Map.of(
                "loginProfile",
                Map.of(
                    "createDate",
                    RootActivityEvents.iamDate(profile.createDate()),
                    "passwordResetRequired",
                    false)),
        r -> {
          if (withPassword) {
            throw SimException.validation(
                "Password must be omitted when you make the request with an AssumeRoot session.");
          }
          if (r.profileCreated.isPresent()) {
            throw new SimException(
                "EntityAlreadyExists", 409, "Login Profile for User root already exists.");
          }
          r.profileCreated = Optional.of(pipeline.now());
          r.password = false;
          return new LoginProfile(r.profileCreated.get(), false);
        });
  }

  /** iam:DeleteLoginProfile: NoSuchEntity when there is none. */
  public void deleteLoginProfile(Caller caller) {
    rootWrite(
        "iam:DeleteLoginProfile",
        caller,
        null,
        x -> null,
        r -> {
          if (r.profileCreated.isEmpty()) {
            throw SimException.noSuchEntity("Login Profile for User root cannot be found.");
          }
          r.profileCreated = Optional.empty();
          r.password = false;
          return null;
        });
  }

  /** iam:ListAccessKeys of the root user, paged by Marker. */
  public Page<AccessKey> listAccessKeys(
      Caller caller, Optional<String> marker, OptionalInt maxItems) {
    return rootCall(
        "iam:ListAccessKeys",
        caller,
        r ->
            Pagination.iam(
                "ListAccessKeys",
                r.keys.stream()
                    .map(k -> new AccessKey(k.id(), k.status(), k.created(), k.lastUsed()))
                    .toList(),
                marker,
                maxItems));
  }

  /** iam:GetAccessKeyLastUsed of one of the root user's keys. */
  public AccessKeyLastUsedView getAccessKeyLastUsed(Caller caller, String accessKeyId) {
    return rootCall(
        "iam:GetAccessKeyLastUsed",
        caller,
        r ->
            r.keys.stream()
                .filter(k -> k.id().equals(accessKeyId))
                .findFirst()
                .map(
                    k ->
                        new AccessKeyLastUsedView(
                            Optional.empty(),
                            k.lastUsed(),
                            k.lastUsed().isPresent() ? k.service() : "N/A",
                            k.lastUsed().isPresent() ? "us-east-1" : "N/A"))
                .orElseThrow(
                    () ->
                        SimException.noSuchEntity(
                            "The Access Key with id " + accessKeyId + " cannot be found.")));
  }

  /** iam:DeleteAccessKey: NoSuchEntity when it is gone. */
  public void deleteAccessKey(Caller caller, String accessKeyId) {
    rootWrite(
        "iam:DeleteAccessKey",
        caller,
        Map.of("accessKeyId", accessKeyId),
        x -> null,
        r -> {
          if (!r.keys.removeIf(k -> k.id().equals(accessKeyId))) {
            throw SimException.noSuchEntity(
                "The Access Key with id " + accessKeyId + " cannot be found.");
          }
          return null;
        });
  }

  /** iam:ListSigningCertificates of the root user, paged by Marker. */
  public Page<SigningCertificate> listSigningCertificates(
      Caller caller, Optional<String> marker, OptionalInt maxItems) {
    return rootCall(
        "iam:ListSigningCertificates",
        caller,
        r -> Pagination.iam("ListSigningCertificates", r.certificates, marker, maxItems));
  }

  /** iam:DeleteSigningCertificate: NoSuchEntity when it is gone. */
  public void deleteSigningCertificate(Caller caller, String certificateId) {
    rootWrite(
        "iam:DeleteSigningCertificate",
        caller,
        Map.of("certificateId", certificateId),
        x -> null,
        r -> {
          if (!r.certificates.removeIf(c -> c.id().equals(certificateId))) {
            throw SimException.noSuchEntity(
                "The Certificate with id " + certificateId + " cannot be found.");
          }
          return null;
        });
  }

  /** iam:ListMFADevices: the devices assigned (enabled) for the root user, paged by Marker. */
  public Page<MfaDevice> listMfaDevices(
      Caller caller, Optional<String> marker, OptionalInt maxItems) {
    return rootCall(
        "iam:ListMFADevices",
        caller,
        r ->
            Pagination.iam(
                "ListMFADevices",
                r.mfa.stream()
                    .filter(m -> m.enabled)
                    .map(m -> new MfaDevice(m.serial, m.virtual(), m.enableDate))
                    .toList(),
                marker,
                maxItems));
  }

  /** iam:DeactivateMFADevice: unassigns it; a virtual device remains until deleted. */
  public void deactivateMfaDevice(Caller caller, String serialNumber) {
    rootWrite(
        "iam:DeactivateMFADevice",
        caller,
        Map.of("serialNumber", serialNumber),
        x -> null,
        r -> {
          var device =
              r.mfa.stream().filter(m -> m.serial.equals(serialNumber) && m.enabled).findFirst();
          if (device.isEmpty()) {
            throw SimException.noSuchEntity(
                "MFA Device with serial number " + serialNumber + " does not exist.");
          }
          device.get().enabled = false;
          if (!device.get().virtual()) {
            r.mfa.remove(device.get());
          }
          return null;
        });
  }

  /** iam:DeleteVirtualMFADevice: DeleteConflict while it is still enabled. */
  public void deleteVirtualMfaDevice(Caller caller, String serialNumber) {
    rootWrite(
        "iam:DeleteVirtualMFADevice",
        caller,
        Map.of("serialNumber", serialNumber),
        x -> null,
        r -> {
          var device =
              r.mfa.stream().filter(m -> m.serial.equals(serialNumber) && m.virtual()).findFirst();
          if (device.isEmpty()) {
            throw SimException.noSuchEntity(
                "VirtualMFADevice with serial number " + serialNumber + " doesn't exist.");
          }
          if (device.get().enabled) {
            throw new SimException(
                "DeleteConflict",
                409,
                "MFA Device is still in use. Deactivate it before deleting it.");
          }
          r.mfa.remove(device.get());
          return null;
        });
  }
}
