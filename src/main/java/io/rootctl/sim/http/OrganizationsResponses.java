package io.rootctl.sim.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rootctl.sim.AccountView;
import io.rootctl.sim.Caller;
import io.rootctl.sim.ChildView;
import io.rootctl.sim.DelegatedAdministratorView;
import io.rootctl.sim.OrganizationsBackend;
import io.rootctl.sim.OuView;
import io.rootctl.sim.Page;
import io.rootctl.sim.ParentView;
import io.rootctl.sim.PolicyTargetView;
import io.rootctl.sim.PolicyView;
import io.rootctl.sim.RootView;
import io.rootctl.sim.ServiceAccessView;
import io.rootctl.sim.SimException;
import io.rootctl.sim.SimulatedOrganization;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;

/**
 * AWS Organizations (2016-11-28) on the wire: the {@link OrganizationsBackend}'s operations over
 * the {@link JsonProtocol} ({@code X-Amz-Target: AWSOrganizationsV20161128.<Op>}, timestamps as
 * epoch seconds, errors with HTTP 400, or 500 for ServiceException), signed for {@code
 * organizations}; and the control plane's {@code suspend} and {@code addAccount} actions.
 *
 * @see <a href="https://docs.aws.amazon.com/organizations/latest/APIReference/Welcome.html">AWS
 *     Organizations API Reference</a>
 */
final class OrganizationsResponses implements ServiceHandler {
  static final String TARGET_PREFIX = "AWSOrganizationsV20161128.";

  private final SimulatedOrganization org;
  private final OrganizationsBackend organizations;
  private final ObjectMapper json = new ObjectMapper();
  private final JsonProtocol protocol;

  OrganizationsResponses(SimulatedOrganization org) {
    this.org = org;
    this.organizations = new OrganizationsBackend(org);
    this.protocol =
        new JsonProtocol(
            TARGET_PREFIX,
            Map.ofEntries(
                Map.entry(
                    "DescribeOrganization", (JsonProtocol.Operation) this::describeOrganization),
                Map.entry("ListRoots", (JsonProtocol.Operation) this::listRoots),
                Map.entry(
                    "ListOrganizationalUnitsForParent",
                    (JsonProtocol.Operation) this::listOrganizationalUnitsForParent),
                Map.entry(
                    "ListAccountsForParent", (JsonProtocol.Operation) this::listAccountsForParent),
                Map.entry("ListAccounts", (JsonProtocol.Operation) this::listAccounts),
                Map.entry("ListChildren", (JsonProtocol.Operation) this::listChildren),
                Map.entry("DescribeAccount", (JsonProtocol.Operation) this::describeAccount),
                Map.entry("ListParents", (JsonProtocol.Operation) this::listParents),
                Map.entry(
                    "EnableAWSServiceAccess",
                    (JsonProtocol.Operation) this::enableAwsServiceAccess),
                Map.entry(
                    "ListAWSServiceAccessForOrganization",
                    (JsonProtocol.Operation) this::listAwsServiceAccess),
                Map.entry(
                    "RegisterDelegatedAdministrator",
                    (JsonProtocol.Operation) this::registerDelegatedAdministrator),
                Map.entry(
                    "ListDelegatedAdministrators",
                    (JsonProtocol.Operation) this::listDelegatedAdministrators),
                Map.entry("CreatePolicy", (JsonProtocol.Operation) this::createPolicy),
                Map.entry("AttachPolicy", (JsonProtocol.Operation) this::attachPolicy),
                Map.entry("DetachPolicy", (JsonProtocol.Operation) this::detachPolicy),
                Map.entry("ListPolicies", (JsonProtocol.Operation) this::listPolicies),
                Map.entry(
                    "ListPoliciesForTarget", (JsonProtocol.Operation) this::listPoliciesForTarget),
                Map.entry(
                    "ListTargetsForPolicy", (JsonProtocol.Operation) this::listTargetsForPolicy),
                Map.entry("DescribePolicy", (JsonProtocol.Operation) this::describePolicy)));
  }

  @Override
  public String signingName() {
    return "organizations";
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
        "suspend",
        in -> {
          org.suspend(ControlPlane.account(in));
          return "SUSPENDED";
        },
        "addAccount",
        in ->
            org.addAccount(
                    ControlPlane.text(in, "name"),
                    ControlPlane.text(in, "email"),
                    ControlPlane.text(in, "parent"))
                .value(),
        "attachPolicy",
        in ->
            org.attachPolicy(
                ControlPlane.text(in, "name"),
                in.path("type").asText("SERVICE_CONTROL_POLICY"),
                in.path("content").isTextual()
                    ? in.get("content").asText()
                    : ControlPlane.requiredObject(in, "content").toString(),
                ControlPlane.text(in, "target")));
  }

  // ------------------------------------------------------------ input

  private static Optional<String> text(JsonNode input, String name) {
    var node = input.get(name);
    return node == null || node.isNull() ? Optional.empty() : Optional.of(node.asText());
  }

  private static String required(JsonNode input, String name) {
    return text(input, name)
        .orElseThrow(
            () ->
                new SimException(
                    "InvalidInputException",
                    400,
                    "You must specify a value for " + name + ".",
                    Optional.of("INPUT_REQUIRED")));
  }

  private static OptionalInt maxResults(JsonNode input) {
    var node = input.get("MaxResults");
    if (node == null || node.isNull()) {
      return OptionalInt.empty();
    }
    if (!node.canConvertToInt()) {
      throw new SimException(
          "InvalidInputException",
          400,
          "MaxResults must be a number.",
          Optional.of("INVALID_ENUM"));
    }
    return OptionalInt.of(node.asInt());
  }

  private static Optional<String> nextToken(JsonNode input) {
    return text(input, "NextToken");
  }

  // ------------------------------------------------------------ output

  private ObjectNode page(Page<?> page, String member, Function<Object, ObjectNode> item) {
    var out = json.createObjectNode();
    ArrayNode items = out.putArray(member);
    page.items().forEach(i -> items.add(item.apply(i)));
    page.next().ifPresent(t -> out.put("NextToken", t));
    return out;
  }

  private static BigDecimal epochSeconds(Instant t) {
    return BigDecimal.valueOf(t.toEpochMilli(), 3);
  }

  private ObjectNode account(AccountView a) {
    var node = json.createObjectNode();
    node.put("Id", a.id().value())
        .put("Arn", a.arn())
        .put("Email", a.email())
        .put("Name", a.name())
        .put("Status", legacyStatus(a))
        .put("State", a.state().name());
    node.putArray("Paths").add(a.path());
    node.put("JoinedMethod", "CREATED").put("JoinedTimestamp", epochSeconds(a.joined()));
    return node;
  }

  /** The retiring {@code Status} knows only ACTIVE, SUSPENDED and PENDING_CLOSURE. */
  private static String legacyStatus(AccountView a) {
    return switch (a.state()) {
      case ACTIVE, PENDING_ACTIVATION -> "ACTIVE";
      case SUSPENDED, CLOSED -> "SUSPENDED";
      case PENDING_CLOSURE -> "PENDING_CLOSURE";
    };
  }

  // ------------------------------------------------------------ operations

  private ObjectNode describeOrganization(Caller caller, JsonNode input) {
    var o = organizations.describeOrganization(caller);
    var out = json.createObjectNode();
    var node = out.putObject("Organization");
    node.put("Id", o.id())
        .put("Arn", o.arn())
        .put("FeatureSet", o.featureSet())
        .put("MasterAccountArn", o.managementAccountArn())
        .put("MasterAccountId", o.managementAccountId())
        .put("MasterAccountEmail", o.managementAccountEmail());
    node.putArray("AvailablePolicyTypes");
    return out;
  }

  private ObjectNode listRoots(Caller caller, JsonNode input) {
    return page(
        organizations.listRoots(caller, nextToken(input), maxResults(input)),
        "Roots",
        i -> {
          var r = (RootView) i;
          var node =
              json.createObjectNode().put("Id", r.id()).put("Arn", r.arn()).put("Name", r.name());
          node.putArray("PolicyTypes");
          return node;
        });
  }

  private ObjectNode listOrganizationalUnitsForParent(Caller caller, JsonNode input) {
    return page(
        organizations.listOrganizationalUnitsForParent(
            caller, required(input, "ParentId"), nextToken(input), maxResults(input)),
        "OrganizationalUnits",
        i -> {
          var ou = (OuView) i;
          return json.createObjectNode()
              .put("Id", ou.id())
              .put("Arn", ou.arn())
              .put("Name", ou.name())
              .put("Path", ou.path());
        });
  }

  private ObjectNode listAccountsForParent(Caller caller, JsonNode input) {
    return page(
        organizations.listAccountsForParent(
            caller, required(input, "ParentId"), nextToken(input), maxResults(input)),
        "Accounts",
        i -> account((AccountView) i));
  }

  private ObjectNode listAccounts(Caller caller, JsonNode input) {
    return page(
        organizations.listAccounts(caller, nextToken(input), maxResults(input)),
        "Accounts",
        i -> account((AccountView) i));
  }

  /**
   * ListChildren: {@code Children} of {@code {Id, Type}} and NextToken. See <a
   * href="https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListChildren.html">ListChildren</a>.
   */
  private ObjectNode listChildren(Caller caller, JsonNode input) {
    return page(
        organizations.listChildren(
            caller,
            required(input, "ParentId"),
            required(input, "ChildType"),
            nextToken(input),
            maxResults(input)),
        "Children",
        i -> {
          var c = (ChildView) i;
          return json.createObjectNode().put("Id", c.id()).put("Type", c.type());
        });
  }

  /**
   * DescribeAccount: {@code Account} as ListAccounts lists it. See <a
   * href="https://docs.aws.amazon.com/organizations/latest/APIReference/API_DescribeAccount.html">DescribeAccount</a>.
   */
  private ObjectNode describeAccount(Caller caller, JsonNode input) {
    var out = json.createObjectNode();
    out.set(
        "Account", account(organizations.describeAccount(caller, required(input, "AccountId"))));
    return out;
  }

  private ObjectNode listParents(Caller caller, JsonNode input) {
    return page(
        organizations.listParents(
            caller, required(input, "ChildId"), nextToken(input), maxResults(input)),
        "Parents",
        i -> {
          var p = (ParentView) i;
          return json.createObjectNode().put("Id", p.id()).put("Type", p.type());
        });
  }

  private ObjectNode enableAwsServiceAccess(Caller caller, JsonNode input) {
    organizations.enableAwsServiceAccess(caller, required(input, "ServicePrincipal"));
    return json.createObjectNode();
  }

  private ObjectNode listAwsServiceAccess(Caller caller, JsonNode input) {
    return page(
        organizations.listAwsServiceAccessForOrganization(
            caller, nextToken(input), maxResults(input)),
        "EnabledServicePrincipals",
        i -> {
          var s = (ServiceAccessView) i;
          return json.createObjectNode()
              .put("ServicePrincipal", s.servicePrincipal())
              .put("DateEnabled", epochSeconds(s.dateEnabled()));
        });
  }

  private ObjectNode registerDelegatedAdministrator(Caller caller, JsonNode input) {
    organizations.registerDelegatedAdministrator(
        caller, required(input, "AccountId"), required(input, "ServicePrincipal"));
    return json.createObjectNode();
  }

  private ObjectNode listDelegatedAdministrators(Caller caller, JsonNode input) {
    return page(
        organizations.listDelegatedAdministrators(
            caller, text(input, "ServicePrincipal"), nextToken(input), maxResults(input)),
        "DelegatedAdministrators",
        i -> {
          var d = (DelegatedAdministratorView) i;
          var node = account(d.account());
          node.remove("Paths");
          return node.put("DelegationEnabledDate", epochSeconds(d.delegationEnabled()));
        });
  }

  // ------------------------------------------------------------ policies

  private ObjectNode policySummary(PolicyView p) {
    return json.createObjectNode()
        .put("Id", p.id())
        .put("Arn", p.arn())
        .put("Name", p.name())
        .put("Description", p.description())
        .put("Type", p.type())
        .put("AwsManaged", p.awsManaged());
  }

  private ObjectNode policy(PolicyView p) {
    var out = json.createObjectNode();
    var policy = out.putObject("Policy");
    policy.set("PolicySummary", policySummary(p));
    policy.put("Content", p.content());
    return out;
  }

  private ObjectNode createPolicy(Caller caller, JsonNode input) {
    return policy(
        organizations.createPolicy(
            caller,
            required(input, "Name"),
            required(input, "Description"),
            required(input, "Type"),
            required(input, "Content")));
  }

  private ObjectNode attachPolicy(Caller caller, JsonNode input) {
    organizations.attachPolicy(caller, required(input, "PolicyId"), required(input, "TargetId"));
    return json.createObjectNode();
  }

  private ObjectNode detachPolicy(Caller caller, JsonNode input) {
    organizations.detachPolicy(caller, required(input, "PolicyId"), required(input, "TargetId"));
    return json.createObjectNode();
  }

  private ObjectNode listPolicies(Caller caller, JsonNode input) {
    return page(
        organizations.listPolicies(
            caller, required(input, "Filter"), nextToken(input), maxResults(input)),
        "Policies",
        i -> policySummary((PolicyView) i));
  }

  private ObjectNode listPoliciesForTarget(Caller caller, JsonNode input) {
    return page(
        organizations.listPoliciesForTarget(
            caller,
            required(input, "TargetId"),
            required(input, "Filter"),
            nextToken(input),
            maxResults(input)),
        "Policies",
        i -> policySummary((PolicyView) i));
  }

  private ObjectNode listTargetsForPolicy(Caller caller, JsonNode input) {
    return page(
        organizations.listTargetsForPolicy(
            caller, required(input, "PolicyId"), nextToken(input), maxResults(input)),
        "Targets",
        i -> {
          var t = (PolicyTargetView) i;
          return json.createObjectNode()
              .put("TargetId", t.targetId())
              .put("Arn", t.arn())
              .put("Name", t.name())
              .put("Type", t.type());
        });
  }

  private ObjectNode describePolicy(Caller caller, JsonNode input) {
    return policy(organizations.describePolicy(caller, required(input, "PolicyId")));
  }
}
