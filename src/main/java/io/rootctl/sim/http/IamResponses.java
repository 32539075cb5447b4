package io.rootctl.sim.http;

import io.rootctl.live.AccessKey;
import io.rootctl.live.LoginProfile;
import io.rootctl.live.MfaDevice;
import io.rootctl.live.SigningCertificate;
import io.rootctl.model.OrgFeature;
import io.rootctl.sim.Caller;
import io.rootctl.sim.FeaturesView;
import io.rootctl.sim.IamBackend;
import io.rootctl.sim.Page;
import io.rootctl.sim.SimulatedOrganization;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * IAM (2010-05-08) on the wire: the {@link IamBackend}'s operations over the {@link QueryProtocol},
 * signed for {@code iam}; and the control plane's root-credential drift actions ({@code
 * createAccessKey}, {@code createLoginProfile}, {@code createSigningCertificate}, {@code
 * createMfaDevice}) and {@code addAdminCredentials}.
 *
 * @see <a href="https://docs.aws.amazon.com/IAM/latest/APIReference/welcome.html">IAM API
 *     Reference</a>
 */
final class IamResponses implements ServiceHandler {
  /** IAM's XML namespace. */
  static final String NAMESPACE = "https://iam.amazonaws.com/doc/2010-05-08/";

  private final SimulatedOrganization org;
  private final IamBackend iam;
  private final QueryProtocol protocol;

  IamResponses(SimulatedOrganization org) {
    this.org = org;
    this.iam = new IamBackend(org);
    this.protocol = new QueryProtocol(NAMESPACE, "2010-05-08", operationTable());
  }

  @Override
  public String signingName() {
    return "iam";
  }

  @Override
  public Set<String> operations() {
    return protocol.operations();
  }

  @Override
  public Response handle(Request request) {
    return protocol.handle(request);
  }

  @Override
  public Map<String, Mutation> mutations() {
    return Map.of(
        "createAccessKey", in -> org.addRootAccessKey(ControlPlane.account(in)),
        "createLoginProfile",
            in -> {
              org.addRootLoginProfile(
                  ControlPlane.account(in), in.path("password").asBoolean(true));
              return "loginProfile";
            },
        "createSigningCertificate", in -> org.addRootSigningCertificate(ControlPlane.account(in)),
        "createMfaDevice",
            in ->
                org.addRootMfaDevice(ControlPlane.account(in), in.path("virtual").asBoolean(true)),
        "addAdminCredentials",
            in -> {
              var creds = org.addAdminCredentials(ControlPlane.account(in));
              return creds.accessKeyId() + ":" + creds.secretAccessKey();
            });
  }

  private Map<String, QueryProtocol.Operation> operationTable() {
    var ops = new LinkedHashMap<String, QueryProtocol.Operation>();
    ops.put(
        "ListOrganizationsFeatures", (c, p, x) -> features(iam.listOrganizationsFeatures(c), x));
    ops.put(
        "EnableOrganizationsRootCredentialsManagement",
        (c, p, x) -> features(iam.enableOrganizationsRootCredentialsManagement(c), x));
    ops.put(
        "DisableOrganizationsRootCredentialsManagement",
        (c, p, x) -> features(iam.disableOrganizationsRootCredentialsManagement(c), x));
    ops.put(
        "EnableOrganizationsRootSessions",
        (c, p, x) -> features(iam.enableOrganizationsRootSessions(c), x));
    ops.put(
        "DisableOrganizationsRootSessions",
        (c, p, x) -> features(iam.disableOrganizationsRootSessions(c), x));
    ops.put(
        "GetAccountSummary",
        (c, p, x) -> {
          x.open("SummaryMap");
          iam.getAccountSummary(c)
              .forEach((k, v) -> x.open("entry").leaf("key", k).leaf("value", v).close("entry"));
          x.close("SummaryMap");
          return true;
        });
    ops.put(
        "GetUser",
        (c, p, x) -> {
          var u = iam.getUser(c);
          x.open("User");
          u.userName().ifPresent(n -> x.leaf("Path", "/").leaf("UserName", n));
          x.leaf("UserId", u.userId()).leaf("Arn", u.arn()).leaf("CreateDate", u.created());
          u.passwordLastUsed().ifPresent(t -> x.leaf("PasswordLastUsed", t));
          x.close("User");
          return true;
        });
    ops.put(
        "GetLoginProfile",
        (c, p, x) -> {
          var lp = iam.getLoginProfile(c);
          loginProfile(c, lp, x);
          return true;
        });
    ops.put(
        "CreateLoginProfile",
        (c, p, x) -> {
          var lp = iam.createLoginProfile(c, p.containsKey("Password"));
          loginProfile(c, lp, x);
          return true;
        });
    ops.put(
        "DeleteLoginProfile",
        (c, p, x) -> {
          iam.deleteLoginProfile(c);
          return false;
        });
    ops.put(
        "ListAccessKeys",
        (c, p, x) -> {
          var page =
              iam.listAccessKeys(
                  c, Optional.ofNullable(p.get("Marker")), QueryProtocol.integer(p, "MaxItems"));
          x.open("AccessKeyMetadata");
          for (AccessKey k : page.items()) {
            x.open("member")
                .leaf("AccessKeyId", k.id())
                .leaf("Status", k.status())
                .leaf("CreateDate", k.created())
                .close("member");
          }
          x.close("AccessKeyMetadata");
          truncation(page, x);
          return true;
        });
    ops.put(
        "GetAccessKeyLastUsed",
        (c, p, x) -> {
          var used = iam.getAccessKeyLastUsed(c, QueryProtocol.required(p, "AccessKeyId"));
          used.userName().ifPresent(n -> x.leaf("UserName", n));
          x.open("AccessKeyLastUsed");
          used.lastUsed().ifPresent(t -> x.leaf("LastUsedDate", t));
          x.leaf("ServiceName", used.serviceName())
              .leaf("Region", used.region())
              .close("AccessKeyLastUsed");
          return true;
        });
    ops.put(
        "DeleteAccessKey",
        (c, p, x) -> {
          iam.deleteAccessKey(c, QueryProtocol.required(p, "AccessKeyId"));
          return false;
        });
    ops.put(
        "ListSigningCertificates",
        (c, p, x) -> {
          var page =
              iam.listSigningCertificates(
                  c, Optional.ofNullable(p.get("Marker")), QueryProtocol.integer(p, "MaxItems"));
          var user = user(c);
          x.open("Certificates");
          for (SigningCertificate s : page.items()) {
            x.open("member")
                .leaf("UserName", user)
                .leaf("CertificateId", s.id())
                .leaf(
                    "CertificateBody",
                    "-----BEGIN CERTIFICATE-----\nU0lNVUxBVEVE"
                        + s.id()
                        + "\n-----END CERTIFICATE-----")
                .leaf("Status", s.status())
                .leaf("UploadDate", s.uploaded())
                .close("member");
          }
          x.close("Certificates");
          truncation(page, x);
          return true;
        });
    ops.put(
        "DeleteSigningCertificate",
        (c, p, x) -> {
          iam.deleteSigningCertificate(c, QueryProtocol.required(p, "CertificateId"));
          return false;
        });
    ops.put(
        "ListMFADevices",
        (c, p, x) -> {
          var page =
              iam.listMfaDevices(
                  c, Optional.ofNullable(p.get("Marker")), QueryProtocol.integer(p, "MaxItems"));
          var user = user(c);
          x.open("MFADevices");
          for (MfaDevice m : page.items()) {
            x.open("member")
                .leaf("UserName", user)
                .leaf("SerialNumber", m.serialNumber())
                .leaf("EnableDate", m.enabled())
                .close("member");
          }
          x.close("MFADevices");
          truncation(page, x);
          return true;
        });
    ops.put(
        "DeactivateMFADevice",
        (c, p, x) -> {
          iam.deactivateMfaDevice(c, QueryProtocol.required(p, "SerialNumber"));
          return false;
        });
    ops.put(
        "DeleteVirtualMFADevice",
        (c, p, x) -> {
          iam.deleteVirtualMfaDevice(c, QueryProtocol.required(p, "SerialNumber"));
          return false;
        });
    return ops;
  }

  /** The root user's name as IAM lists it under a root session: the account id. */
  private String user(Caller c) {
    return org.accountOf(c).map(a -> a.value()).orElse("root");
  }

  private static boolean features(FeaturesView f, Xml x) {
    x.leaf("OrganizationId", f.organizationId()).open("EnabledFeatures");
    f.enabledFeatures().stream()
        .map(OrgFeature::awsName)
        .sorted()
        .forEach(n -> x.leaf("member", n));
    x.close("EnabledFeatures");
    return true;
  }

  private void loginProfile(Caller c, LoginProfile lp, Xml x) {
    x.open("LoginProfile")
        .leaf("UserName", user(c))
        .leaf("CreateDate", lp.createDate())
        .leaf("PasswordResetRequired", lp.passwordResetRequired())
        .close("LoginProfile");
  }

  private static void truncation(Page<?> page, Xml x) {
    x.leaf("IsTruncated", page.next().isPresent());
    page.next().ifPresent(m -> x.leaf("Marker", m));
  }
}
