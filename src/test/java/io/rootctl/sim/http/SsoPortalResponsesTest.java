package io.rootctl.sim.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rootctl.model.AccountId;
import io.rootctl.sim.AdjustableClock;
import io.rootctl.sim.CallJournal;
import io.rootctl.sim.Caller;
import io.rootctl.sim.Fixture;
import io.rootctl.sim.SimulatedOrganization;
import io.rootctl.sim.SsoPortalBackend;
import io.rootctl.sim.StsBackend;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sso.SsoClient;
import software.amazon.awssdk.services.sso.model.GetRoleCredentialsRequest;
import software.amazon.awssdk.services.sso.model.SsoException;
import software.amazon.awssdk.services.sso.model.UnauthorizedException;

/**
 * The emulator's IAM Identity Center portal through the real SDK's {@link SsoClient} (the client
 * the SDK's SSO credentials provider uses), unsigned over HTTP: GetRoleCredentials returns
 * credentials the emulator accepts, and refuses an unknown or expired token (401 {@code
 * UnauthorizedException}), a role the token's user is not assigned (403 {@code ForbiddenException},
 * "No access") and a missing parameter (400 {@code InvalidRequestException}).
 */
class SsoPortalResponsesTest {
  final AdjustableClock clock = new AdjustableClock(Clock.systemUTC());
  final SimulatedOrganization org = SimulatedOrganization.of(Fixture.demo(), clock);
  final EmulatorServer server = new EmulatorServer(org, 0).start();
  final SsoClient sso =
      SsoClient.builder()
          .region(Region.US_EAST_1)
          .endpointOverride(server.endpoint())
          .credentialsProvider(AnonymousCredentialsProvider.create())
          .build();
  final AccountId management = org.managementAccount();
  final SsoPortalBackend portal = new SsoPortalBackend(org);

  @AfterEach
  void stop() {
    sso.close();
    server.close();
  }

  private GetRoleCredentialsRequest request(String token, String account, String role) {
    return GetRoleCredentialsRequest.builder()
        .accessToken(token)
        .accountId(account)
        .roleName(role)
        .build();
  }

  @Test
  void returnsCredentialsTheEmulatorAccepts() {
    var token = portal.issueAccessToken(management, Set.of("Admin"), Duration.ofHours(8));

    var creds =
        sso.getRoleCredentials(request(token, management.value(), "Admin")).roleCredentials();

    assertThat(creds.accessKeyId()).startsWith("ASIA");
    assertThat(creds.secretAccessKey()).isNotBlank();
    assertThat(creds.sessionToken()).isNotBlank();
    assertThat(Instant.ofEpochMilli(creds.expiration()))
        .isAfter(clock.instant().plus(Duration.ofMinutes(59)))
        .isBeforeOrEqualTo(clock.instant().plus(Duration.ofHours(1)));
    var caller = Caller.session(creds.accessKeyId(), creds.sessionToken());
    assertThat(org.accountOf(caller)).contains(management);
    assertThat(new StsBackend(org).getCallerIdentity(caller).account())
        .isEqualTo(management.value());
    assertThat(org.journal().count("sso:GetRoleCredentials", CallJournal.OK)).isEqualTo(1);
  }

  @Test
  void refusesAnUnknownOrExpiredToken() {
    assertThatThrownBy(() -> sso.getRoleCredentials(request("nope", management.value(), "Admin")))
        .isInstanceOfSatisfying(
            UnauthorizedException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(401);
              assertThat(e.awsErrorDetails().errorMessage())
                  .isEqualTo("Session token not found or invalid");
            });
    var token = portal.issueAccessToken(management, Set.of("Admin"), Duration.ofHours(1));
    clock.advance(Duration.ofHours(1));
    assertThatThrownBy(() -> sso.getRoleCredentials(request(token, management.value(), "Admin")))
        .isInstanceOf(UnauthorizedException.class);
  }

  @Test
  void refusesARoleOrAccountTheUserIsNotAssigned() {
    var token = portal.issueAccessToken(management, Set.of("Admin"), Duration.ofHours(8));

    for (var request :
        new GetRoleCredentialsRequest[] {
          request(token, management.value(), "ReadOnly"), request(token, "555555555555", "Admin")
        }) {
      assertThatThrownBy(() -> sso.getRoleCredentials(request))
          .isInstanceOfSatisfying(
              SsoException.class,
              e -> {
                assertThat(e.statusCode()).isEqualTo(403);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ForbiddenException");
                assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("No access");
              });
    }
  }

  @Test
  void refusesEveryTokenRefreshAsTheOidcServiceRefusesAnUnknownRefreshToken() {
    try (var oidc =
        software.amazon.awssdk.services.ssooidc.SsoOidcClient.builder()
            .region(Region.US_EAST_1)
            .endpointOverride(server.endpoint())
            .credentialsProvider(AnonymousCredentialsProvider.create())
            .build()) {
      assertThatThrownBy(
              () ->
                  oidc.createToken(
                      r ->
                          r.grantType("refresh_token")
                              .clientId("c")
                              .clientSecret("s")
                              .refreshToken("r")))
          .isInstanceOfSatisfying(
              software.amazon.awssdk.services.ssooidc.model.InvalidGrantException.class,
              e -> {
                assertThat(e.statusCode()).isEqualTo(400);
                assertThat(e.error()).isEqualTo("invalid_grant");
              });
    }
    assertThat(org.journal().count("sso-oauth:CreateToken", "InvalidGrantException")).isEqualTo(1);
  }

  @Test
  void refusesAMissingParameter() throws Exception {
    var token = portal.issueAccessToken(management, Set.of("Admin"), Duration.ofHours(8));
    try (var http = java.net.http.HttpClient.newHttpClient()) {
      var response =
          http.send(
              java.net.http.HttpRequest.newBuilder(
                      java.net.URI.create(
                          server.endpoint() + "/federation/credentials?role_name=Admin"))
                  .header("x-amz-sso_bearer_token", token)
                  .GET()
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(response.headers().firstValue("x-amzn-ErrorType"))
          .contains("InvalidRequestException");
      assertThat(response.body()).contains("\"message\"");
    }
  }
}
