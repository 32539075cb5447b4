package io.rootctl.sim.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rootctl.sim.AccountView;
import io.rootctl.sim.Caller;
import io.rootctl.sim.Page;
import io.rootctl.sim.SimException;
import io.rootctl.sim.SimulatedOrganization;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.BiFunction;

/**
 * AWS Organizations over JSON 1.1: {@code X-Amz-Target: AWSOrganizationsV20161128.<Op>}, a JSON
 * body in and out, timestamps as epoch seconds, errors as {@code {"__type", "Message"}} (plus
 * {@code Reason} where the model has one) with HTTP 400, or 500 for ServiceException.
 */
final class OrganizationsJsonProtocol {
  static final String TARGET_PREFIX = "AWSOrganizationsV20161128.";

  private final SimulatedOrganization org;
  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, BiFunction<Caller, JsonNode, ObjectNode>> operations;

  OrganizationsJsonProtocol(SimulatedOrganization org) {
    this.org = org;
    this.operations =
        Map.of(
            "DescribeOrganization", this::describeOrganization,
            "ListRoots", this::listRoots,
            "ListOrganizationalUnitsForParent", this::listOrganizationalUnitsForParent,
            "ListAccountsForParent", this::listAccountsForParent,
            "ListAccounts", this::listAccounts,
            "ListParents", this::listParents,
            "EnableAWSServiceAccess", this::enableAwsServiceAccess,
            "ListAWSServiceAccessForOrganization", this::listAwsServiceAccess,
            "RegisterDelegatedAdministrator", this::registerDelegatedAdministrator,
            "ListDelegatedAdministrators", this::listDelegatedAdministrators);
  }

  /** The operations served, by model name. */
  java.util.Set<String> operations() {
    return operations.keySet();
  }

  Response handle(String target, Caller caller, String body) {
    var op = target.startsWith(TARGET_PREFIX) ? target.substring(TARGET_PREFIX.length()) : "";
    var handler = operations.get(op);
    try {
      if (handler == null) {
        throw new SimException(
            "UnknownOperationException",
            400,
            "The action or operation requested is invalid. Verify that the action is typed"
                + " correctly.");
      }
      JsonNode input;
      try {
        input = body.isBlank() ? json.createObjectNode() : json.readTree(body);
      } catch (JsonProcessingException e) {
        throw new SimException(
            "SerializationException", 400, "Start of structure or map found where not expected.");
      }
      return Response.json(200, handler.apply(caller, input).toString());
    } catch (SimException e) {
      var error =
          json.createObjectNode().put("__type", e.errorCode()).put("Message", e.getMessage());
      e.reason().ifPresent(r -> error.put("Reason", r));
      return Response.json(e.httpStatus(), error.toString());
    }
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

  private ObjectNode page(
      Page<?> page, String member, java.util.function.Function<Object, ObjectNode> item) {
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
    var o = org.describeOrganization(caller);
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
        org.listRoots(caller, nextToken(input), maxResults(input)),
        "Roots",
        i -> {
          var r = (io.rootctl.sim.RootView) i;
          var node =
              json.createObjectNode().put("Id", r.id()).put("Arn", r.arn()).put("Name", r.name());
          node.putArray("PolicyTypes");
          return node;
        });
  }

  private ObjectNode listOrganizationalUnitsForParent(Caller caller, JsonNode input) {
    return page(
        org.listOrganizationalUnitsForParent(
            caller, required(input, "ParentId"), nextToken(input), maxResults(input)),
        "OrganizationalUnits",
        i -> {
          var ou = (io.rootctl.sim.OuView) i;
          return json.createObjectNode()
              .put("Id", ou.id())
              .put("Arn", ou.arn())
              .put("Name", ou.name())
              .put("Path", ou.path());
        });
  }

  private ObjectNode listAccountsForParent(Caller caller, JsonNode input) {
    return page(
        org.listAccountsForParent(
            caller, required(input, "ParentId"), nextToken(input), maxResults(input)),
        "Accounts",
        i -> account((AccountView) i));
  }

  private ObjectNode listAccounts(Caller caller, JsonNode input) {
    return page(
        org.listAccounts(caller, nextToken(input), maxResults(input)),
        "Accounts",
        i -> account((AccountView) i));
  }

  private ObjectNode listParents(Caller caller, JsonNode input) {
    return page(
        org.listParents(caller, required(input, "ChildId"), nextToken(input), maxResults(input)),
        "Parents",
        i -> {
          var p = (io.rootctl.sim.ParentView) i;
          return json.createObjectNode().put("Id", p.id()).put("Type", p.type());
        });
  }

  private ObjectNode enableAwsServiceAccess(Caller caller, JsonNode input) {
    org.enableAwsServiceAccess(caller, required(input, "ServicePrincipal"));
    return json.createObjectNode();
  }

  private ObjectNode listAwsServiceAccess(Caller caller, JsonNode input) {
    return page(
        org.listAwsServiceAccessForOrganization(caller, nextToken(input), maxResults(input)),
        "EnabledServicePrincipals",
        i -> {
          var s = (io.rootctl.sim.ServiceAccessView) i;
          return json.createObjectNode()
              .put("ServicePrincipal", s.servicePrincipal())
              .put("DateEnabled", epochSeconds(s.dateEnabled()));
        });
  }

  private ObjectNode registerDelegatedAdministrator(Caller caller, JsonNode input) {
    org.registerDelegatedAdministrator(
        caller, required(input, "AccountId"), required(input, "ServicePrincipal"));
    return json.createObjectNode();
  }

  private ObjectNode listDelegatedAdministrators(Caller caller, JsonNode input) {
    return page(
        org.listDelegatedAdministrators(
            caller, text(input, "ServicePrincipal"), nextToken(input), maxResults(input)),
        "DelegatedAdministrators",
        i -> {
          var d = (io.rootctl.sim.DelegatedAdministratorView) i;
          var node = account(d.account());
          node.remove("Paths");
          return node.put("DelegationEnabledDate", epochSeconds(d.delegationEnabled()));
        });
  }
}
