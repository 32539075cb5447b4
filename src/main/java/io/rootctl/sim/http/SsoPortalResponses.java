package io.rootctl.sim.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rootctl.sim.SimException;
import io.rootctl.sim.SimulatedOrganization;
import io.rootctl.sim.SsoPortalBackend;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The IAM Identity Center portal (SSO, 2019-06-10) on the wire: {@code GetRoleCredentials} over the
 * REST-JSON protocol, {@code GET /federation/credentials?account_id=..&role_name=..} with the
 * access token in the {@code x-amz-sso_bearer_token} header. The call is not SigV4-signed (the
 * model's {@code authtype: none}), so the {@link EmulatorServer} routes unsigned requests under
 * {@code /federation/} here; its signing name is the model's, {@code awsssoportal}. The answer is
 * {@code {"roleCredentials": {accessKeyId, secretAccessKey, sessionToken, expiration}}}, {@code
 * expiration} in milliseconds since the epoch; errors carry the {@code x-amzn-ErrorType} header and
 * a {@code {"message"}} body with the error's HTTP status.
 *
 * @see <a
 *     href="https://docs.aws.amazon.com/singlesignon/latest/PortalAPIReference/API_GetRoleCredentials.html">GetRoleCredentials</a>
 *     <p>{@link Oidc} serves the OIDC service's {@code CreateToken} ({@code POST /token}, unsigned
 *     too), which the SDK calls to refresh an {@code sso_session} token: it always refuses ({@code
 *     InvalidGrantException}), so an expired token ends in "sign in again".
 * @see <a href="https://smithy.io/2.0/aws/protocols/aws-restjson1-protocol.html">AWS REST-JSON
 *     protocol (errors)</a>
 */
final class SsoPortalResponses implements ServiceHandler {
  /** The path prefix of the portal's operations. */
  static final String PATH_PREFIX = "/federation/";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final SsoPortalBackend portal;

  SsoPortalResponses(SimulatedOrganization org) {
    this.portal = new SsoPortalBackend(org);
  }

  /**
   * {@code issueSsoToken} ({@code account}, {@code roleName}, optional {@code validSeconds},
   * default 28800): an access token of a user assigned that role in that account, what {@code aws
   * sso login} would cache.
   */
  @Override
  public Map<String, Mutation> mutations() {
    return Map.of(
        "issueSsoToken",
        in ->
            portal.issueAccessToken(
                ControlPlane.account(in),
                Set.of(ControlPlane.text(in, "roleName")),
                java.time.Duration.ofSeconds(in.path("validSeconds").asLong(28_800))));
  }

  @Override
  public String signingName() {
    return "awsssoportal";
  }

  @Override
  public Set<String> operations() {
    return Set.of("GetRoleCredentials");
  }

  @Override
  public Response handle(Request request) {
    try {
      if (!request.method().equals("GET") || !request.path().equals("/federation/credentials")) {
        throw new SimException(
            "UnknownOperationException",
            404,
            "The emulator's SSO portal serves only GET /federation/credentials");
      }
      var query = query(request.query());
      var creds =
          portal.getRoleCredentials(
              request.header("x-amz-sso_bearer_token"),
              Optional.ofNullable(query.get("account_id")),
              Optional.ofNullable(query.get("role_name")));
      var body = JSON.createObjectNode();
      body.putObject("roleCredentials")
          .put("accessKeyId", creds.accessKeyId())
          .put("secretAccessKey", creds.secretAccessKey())
          .put("sessionToken", creds.sessionToken())
          .put("expiration", creds.expiration().toEpochMilli());
      return new Response(200, "application/json", body.toString());
    } catch (SimException e) {
      return error(e);
    }
  }

  /** The OIDC service's {@code CreateToken} ({@code POST /token}), in its handler's words. */
  static final class Oidc implements ServiceHandler {
    private final SsoPortalBackend portal;

    Oidc(SimulatedOrganization org) {
      this.portal = new SsoPortalBackend(org);
    }

    @Override
    public String signingName() {
      return "sso-oauth";
    }

    @Override
    public Set<String> operations() {
      return Set.of("CreateToken");
    }

    @Override
    public Response handle(Request request) {
      try {
        if (!request.method().equals("POST") || !request.path().equals("/token")) {
          throw new SimException(
              "UnknownOperationException",
              404,
              "The emulator's OIDC service serves only POST /token");
        }
        String grantType = null;
        try {
          var body = request.body().isBlank() ? null : JSON.readTree(request.body());
          if (body != null && body.path("grantType").isTextual()) {
            grantType = body.path("grantType").asText();
          }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          throw new SimException("InvalidRequestException", 400, "the body is not JSON");
        }
        portal.createToken(Optional.ofNullable(grantType));
        throw new IllegalStateException("createToken always refuses");
      } catch (SimException e) {
        // OAuth's error shape: {"error": "invalid_grant", "error_description": ...}
        return new Response(
            e.httpStatus(),
            "application/json",
            JSON.createObjectNode()
                .put(
                    "error",
                    e.errorCode().equals("InvalidGrantException")
                        ? "invalid_grant"
                        : e.errorCode().equals("UnsupportedGrantTypeException")
                            ? "unsupported_grant_type"
                            : "invalid_request")
                .put("error_description", e.getMessage())
                .toString(),
            Map.of("x-amzn-ErrorType", e.errorCode()));
      }
    }
  }

  static Response error(SimException e) {
    return new Response(
        e.httpStatus(),
        "application/json",
        JSON.createObjectNode().put("message", e.getMessage()).toString(),
        Map.of("x-amzn-ErrorType", e.errorCode()));
  }

  private static Map<String, String> query(String raw) {
    var out = new LinkedHashMap<String, String>();
    if (raw.isEmpty()) {
      return out;
    }
    for (var pair : raw.split("&")) {
      var eq = pair.indexOf('=');
      var key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      var value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.putIfAbsent(key, value);
    }
    return out;
  }
}
