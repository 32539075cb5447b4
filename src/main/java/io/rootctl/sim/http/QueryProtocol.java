package io.rootctl.sim.http;

import io.rootctl.sim.Caller;
import io.rootctl.sim.SimException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The AWS query protocol, for any service that speaks it (IAM, STS): a form POST with {@code
 * Action} and {@code Version}; answers {@code <OpResponse xmlns=...><OpResult>...</OpResult>
 * <ResponseMetadata><RequestId>} (no Result element for operations without output), lists as {@code
 * <member>}, maps as {@code <entry><key><value>}, ISO-8601 timestamps, and errors as {@code
 * <ErrorResponse><Error><Type>Sender|Receiver</Type><Code/><Message/></Error><RequestId/>}. A
 * service supplies its XML namespace, API version and operation table ({@link IamResponses}, {@link
 * StsResponses}).
 *
 * @see <a href="https://smithy.io/2.0/aws/protocols/aws-query-protocol.html">AWS query protocol</a>
 */
final class QueryProtocol {

  /** Writes one operation's result members; returns false when the operation has no output. */
  @FunctionalInterface
  interface Operation {
    boolean answer(Caller caller, Map<String, String> params, Xml result);
  }

  private final String namespace;
  private final String version;
  private final Map<String, Operation> operations;

  /**
   * @param namespace the service's XML namespace, e.g. {@code
   *     https://iam.amazonaws.com/doc/2010-05-08/}
   * @param version the API version, e.g. {@code 2010-05-08}
   * @param operations by model name ({@code Action})
   */
  QueryProtocol(String namespace, String version, Map<String, Operation> operations) {
    this.namespace = namespace;
    this.version = version;
    this.operations = Map.copyOf(operations);
  }

  /** The operations served, by model name. */
  Set<String> operations() {
    return operations.keySet();
  }

  Response handle(Request request) {
    var requestId = request.requestId();
    var params = form(request.body());
    var action = params.getOrDefault("Action", "");
    var op = operations.get(action);
    try {
      if (op == null) {
        throw new SimException(
            "InvalidAction", 400, "Could not find operation " + action + " for version " + version);
      }
      var result = new Xml();
      boolean hasOutput = op.answer(request.caller(), params, result);
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
      return error(namespace, e, requestId);
    }
  }

  /** {@code e} in the query protocol's error envelope, in {@code namespace}. */
  static Response error(String namespace, SimException e, String requestId) {
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

  /**
   * The parameter {@code name}.
   *
   * @throws SimException ValidationError when it is absent or empty
   */
  static String required(Map<String, String> params, String name) {
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

  /**
   * The integer parameter {@code name}, if present.
   *
   * @throws SimException ValidationError when it is not a number
   */
  static OptionalInt integer(Map<String, String> params, String name) {
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
}
