package io.rootctl.sim.http;

import io.rootctl.sim.Caller;
import java.util.Map;
import java.util.Optional;

/**
 * One signed AWS request, as the server hands it to the {@link ServiceHandler} of the service it
 * was signed for.
 *
 * @param caller the access key id of the SigV4 credential scope, with the {@code
 *     X-Amz-Security-Token} header for session keys
 * @param target the {@code X-Amz-Target} header (JSON protocols name the operation there)
 * @param body the request body, UTF-8
 * @param requestId the id to answer with (the server also sends it as {@code x-amzn-RequestId})
 * @param method the HTTP method (REST protocols name the operation with it and the path)
 * @param path the URI path, percent-decoded
 * @param query the raw query string, empty when none
 * @param headers the request headers, names in lower case, the first value of each
 */
record Request(
    Caller caller,
    Optional<String> target,
    String body,
    String requestId,
    String method,
    String path,
    String query,
    Map<String, String> headers) {

  /** A POST to {@code /} with no headers: what the query and JSON protocols look at. */
  Request(Caller caller, Optional<String> target, String body, String requestId) {
    this(caller, target, body, requestId, "POST", "/", "", Map.of());
  }

  /** The header {@code name} (any case), if sent. */
  Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
  }
}
