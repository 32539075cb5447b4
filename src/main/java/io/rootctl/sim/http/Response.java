package io.rootctl.sim.http;

/** An HTTP answer: status, content type and body. */
record Response(int status, String contentType, String body) {

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
