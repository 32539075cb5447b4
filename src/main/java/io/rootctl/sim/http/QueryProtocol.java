package io.rootctl.sim.http;

import io.rootctl.live.AccessKey;
import io.rootctl.live.MfaDevice;
import io.rootctl.live.SigningCertificate;
import io.rootctl.sim.Caller;
import io.rootctl.sim.FeaturesView;
import io.rootctl.sim.SimException;
import io.rootctl.sim.SimulatedOrganization;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * IAM (2010-05-08) and STS (2011-06-15) over the query protocol: a form POST with {@code Action}
 * and {@code Version}; answers {@code <OpResponse xmlns=...><OpResult>...</OpResult>
 * <ResponseMetadata><RequestId>} (no Result element for operations without output), lists as {@code
 * <member>}, maps as {@code <entry><key><value>}, ISO-8601 timestamps, and errors as {@code
 * <ErrorResponse><Error><Type>Sender|Receiver</Type><Code/><Message/></Error><RequestId/>}.
 */
final class QueryProtocol {

  /** Writes one operation's result members; returns false when the operation has no output. */
  @FunctionalInterface
  private interface Operation {
    boolean answer(Caller caller, Map<String, String> params, Xml result);
  }

  private final String namespace;
  private final String version;
  private final Map<String, Operation> operations;

  private QueryProtocol(String namespace, String version, Map<String, Operation> operations) {
    this.namespace = namespace;
    this.version = version;
    this.operations = Map.copyOf(operations);
  }

  /** The operations served, by model name. */
  Set<String> operations() {
    return operations.keySet();
  }

  Response handle(Caller caller, String body, String requestId) {
    var params = form(body);
    var action = params.getOrDefault("Action", "");
    var op = operations.get(action);
    try {
      if (op == null) {
        throw new SimException(
            "InvalidAction", 400, "Could not find operation " + action + " for version " + version);
      }
      var result = new Xml();
      boolean hasOutput = op.answer(caller, params, result);
      var xml = new Xml().open(action + "Response", namespace);
      if (hasOutput) {
        xml.open(action + "Result");
        var content = result.toString();
        var out = xml.toString() + content;
        return Response.xml(
            200,
            out
                + new Xml()
                    .close(action + "Result")
                    .open("ResponseMetadata")
                    .leaf("RequestId", requestId)
                    .close("ResponseMetadata")
                    .close(action + "Response"));
      }
      xml.open("ResponseMetadata")
          .leaf("RequestId", requestId)
          .close("ResponseMetadata")
          .close(action + "Response");
      return Response.xml(200, xml.toString());
    } catch (SimException e) {
      return error(e, requestId);
    }
  }

  Response error(SimException e, String requestId) {
    var xml =
        new Xml()
            .open("ErrorResponse", namespace)
            .open("Error")
            .leaf("Type", e.serverFault() ? "Receiver" : "Sender")
            .leaf("Code", e.errorCode())
            .leaf("Message", e.getMessage())
            .close("Error")
            .leaf("RequestId", requestId)
            .close("ErrorResponse");
    return Response.xml(e.httpStatus(), xml.toString());
  }

  private static Map<String, String> form(String body) {
    var params = new HashMap<String, String>();
    for (var pair : body.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      var key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      var value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      params.put(key, value);
    }
    return params;
  }

  private static String required(Map<String, String> params, String name) {
    var value = params.get(name);
    if (value == null || value.isEmpty()) {
      throw new SimException(
          "ValidationError",
          400,
          "1 validation error detected: Value null at '"
              + Character.toLowerCase(name.charAt(0))
              + name.substring(1)
              + "' failed to satisfy constraint: Member must not be null");
    }
    return value;
  }

  private static OptionalInt integer(Map<String, String> params, String name) {
    var value = params.get(name);
    if (value == null) {
      return OptionalInt.empty();
    }
    try {
      return OptionalInt.of(Integer.parseInt(value));
    } catch (NumberFormatException e) {
      throw new SimException(
          "ValidationError", 400, "Value '" + value + "' for " + name + " is not a number");
    }
  }

  // ------------------------------------------------------------ IAM

  static QueryProtocol iam(SimulatedOrganization org) {
    var ops = new LinkedHashMap<String, Operation>();
    ops.put(
        "ListOrganizationsFeatures", (c, p, x) -> features(org.listOrganizationsFeatures(c), x));
    ops.put(
        "EnableOrganizationsRootCredentialsManagement",
        (c, p, x) -> features(org.enableOrganizationsRootCredentialsManagement(c), x));
    ops.put(
        "DisableOrganizationsRootCredentialsManagement",
        (c, p, x) -> features(org.disableOrganizationsRootCredentialsManagement(c), x));
    ops.put(
        "EnableOrganizationsRootSessions",
        (c, p, x) -> features(org.enableOrganizationsRootSessions(c), x));
    ops.put(
        "DisableOrganizationsRootSessions",
        (c, p, x) -> features(org.disableOrganizationsRootSessions(c), x));
    ops.put(
        "GetAccountSummary",
        (c, p, x) -> {
          x.open("SummaryMap");
          org.getAccountSummary(c)
              .forEach((k, v) -> x.open("entry").leaf("key", k).leaf("value", v).close("entry"));
          x.close("SummaryMap");
          return true;
        });
    ops.put(
        "GetUser",
        (c, p, x) -> {
          var u = org.getUser(c);
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
          var lp = org.getLoginProfile(c);
          loginProfile(org, c, lp, x);
          return true;
        });
    ops.put(
        "CreateLoginProfile",
        (c, p, x) -> {
          var lp = org.createLoginProfile(c, p.containsKey("Password"));
          loginProfile(org, c, lp, x);
          return true;
        });
    ops.put(
        "DeleteLoginProfile",
        (c, p, x) -> {
          org.deleteLoginProfile(c);
          return false;
        });
    ops.put(
        "ListAccessKeys",
        (c, p, x) -> {
          var page =
              org.listAccessKeys(c, Optional.ofNullable(p.get("Marker")), integer(p, "MaxItems"));
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
          var used = org.getAccessKeyLastUsed(c, required(p, "AccessKeyId"));
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
          org.deleteAccessKey(c, required(p, "AccessKeyId"));
          return false;
        });
    ops.put(
        "ListSigningCertificates",
        (c, p, x) -> {
          var page =
              org.listSigningCertificates(
                  c, Optional.ofNullable(p.get("Marker")), integer(p, "MaxItems"));
          var user = user(org, c);
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
          org.deleteSigningCertificate(c, required(p, "CertificateId"));
          return false;
        });
    ops.put(
        "ListMFADevices",
        (c, p, x) -> {
          var page =
              org.listMfaDevices(c, Optional.ofNullable(p.get("Marker")), integer(p, "MaxItems"));
          var user = user(org, c);
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
          org.deactivateMfaDevice(c, required(p, "SerialNumber"));
          return false;
        });
    ops.put(
        "DeleteVirtualMFADevice",
        (c, p, x) -> {
          org.deleteVirtualMfaDevice(c, required(p, "SerialNumber"));
          return false;
        });
    return new QueryProtocol("https://iam.amazonaws.com/doc/2010-05-08/", "2010-05-08", ops);
  }

  /** The root user's name as IAM lists it under a root session: the account id. */
  private static String user(SimulatedOrganization org, Caller c) {
    return org.accountOf(c).map(a -> a.value()).orElse("root");
  }

  private static boolean features(FeaturesView f, Xml x) {
    x.leaf("OrganizationId", f.organizationId()).open("EnabledFeatures");
    f.enabledFeatures().stream()
        .map(io.rootctl.model.OrgFeature::awsName)
        .sorted()
        .forEach(n -> x.leaf("member", n));
    x.close("EnabledFeatures");
    return true;
  }

  private static void loginProfile(
      SimulatedOrganization org, Caller c, io.rootctl.live.LoginProfile lp, Xml x) {
    x.open("LoginProfile")
        .leaf("UserName", user(org, c))
        .leaf("CreateDate", lp.createDate())
        .leaf("PasswordResetRequired", lp.passwordResetRequired())
        .close("LoginProfile");
  }

  private static void truncation(io.rootctl.sim.Page<?> page, Xml x) {
    x.leaf("IsTruncated", page.next().isPresent());
    page.next().ifPresent(m -> x.leaf("Marker", m));
  }

  // ------------------------------------------------------------ STS

  static QueryProtocol sts(SimulatedOrganization org) {
    var ops = new LinkedHashMap<String, Operation>();
    ops.put(
        "AssumeRoot",
        (c, p, x) -> {
          var creds =
              org.assumeRoot(
                  c,
                  required(p, "TargetPrincipal"),
                  required(p, "TaskPolicyArn.arn"),
                  integer(p, "DurationSeconds"));
          x.open("Credentials")
              .leaf("AccessKeyId", creds.accessKeyId())
              .leaf("SecretAccessKey", creds.secretAccessKey())
              .leaf("SessionToken", creds.sessionToken())
              .leaf("Expiration", creds.expiration())
              .close("Credentials");
          return true;
        });
    ops.put(
        "GetCallerIdentity",
        (c, p, x) -> {
          var id = org.getCallerIdentity(c);
          x.leaf("UserId", id.userId()).leaf("Account", id.account()).leaf("Arn", id.arn());
          return true;
        });
    return new QueryProtocol("https://sts.amazonaws.com/doc/2011-06-15/", "2011-06-15", ops);
  }
}
