package io.rootctl.sim.http;

import java.util.Map;

/** An HTTP answer: status, content type, body, and any further headers (S3's {@code ETag}). */
record Response(int status, String contentType, String body, Map<String, String> headers) {

  Response(int status, String contentType, String body) {
    this(status, contentType, body, Map.of());
  }

  static Response json(int status, String body) {
    return new Response(status, "application/x-amz-json-1.1", body);
  }

  static Response xml(int status, String body) {
    return new Response(status, "text/xml", body);
  }

  static Response controlPlane(int status, String body) {
    return new Response(status, "application/json", body);
  }
}
