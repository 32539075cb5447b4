package io.rootctl.sim.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;

/**
 * One AWS service on the wire (moto's per-service {@code responses.py}): the name the AWS SDK signs
 * its requests for, the operations it serves, and how it answers a request, in its protocol ({@link
 * JsonProtocol}, {@link QueryProtocol}) over its backend in {@code io.rootctl.sim}. The {@link
 * EmulatorServer} routes each request by the signing name of its SigV4 credential scope to the
 * handler registered for it ({@link EmulatorServer#SERVICES}).
 */
interface ServiceHandler {

  /** The SigV4 signing name, as in the credential scope: {@code iam}, {@code sts}, ... */
  String signingName();

  /** The operations served, by their names in the service's AWS model. */
  Set<String> operations();

  /** The answer to {@code request}, errors included (in the service's error envelope). */
  Response handle(Request request);

  /**
   * The drift actions this service adds to the control plane's {@code POST /_sim/mutate}, by action
   * name; none by default. Names are unique across services.
   */
  default Map<String, Mutation> mutations() {
    return Map.of();
  }

  /** One control-plane drift action: changes the state, returns the {@code result} to answer. */
  @FunctionalInterface
  interface Mutation {
    /**
     * @param input the request's JSON object ({@code action} and the action's own fields)
     * @throws IllegalArgumentException on a missing or bad field (answered 400)
     */
    String apply(JsonNode input);
  }
}
