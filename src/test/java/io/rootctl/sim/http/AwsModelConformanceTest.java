package io.rootctl.sim.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rootctl.model.AccountId;
import io.rootctl.model.TaskPolicy;
import io.rootctl.sim.AdjustableClock;
import io.rootctl.sim.Fixture;
import io.rootctl.sim.SimulatedOrganization;
import io.rootctl.sim.StsBackend;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Checks the emulator against the official AWS models (../shared/aws-models): every operation it
 * serves exists in the model, and every member of every response (successes and errors, from a run
 * over every operation) is a member the model's output or error shape has, with the right XML
 * namespace and result wrapper. Fails (never skips) when the models are missing and CI=true.
 */
class AwsModelConformanceTest {
  static final String PAYMENTS = "555555555555";
  static final Set<String> COMMON_QUERY_ERRORS =
      Set.of(
          "AccessDenied",
          "ValidationError",
          "Throttling",
          "InvalidClientTokenId",
          "ExpiredToken",
          "MissingAuthenticationToken",
          "InternalFailure",
          "InvalidAction",
          "ServiceFailure");

  static Map<String, JsonNode> models = new HashMap<>();

  @BeforeAll
  static void loadModels() throws Exception {
    var dir = modelsDirectory();
    if (dir.isEmpty()) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("shared/aws-models not found (set -Drootctl.awsModels=DIR); required when CI=true");
      }
      Assumptions.abort("shared/aws-models not found; skipped outside CI");
    }
    var json = new ObjectMapper();
    for (var service : List.of("iam", "sts", "organizations")) {
      models.put(service, json.readTree(dir.get().resolve(service + ".json").toFile()));
    }
  }

  static Optional<Path> modelsDirectory() {
    var property = System.getProperty("rootctl.awsModels");
    if (property != null) {
      return Optional.of(Path.of(property)).filter(Files::isDirectory);
    }
    for (var p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      var candidate = p.resolve("shared/aws-models");
      if (Files.isRegularFile(candidate.resolve("iam.json"))) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  final SimulatedOrganization org =
      SimulatedOrganization.of(Fixture.demo(), new AdjustableClock(Clock.systemUTC()));
  final EmulatorServer server = new EmulatorServer(org, 0).start();
  final HttpClient http = HttpClient.newHttpClient();
  final ObjectMapper json = new ObjectMapper();
  final List<String> problems = new ArrayList<>();
  final Set<String> exercised = new TreeSet<>();

  @AfterEach
  void stop() {
    server.close();
    http.close();
  }

  @Test
  void servesOnlyOperationsTheModelsHave() {
    for (var op : server.servedOperations()) {
      var service = op.substring(0, op.indexOf(':'));
      var name = op.substring(op.indexOf(':') + 1);
      if (service.equals("awsssoportal") || service.equals("sso-oauth")) {
        // IAM Identity Center's models (SSO, SSO OIDC 2019-06-10) ship in the SDK's sso and
        // ssooidc modules; the real clients parse the answers in SsoPortalResponsesTest
        assertThat(
                java.util.Arrays.stream(
                        (service.equals("sso-oauth")
                                ? software.amazon.awssdk.services.ssooidc.SsoOidcClient.class
                                : software.amazon.awssdk.services.sso.SsoClient.class)
                            .getMethods())
                    .anyMatch(
                        m ->
                            m.getName()
                                .equals(Character.toLowerCase(name.charAt(0)) + name.substring(1))))
            .as("%s is not an operation of the SDK's SSO client", op)
            .isTrue();
        continue;
      }
      if (service.equals("s3") || service.equals("sqs")) {
        // shared/aws-models has no S3 or SQS model: their operations are checked against the
        // SDK's client, generated from it (one method per operation), and their responses by the
        // real SDK parsing them in S3EmulatorIT and SqsEmulatorIT.
        var method = Character.toLowerCase(name.charAt(0)) + name.substring(1);
        var client =
            service.equals("s3")
                ? software.amazon.awssdk.services.s3.S3Client.class
                : software.amazon.awssdk.services.sqs.SqsClient.class;
        assertThat(
                java.util.Arrays.stream(client.getMethods())
                    .anyMatch(m -> m.getName().equals(method)))
            .as("%s is not an operation of the SDK's %s client", op, service)
            .isTrue();
        continue;
      }
      assertThat(models.get(service).path("operations").has(name))
          .as("%s is not in the %s model", op, service)
          .isTrue();
    }
  }

  @Test
  void everyResponseMemberIsInTheModel() throws Exception {
    var admin = org.managementCredentials();
    var adminCaller = new Cred(admin.accessKeyId(), Optional.empty());
    // Organizations: successes, then errors.
    org("DescribeOrganization", "{}", adminCaller);
    org("ListRoots", "{}", adminCaller);
    org(
        "ListOrganizationalUnitsForParent",
        "{\"ParentId\":\"r-ex12\",\"MaxResults\":2}",
        adminCaller);
    org("ListAccountsForParent", "{\"ParentId\":\"ou-ex12-aaaaaaa3\"}", adminCaller);
    org("ListAccounts", "{\"MaxResults\":3}", adminCaller);
    org(
        "ListChildren",
        "{\"ParentId\":\"ou-ex12-aaaaaaa3\",\"ChildType\":\"ACCOUNT\",\"MaxResults\":2}",
        adminCaller);
    org(
        "ListChildren",
        "{\"ParentId\":\"r-ex12\",\"ChildType\":\"ORGANIZATIONAL_UNIT\"}",
        adminCaller);
    org("DescribeAccount", "{\"AccountId\":\"555555555555\"}", adminCaller);
    org("ListParents", "{\"ChildId\":\"555555555555\"}", adminCaller);
    org("EnableAWSServiceAccess", "{\"ServicePrincipal\":\"sso.amazonaws.com\"}", adminCaller);
    org("ListAWSServiceAccessForOrganization", "{}", adminCaller);
    org(
        "RegisterDelegatedAdministrator",
        "{\"AccountId\":\"222222222222\",\"ServicePrincipal\":\"iam.amazonaws.com\"}",
        adminCaller);
    org("ListDelegatedAdministrators", "{}", adminCaller);
    org("ListAccounts", "{\"NextToken\":\"bad\"}", adminCaller);
    org("ListParents", "{\"ChildId\":\"123456789012\"}", adminCaller);
    org("ListAccountsForParent", "{\"ParentId\":\"ou-ex12-zzzzzzzz\"}", adminCaller);
    org(
        "ListChildren",
        "{\"ParentId\":\"ou-ex12-zzzzzzzz\",\"ChildType\":\"ACCOUNT\"}",
        adminCaller);
    org("ListChildren", "{\"ParentId\":\"r-ex12\",\"ChildType\":\"ROOT\"}", adminCaller);
    org("DescribeAccount", "{\"AccountId\":\"123456789012\"}", adminCaller);
    org(
        "RegisterDelegatedAdministrator",
        "{\"AccountId\":\"222222222222\",\"ServicePrincipal\":\"iam.amazonaws.com\"}",
        adminCaller);
    org(
        "RegisterDelegatedAdministrator",
        "{\"AccountId\":\"123456789012\",\"ServicePrincipal\":\"iam.amazonaws.com\"}",
        adminCaller);
    // Organizations policies.
    org("ListPolicies", "{\"Filter\":\"SERVICE_CONTROL_POLICY\"}", adminCaller);
    org(
        "ListPoliciesForTarget",
        "{\"TargetId\":\"r-ex12\",\"Filter\":\"SERVICE_CONTROL_POLICY\"}",
        adminCaller);
    org("DescribePolicy", "{\"PolicyId\":\"p-FullAWSAccess\"}", adminCaller);
    org("ListTargetsForPolicy", "{\"PolicyId\":\"p-FullAWSAccess\"}", adminCaller);
    org("ListTargetsForPolicy", "{\"PolicyId\":\"p-FullAWSAccess\",\"MaxResults\":1}", adminCaller);
    org("ListTargetsForPolicy", "{\"PolicyId\":\"p-nosuchpolicy\"}", adminCaller);
    org("ListTargetsForPolicy", "{\"PolicyId\":\"nonsense\"}", adminCaller);
    org("DescribePolicy", "{\"PolicyId\":\"p-nosuchpolicy\"}", adminCaller);
    org(
        "CreatePolicy",
        "{\"Name\":\"DenyNothing\",\"Description\":\"d\",\"Type\":\"SERVICE_CONTROL_POLICY\","
            + "\"Content\":\"{\\\"Statement\\\":[]}\"}",
        adminCaller);
    org("AttachPolicy", "{\"PolicyId\":\"p-FullAWSAccess\",\"TargetId\":\"r-ex12\"}", adminCaller);
    org(
        "AttachPolicy",
        "{\"PolicyId\":\"p-FullAWSAccess\",\"TargetId\":\"ou-ex12-aaaaaaa1\"}",
        adminCaller);
    org("ListTargetsForPolicy", "{\"PolicyId\":\"p-FullAWSAccess\"}", adminCaller);
    org(
        "AttachPolicy",
        "{\"PolicyId\":\"p-FullAWSAccess\",\"TargetId\":\"555555555555\"}",
        adminCaller);
    org("ListTargetsForPolicy", "{\"PolicyId\":\"p-FullAWSAccess\"}", adminCaller);
    org(
        "DetachPolicy",
        "{\"PolicyId\":\"p-FullAWSAccess\",\"TargetId\":\"ou-ex12-aaaaaaa1\"}",
        adminCaller);
    // STS.
    query("sts", "GetCallerIdentity", Map.of(), adminCaller);
    query(
        "sts",
        "AssumeRoot",
        Map.of(
            "TargetPrincipal",
            PAYMENTS,
            "TaskPolicyArn.arn",
            TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS.arn()),
        adminCaller);
    query(
        "sts",
        "AssumeRoot",
        Map.of(
            "TargetPrincipal",
            "111111111111",
            "TaskPolicyArn.arn",
            TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS.arn()),
        adminCaller);
    // IAM features.
    for (var op :
        List.of(
            "ListOrganizationsFeatures",
            "DisableOrganizationsRootSessions",
            "EnableOrganizationsRootSessions",
            "DisableOrganizationsRootCredentialsManagement",
            "EnableOrganizationsRootCredentialsManagement")) {
      query("iam", op, Map.of(), adminCaller);
    }
    // IAM in root sessions: with drift so that every list has members.
    var account = AccountId.of(PAYMENTS);
    org.addRootLoginProfile(account, true);
    org.addRootSigningCertificate(account);
    org.addRootAccessKey(account);
    var audit = session(TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS);
    query("iam", "GetAccountSummary", Map.of(), audit);
    query("iam", "GetUser", Map.of(), audit);
    query("iam", "GetLoginProfile", Map.of(), audit);
    query("iam", "ListAccessKeys", Map.of("MaxItems", "1"), audit);
    query("iam", "GetAccessKeyLastUsed", Map.of("AccessKeyId", "AKIAEXAMPLEPAYMNT001"), audit);
    query("iam", "ListSigningCertificates", Map.of(), audit);
    query("iam", "ListMFADevices", Map.of(), audit);
    query("iam", "DeleteAccessKey", Map.of("AccessKeyId", "AKIAEXAMPLEPAYMNT001"), audit);
    var delete = session(TaskPolicy.DELETE_ROOT_USER_CREDENTIALS);
    var serial = "arn:aws:iam::555555555555:mfa/root-account-mfa-device";
    query("iam", "DeleteVirtualMFADevice", Map.of("SerialNumber", serial), delete);
    query("iam", "DeactivateMFADevice", Map.of("SerialNumber", serial), delete);
    query("iam", "DeleteVirtualMFADevice", Map.of("SerialNumber", serial), delete);
    query("iam", "DeleteAccessKey", Map.of("AccessKeyId", "AKIAEXAMPLEPAYMNT001"), delete);
    query("iam", "DeleteAccessKey", Map.of("AccessKeyId", "AKIAEXAMPLEPAYMNT001"), delete);
    var cert = org.rootCredentials(account).signingCertificates().get(0).id();
    query("iam", "DeleteSigningCertificate", Map.of("CertificateId", cert), delete);
    query("iam", "DeleteLoginProfile", Map.of(), delete);
    query("iam", "GetLoginProfile", Map.of(), delete);
    var create = session(TaskPolicy.CREATE_ROOT_USER_PASSWORD);
    query("iam", "CreateLoginProfile", Map.of(), create);
    query("iam", "CreateLoginProfile", Map.of(), create);

    assertThat(problems).as("responses with members the official models do not have").isEmpty();
    assertThat(exercised)
        .as(
            "every served operation was exercised (S3's in S3EmulatorIT, SQS's in SqsEmulatorIT,"
                + " the SSO portal's in SsoPortalResponsesTest)")
        .containsAll(
            server.servedOperations().stream()
                .filter(
                    op ->
                        !op.startsWith("s3:")
                            && !op.startsWith("sqs:")
                            && !op.startsWith("awsssoportal:")
                            && !op.startsWith("sso-oauth:"))
                .toList());
  }

  record Cred(String accessKeyId, Optional<String> token) {}

  Cred session(TaskPolicy policy) {
    var c =
        new StsBackend(org)
            .assumeRoot(
                org.managementCredentials().caller(), PAYMENTS, policy.arn(), OptionalInt.empty());
    return new Cred(c.accessKeyId(), Optional.of(c.sessionToken()));
  }

  HttpRequest.Builder request(String service, Cred cred) {
    var b =
        HttpRequest.newBuilder(server.endpoint().resolve("/"))
            .header(
                "Authorization",
                "AWS4-HMAC-SHA256 Credential="
                    + cred.accessKeyId()
                    + "/20261123/us-east-1/"
                    + service
                    + "/aws4_request, SignedHeaders=host;x-amz-date, Signature=00");
    cred.token().ifPresent(t -> b.header("X-Amz-Security-Token", t));
    return b;
  }

  void org(String op, String body, Cred cred) throws Exception {
    exercised.add("organizations:" + op);
    var response =
        http.send(
            request("organizations", cred)
                .header("X-Amz-Target", "AWSOrganizationsV20161128." + op)
                .header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
    var model = models.get("organizations");
    var operation = model.path("operations").path(op);
    var node = json.readTree(response.body());
    if (response.statusCode() == 200) {
      var output = operation.path("output").path("shape").asText("");
      if (output.isEmpty()) {
        if (node.size() != 0) {
          problems.add(op + ": has no output in the model but answered " + node);
        }
      } else {
        checkJson(model, op, output, node);
      }
      return;
    }
    var type = node.path("__type").asText();
    var shape = model.path("shapes").path(type);
    boolean modeled = false;
    for (var e : operation.path("errors")) {
      modeled |= e.path("shape").asText().equals(type);
    }
    if (!modeled) {
      problems.add(op + ": error " + type + " is not modeled for the operation");
      return;
    }
    int expectedStatus =
        shape
            .path("error")
            .path("httpStatusCode")
            .asInt(shape.path("fault").asBoolean() ? 500 : 400);
    if (response.statusCode() != expectedStatus) {
      problems.add(
          op
              + ": error "
              + type
              + " answered HTTP "
              + response.statusCode()
              + ", model says "
              + expectedStatus);
    }
    node.fieldNames()
        .forEachRemaining(
            f -> {
              if (!f.equals("__type") && !shape.path("members").has(f)) {
                problems.add(op + ": error " + type + " has member " + f + " the model does not");
              }
            });
  }

  void checkJson(JsonNode model, String where, String shapeName, JsonNode value) {
    var shape = model.path("shapes").path(shapeName);
    switch (shape.path("type").asText()) {
      case "structure" -> {
        if (!value.isObject()) {
          problems.add(where + ": " + shapeName + " is not an object");
          return;
        }
        value
            .fieldNames()
            .forEachRemaining(
                f -> {
                  var member = shape.path("members").path(f);
                  if (member.isMissingNode()) {
                    problems.add(where + ": " + shapeName + " has no member " + f);
                  } else {
                    checkJson(model, where + "." + f, member.path("shape").asText(), value.get(f));
                  }
                });
      }
      case "list" ->
          value.forEach(
              v -> checkJson(model, where + "[]", shape.path("member").path("shape").asText(), v));
      case "timestamp" -> {
        if (!value.isNumber()) {
          problems.add(where + ": timestamp is not epoch seconds: " + value);
        }
      }
      case "string" -> {
        if (shape.has("enum")) {
          var allowed = new TreeSet<String>();
          shape.path("enum").forEach(e -> allowed.add(e.asText()));
          if (!allowed.contains(value.asText())) {
            problems.add(where + ": " + value + " is not one of " + allowed);
          }
        }
      }
      default -> {}
    }
  }

  void query(String service, String op, Map<String, String> params, Cred cred) throws Exception {
    exercised.add(service + ":" + op);
    var model = models.get(service);
    var all = new LinkedHashMap<String, String>();
    all.put("Action", op);
    all.put("Version", model.path("metadata").path("apiVersion").asText());
    all.putAll(params);
    var body = new StringBuilder();
    all.forEach(
        (k, v) ->
            body.append(body.isEmpty() ? "" : "&")
                .append(k)
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    var response =
        http.send(
            request(service, cred)
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    var factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    var doc =
        factory
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(response.body().getBytes(StandardCharsets.UTF_8)));
    var root = doc.getDocumentElement();
    var namespace = model.path("metadata").path("xmlNamespace").asText();
    if (!namespace.equals(root.getNamespaceURI())) {
      problems.add(op + ": namespace " + root.getNamespaceURI() + " is not " + namespace);
    }
    var operation = model.path("operations").path(op);
    if (response.statusCode() != 200) {
      checkQueryError(model, op, operation, root, response.statusCode());
      return;
    }
    if (!root.getLocalName().equals(op + "Response")) {
      problems.add(op + ": root element " + root.getLocalName());
    }
    var wrapper = operation.path("output").path("resultWrapper").asText("");
    for (var child : children(root)) {
      if (child.getLocalName().equals("ResponseMetadata")) {
        if (children(child).size() != 1
            || !children(child).get(0).getLocalName().equals("RequestId")) {
          problems.add(op + ": ResponseMetadata must hold exactly RequestId");
        }
      } else if (!wrapper.isEmpty() && child.getLocalName().equals(wrapper)) {
        checkXml(model, op, operation.path("output").path("shape").asText(), child);
      } else {
        problems.add(
            op
                + ": unexpected element "
                + child.getLocalName()
                + " (result wrapper: '"
                + wrapper
                + "')");
      }
    }
  }

  void checkQueryError(JsonNode model, String op, JsonNode operation, Element root, int status) {
    if (!root.getLocalName().equals("ErrorResponse")) {
      problems.add(op + ": error root " + root.getLocalName());
      return;
    }
    var names = children(root).stream().map(Node::getLocalName).toList();
    if (!names.equals(List.of("Error", "RequestId"))) {
      problems.add(op + ": ErrorResponse holds " + names);
    }
    var error = children(root).get(0);
    var fields = new HashMap<String, String>();
    children(error).forEach(e -> fields.put(e.getLocalName(), e.getTextContent()));
    if (!fields.keySet().equals(Set.of("Type", "Code", "Message"))) {
      problems.add(op + ": Error holds " + fields.keySet());
    }
    var code = fields.get("Code");
    Integer modeledStatus = null;
    for (var e : operation.path("errors")) {
      var shape = model.path("shapes").path(e.path("shape").asText());
      var wire = shape.path("error").path("code").asText(e.path("shape").asText());
      if (wire.equals(code)) {
        modeledStatus = shape.path("error").path("httpStatusCode").asInt(400);
      }
    }
    if (modeledStatus == null && !COMMON_QUERY_ERRORS.contains(code)) {
      problems.add(
          op + ": error code " + code + " is neither modeled for the operation nor a common error");
    }
    if (modeledStatus != null && modeledStatus != status) {
      problems.add(
          op + ": error " + code + " answered HTTP " + status + ", model says " + modeledStatus);
    }
    var type = fields.get("Type");
    if (!type.equals(status >= 500 ? "Receiver" : "Sender")) {
      problems.add(op + ": error type " + type + " for HTTP " + status);
    }
  }

  void checkXml(JsonNode model, String where, String shapeName, Element element) {
    var shape = model.path("shapes").path(shapeName);
    switch (shape.path("type").asText()) {
      case "structure" -> {
        var byWireName = new HashMap<String, JsonNode>();
        shape
            .path("members")
            .fields()
            .forEachRemaining(
                m ->
                    byWireName.put(
                        m.getValue().path("locationName").asText(m.getKey()), m.getValue()));
        for (var child : children(element)) {
          var member = byWireName.get(child.getLocalName());
          if (member == null) {
            problems.add(where + ": " + shapeName + " has no member " + child.getLocalName());
          } else {
            checkXml(
                model, where + "." + child.getLocalName(), member.path("shape").asText(), child);
          }
        }
      }
      case "list" -> {
        var itemName = shape.path("member").path("locationName").asText("member");
        for (var child : children(element)) {
          if (!child.getLocalName().equals(itemName)) {
            problems.add(
                where + ": list item " + child.getLocalName() + " is not <" + itemName + ">");
          } else {
            checkXml(model, where + "[]", shape.path("member").path("shape").asText(), child);
          }
        }
      }
      case "map" -> {
        for (var entry : children(element)) {
          var names = children(entry).stream().map(Node::getLocalName).toList();
          if (!entry.getLocalName().equals("entry") || !names.equals(List.of("key", "value"))) {
            problems.add(where + ": map entry is not <entry><key/><value/></entry>");
            continue;
          }
          checkXml(
              model,
              where + "{key}",
              shape.path("key").path("shape").asText(),
              children(entry).get(0));
        }
      }
      case "timestamp" -> {
        try {
          java.time.Instant.parse(element.getTextContent());
        } catch (java.time.format.DateTimeParseException e) {
          problems.add(where + ": timestamp is not ISO-8601: " + element.getTextContent());
        }
      }
      case "string" -> {
        if (shape.has("enum")) {
          var allowed = new TreeSet<String>();
          shape.path("enum").forEach(e -> allowed.add(e.asText()));
          if (!allowed.contains(element.getTextContent())) {
            problems.add(where + ": " + element.getTextContent() + " is not one of " + allowed);
          }
        }
        if (!children(element).isEmpty()) {
          problems.add(where + ": a string with child elements");
        }
      }
      default -> {
        if (!children(element).isEmpty()) {
          problems.add(where + ": a scalar with child elements");
        }
      }
    }
  }

  static List<Element> children(Element e) {
    var list = new ArrayList<Element>();
    for (var n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element child) {
        list.add(child);
      }
    }
    return list;
  }
}
