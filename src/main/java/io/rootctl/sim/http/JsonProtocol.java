package io.rootctl.sim.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rootctl.sim.Caller;
import io.rootctl.sim.SimException;
import java.util.Map;
import java.util.Set;

/**
 * The AWS JSON 1.1 protocol, for any service that speaks it: the operation is named in {@code
 * X-Amz-Target: <targetPrefix>.<Operation>}, a JSON body goes in and out, and errors are {@code
 * {"__type", "Message"}} (plus {@code Reason} where the error has one) with the error's HTTP
 * status. A service supplies its target prefix and operation table ({@link
 * OrganizationsResponses}).
 *
 * @see <a href="https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html">AWS JSON 1.1
 *     protocol</a>
 */
final class JsonProtocol {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One operation: its answer's JSON object, or a {@link SimException}. */
  @FunctionalInterface
  interface Operation {
    ObjectNode answer(Caller caller, JsonNode input);
  }

  private final String targetPrefix;
  private final Map<String, Operation> operations;

  /**
   * @param targetPrefix what precedes the operation name in {@code X-Amz-Target}, with its dot,
   *     e.g. {@code AWSOrganizationsV20161128.}
   * @param operations by model name
   */
  JsonProtocol(String targetPrefix, Map<String, Operation> operations) {
    this.targetPrefix = targetPrefix;
    this.operations = Map.copyOf(operations);
  }

  /** The operations served, by model name. */
  Set<String> operations() {
    return operations.keySet();
  }

  Response handle(Request request) {
    var target = request.target().orElse("");
    var op = target.startsWith(targetPrefix) ? target.substring(targetPrefix.length()) : "";
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
        var body = request.body();
        input = body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
      } catch (JsonProcessingException e) {
        throw new SimException(
            "SerializationException", 400, "Start of structure or map found where not expected.");
      }
      return Response.json(200, handler.answer(request.caller(), input).toString());
    } catch (SimException e) {
      return error(e);
    }
  }

  /** {@code e} in the JSON error envelope. */
  static Response error(SimException e) {
    var error = JSON.createObjectNode().put("__type", e.errorCode()).put("Message", e.getMessage());
    e.reason().ifPresent(r -> error.put("Reason", r));
    return Response.json(e.httpStatus(), error.toString());
  }
}
