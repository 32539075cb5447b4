package io.rootctl.sim.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rootctl.model.AccountId;
import io.rootctl.sim.AdjustableClock;
import io.rootctl.sim.FaultSettings;
import io.rootctl.sim.RootActivityEvents;
import io.rootctl.sim.SimulatedOrganization;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The test control plane under {@code /_sim/}, JSON in and out:
 *
 * <ul>
 *   <li>{@code GET /_sim/state}: the organization, written as a fixture;
 *   <li>{@code POST /_sim/mutate} {@code {"action": ..., "account": ...}}: drift and changes, the
 *       actions each {@link ServiceHandler#mutations() service registers}: IAM's {@code
 *       createAccessKey}, {@code createLoginProfile} ({@code "password": true|false}), {@code
 *       createSigningCertificate}, {@code createMfaDevice} ({@code "virtual": true|false}), {@code
 *       addAdminCredentials}; Organizations' {@code suspend}, {@code addAccount} ({@code name},
 *       {@code email}, {@code parent}), {@code attachPolicy} ({@code name}, {@code type}
 *       SERVICE_CONTROL_POLICY (default) or RESOURCE_CONTROL_POLICY, {@code content} the policy
 *       document as a JSON object or string, {@code target} a root, OU or account id; answers the
 *       new policy's id);
 *   <li>{@code POST /_sim/reset}: back to the fixture, journal cleared;
 *   <li>{@code GET /_sim/journal?recent=N}: total, counts by operation, account, task policy and
 *       outcome, and the last N calls (default 100);
 *   <li>{@code GET|POST /_sim/faults}: {@code latencyMs}, {@code organizationsLimits}, {@code
 *       stsRate}, {@code iamRate}, {@code faultRate}, {@code commitThenFailRate}, {@code
 *       throttleRate}, {@code organizationsUnlistedRate} and {@code organizationsUnlistedBurst}
 *       (the bucket, per API and calling account, of each Organizations API AWS's throttling table
 *       does not list; a burst left out stays as it was; {@link
 *       FaultSettings#organizationsUnlistedRate()}), {@code seed}; POST also takes {@code
 *       commitThenFail} {@code {"operation": "iam:DeleteAccessKey", "times": 1}}: the next calls of
 *       that operation take effect, then answer a 5xx;
 *   <li>{@code POST /_sim/clock} {@code {"advanceSeconds": N}}: moves the simulation's clock;
 *   <li>{@code GET|POST /_sim/events}: the events queue's ARN, the delivery delay ({@code
 *       delaySeconds}, settable) and how many events were sent; {@code POST
 *       /_sim/events/console-login} ({@code account}, {@code sourceIp}, {@code time}, {@code
 *       success}, {@code mfaUsed}), {@code /_sim/events/guardduty-finding} ({@code account}, {@code
 *       sourceIp}, {@code time}, {@code api}) and {@code /_sim/events/raw} ({@code body}) put one
 *       event into the events queue ({@link RootActivityEvents}).
 * </ul>
 *
 * <p>Errors answer {@code {"error": ...}}: 404 for an unknown endpoint, 400 for bad input.
 */
final class ControlPlane {
  private final SimulatedOrganization org;
  private final Map<String, ServiceHandler.Mutation> mutations;
  private final ObjectMapper json = new ObjectMapper();

  /**
   * @param mutations the services' {@code POST /_sim/mutate} actions, by name
   */
  ControlPlane(SimulatedOrganization org, Map<String, ServiceHandler.Mutation> mutations) {
    this.org = org;
    this.mutations = Map.copyOf(mutations);
  }

  Response handle(String method, String path, String query, String body) {
    try {
      var input = body.isBlank() ? json.createObjectNode() : json.readTree(body);
      return switch (method + " " + path) {
        case "GET /_sim/state" -> ok(org.snapshot().toJson());
        case "POST /_sim/reset" -> {
          org.reset();
          yield ok("{\"reset\":true}");
        }
        case "POST /_sim/mutate" ->
            ok(json.createObjectNode().put("result", mutate(input)).toString());
        case "GET /_sim/journal" -> ok(journal(query).toString());
        case "GET /_sim/faults" -> ok(faults().toString());
        case "POST /_sim/faults" -> {
          org.setFaultSettings(faults(input));
          if (input.has("commitThenFail")) {
            var queued = input.get("commitThenFail");
            var times = queued.path("times").asInt(1);
            if (times < 1) {
              throw new IllegalArgumentException("commitThenFail.times must be at least 1");
            }
            org.commitThenFailNext(text(queued, "operation"), times);
          }
          yield ok(faults().toString());
        }
        case "POST /_sim/clock" -> {
          if (!(org.clock() instanceof AdjustableClock clock)) {
            throw new IllegalArgumentException("this simulation's clock cannot be moved");
          }
          clock.advance(Duration.ofSeconds(input.path("advanceSeconds").asLong()));
          yield ok(json.createObjectNode().put("now", clock.instant().toString()).toString());
        }
        case "GET /_sim/events" -> ok(events().toString());
        case "POST /_sim/events" -> {
          if (input.has("delaySeconds")) {
            org.events().setDelay(Duration.ofSeconds(input.get("delaySeconds").asLong()));
          }
          yield ok(events().toString());
        }
        case "POST /_sim/events/console-login" -> {
          var id =
              org.events()
                  .consoleLogin(
                      account(input),
                      input.path("sourceIp").asText(RootActivityEvents.DEFAULT_SOURCE_IP),
                      time(input),
                      input.path("success").asBoolean(true),
                      input.path("mfaUsed").asBoolean(false));
          yield ok(json.createObjectNode().put("eventId", id).toString());
        }
        case "POST /_sim/events/guardduty-finding" -> {
          var id =
              org.events()
                  .guardDutyFinding(
                      account(input),
                      input.path("sourceIp").asText(RootActivityEvents.DEFAULT_SOURCE_IP),
                      time(input),
                      input.path("api").asText("GetCallerIdentity"));
          yield ok(json.createObjectNode().put("findingId", id).toString());
        }
        case "POST /_sim/events/raw" -> {
          if (!input.path("body").isTextual() || input.get("body").asText().isEmpty()) {
            throw new IllegalArgumentException("missing 'body' (a non-empty string)");
          }
          var id = org.events().raw(input.get("body").asText());
          yield ok(json.createObjectNode().put("messageId", id).toString());
        }
        default ->
            Response.controlPlane(404, error("no control-plane endpoint " + method + " " + path));
      };
    } catch (JsonProcessingException e) {
      return Response.controlPlane(400, error("not JSON: " + e.getOriginalMessage()));
    } catch (IllegalArgumentException | IllegalStateException e) {
      return Response.controlPlane(400, error(e.getMessage()));
    }
  }

  /** The events settings: {@code queueArn} (when set), {@code delaySeconds}, {@code sent}. */
  private ObjectNode events() {
    var events = org.events();
    var out = json.createObjectNode();
    events.queue().ifPresent(q -> out.put("queueArn", q.arn()));
    return out.put("delaySeconds", events.delay().toSeconds()).put("sent", events.sent());
  }

  /** The optional {@code time} field (ISO-8601); default the emulator's clock now. */
  private Instant time(JsonNode input) {
    if (!input.hasNonNull("time")) {
      return org.clock().instant();
    }
    try {
      return Instant.parse(input.get("time").asText());
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException("'time' is not an ISO-8601 instant: " + input.get("time"));
    }
  }

  private static Response ok(String body) {
    return Response.controlPlane(200, body);
  }

  private String error(String message) {
    return json.createObjectNode().put("error", message).toString();
  }

  private String mutate(JsonNode input) {
    var action = input.path("action").asText("");
    var mutation = mutations.get(action);
    if (mutation == null) {
      throw new IllegalArgumentException("unknown mutate action '" + action + "'");
    }
    return mutation.apply(input);
  }

  /**
   * The non-empty text field {@code field} of a control-plane request.
   *
   * @throws IllegalArgumentException when it is missing or empty (answered 400)
   */
  static String text(JsonNode input, String field) {
    var value = input.path(field).asText("");
    if (value.isEmpty()) {
      throw new IllegalArgumentException("missing '" + field + "'");
    }
    return value;
  }

  /**
   * The JSON object field {@code field} of a control-plane request.
   *
   * @throws IllegalArgumentException when it is missing or not an object (answered 400)
   */
  static JsonNode requiredObject(JsonNode input, String field) {
    var value = input.get(field);
    if (value == null || !value.isObject()) {
      throw new IllegalArgumentException("'" + field + "' must be a JSON object or string");
    }
    return value;
  }

  /**
   * The {@code account} field of a control-plane request.
   *
   * @throws IllegalArgumentException when it is missing or not a 12-digit account id
   */
  static AccountId account(JsonNode input) {
    return AccountId.of(text(input, "account"));
  }

  private ObjectNode journal(String query) {
    int recent = 100;
    for (var part : query.split("&")) {
      if (part.startsWith("recent=")) {
        recent = Integer.parseInt(part.substring("recent=".length()));
      }
    }
    var journal = org.journal();
    var out = json.createObjectNode().put("total", journal.total());
    var counts = out.putObject("counts");
    for (var dimension : new String[] {"operation", "account", "policy", "outcome"}) {
      var node = counts.putObject(dimension);
      journal.countsBy(dimension).forEach(node::put);
    }
    var entries = out.putArray("recent");
    var all = journal.recent();
    for (var e : all.subList(Math.max(0, all.size() - recent), all.size())) {
      var node = entries.addObject().put("sequence", e.sequence()).put("operation", e.operation());
      e.account().ifPresent(a -> node.put("account", a));
      e.policy().ifPresent(p -> node.put("policy", p.policyName()));
      node.put("outcome", e.outcome());
    }
    return out;
  }

  private ObjectNode faults() {
    var f = org.faultSettings();
    var out =
        json.createObjectNode()
            .put("latencyMs", f.latency().toMillis())
            .put("organizationsLimits", f.organizationsLimits())
            .put("faultRate", f.faultRate())
            .put("commitThenFailRate", f.commitThenFailRate())
            .put("throttleRate", f.throttleRate())
            .put("organizationsUnlistedRate", f.organizationsUnlistedRate())
            .put("organizationsUnlistedBurst", f.organizationsUnlistedBurst())
            .put("seed", f.seed());
    f.stsAssumeRootRate().ifPresent(r -> out.put("stsRate", r));
    f.iamRatePerAccount().ifPresent(r -> out.put("iamRate", r));
    return out;
  }

  private FaultSettings faults(JsonNode in) {
    var f = org.faultSettings();
    if (in.has("latencyMs")) {
      f = f.withLatency(Duration.ofMillis(in.get("latencyMs").asLong()));
    }
    if (in.has("organizationsLimits")) {
      f = f.withOrganizationsLimits(in.get("organizationsLimits").asBoolean());
    }
    if (in.has("stsRate")) {
      f = f.withStsAssumeRootRate(rate(in.get("stsRate")));
    }
    if (in.has("iamRate")) {
      f = f.withIamRatePerAccount(rate(in.get("iamRate")));
    }
    if (in.has("faultRate")) {
      f = f.withFaultRate(in.get("faultRate").asDouble());
    }
    if (in.has("commitThenFailRate")) {
      f = f.withCommitThenFailRate(in.get("commitThenFailRate").asDouble());
    }
    if (in.has("seed")) {
      f = f.withSeed(in.get("seed").asLong());
    }
    if (in.has("throttleRate")) {
      f = f.withThrottleRate(in.get("throttleRate").asDouble());
    }
    if (in.has("organizationsUnlistedRate") || in.has("organizationsUnlistedBurst")) {
      // A burst left out stays as it was.
      f =
          f.withOrganizationsUnlistedLimit(
              in.has("organizationsUnlistedRate")
                  ? number(in, "organizationsUnlistedRate")
                  : f.organizationsUnlistedRate(),
              in.has("organizationsUnlistedBurst")
                  ? number(in, "organizationsUnlistedBurst")
                  : f.organizationsUnlistedBurst());
    }
    return f;
  }

  /**
   * The number field {@code field} of a control-plane request.
   *
   * @throws IllegalArgumentException when it is not a JSON number (answered 400)
   */
  private static double number(JsonNode input, String field) {
    var value = input.get(field);
    if (value == null || !value.isNumber()) {
      throw new IllegalArgumentException("'" + field + "' must be a number");
    }
    return value.asDouble();
  }

  private static OptionalDouble rate(JsonNode node) {
    return node.isNull() || node.asDouble() <= 0
        ? OptionalDouble.empty()
        : OptionalDouble.of(node.asDouble());
  }
}
