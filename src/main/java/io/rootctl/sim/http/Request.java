package io.rootctl.sim.http;

import io.rootctl.sim.Caller;
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
 */
record Request(Caller caller, Optional<String> target, String body, String requestId) {}
