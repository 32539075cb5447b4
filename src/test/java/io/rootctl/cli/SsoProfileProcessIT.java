package io.rootctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootctl.sim.CallJournal;
import io.rootctl.sim.Fixture;
import io.rootctl.sim.SimulatedOrganization;
import io.rootctl.sim.SsoPortalBackend;
import io.rootctl.sim.http.EmulatorServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SSO profiles, from the built jar in a process whose environment holds only what the test puts
 * there: a temporary HOME with {@code ~/.aws/config} holding an IAM Identity Center profile and the
 * token {@code aws sso login} caches in {@code ~/.aws/sso/cache/}, {@code AWS_ENDPOINT_URL_SSO}
 * pointing the SDK's SSO credentials provider at the emulator's portal ({@code
 * GetRoleCredentials}). The SDK's own ProfileCredentialsProvider resolves the profile (through the
 * {@code sso} and {@code ssooidc} modules the jar carries); an expired or refused token fails with
 * the fix named and the token never printed.
 *
 * @see <a href="https://docs.aws.amazon.com/sdkref/latest/guide/feature-sso-credentials.html">SSO
 *     credentials in the shared config file</a>
 */
class SsoProfileProcessIT {
  static final String ROLE = "AdministratorAccess";
  static final String SESSION = "my-sso";
  static final String LEGACY_START_URL = "https://legacy-example.awsapps.com/start";

  @TempDir Path tmp;

  private EmulatorServer server;
  private SimulatedOrganization organization;
  private Path home;

  @BeforeEach
  void start() throws IOException {
    organization = SimulatedOrganization.of(Fixture.demo(), Clock.systemUTC());
    server = new EmulatorServer(organization, 0).start();
    home = Files.createDirectories(tmp.resolve("home"));
    Files.createDirectories(home.resolve(".aws/sso/cache"));
    var management = organization.managementAccount().value();
    Files.writeString(
        home.resolve(".aws/config"),
        """
        [profile org-sso]
        sso_session = %s
        sso_account_id = %s
        sso_role_name = %s
        region = us-east-1

        [sso-session %s]
        sso_start_url = https://my-sso-portal.awsapps.com/start
        sso_region = us-east-1
        sso_registration_scopes = sso:account:access

        [profile org-legacy]
        sso_start_url = %s
        sso_region = us-east-1
        sso_account_id = %s
        sso_role_name = %s
        region = us-east-1
        """
            .formatted(SESSION, management, ROLE, SESSION, LEGACY_START_URL, management, ROLE));
    Files.writeString(home.resolve(".aws/credentials"), "");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private record Run(int exitCode, String stdout, String stderr) {}

  /** An access token of the portal, cached as the AWS CLI v2 caches it for {@code key}. */
  private String cacheToken(String key, String startUrl, Duration validity, Instant expiresAt)
      throws Exception {
    var token =
        new SsoPortalBackend(organization)
            .issueAccessToken(organization.managementAccount(), Set.of(ROLE), validity);
    var name =
        HexFormat.of()
                .formatHex(
                    MessageDigest.getInstance("SHA-1").digest(key.getBytes(StandardCharsets.UTF_8)))
            + ".json";
    Files.writeString(
        home.resolve(".aws/sso/cache").resolve(name),
        """
        {"startUrl": "%s", "region": "us-east-1", "accessToken": "%s",
         "expiresAt": "%s", "clientId": "example-client-id",
         "clientSecret": "example-client-secret",
         "registrationExpiresAt": "%s"}
        """
            .formatted(
                startUrl,
                token,
                expiresAt.truncatedTo(ChronoUnit.SECONDS),
                Instant.now().plus(Duration.ofDays(90)).truncatedTo(ChronoUnit.SECONDS)));
    return token;
  }

  private Run plan(Map<String, String> extraEnvironment, List<String> extraArgs) throws Exception {
    var jar = Path.of("target/rootctl.jar");
    assertThat(jar).as("mvn package builds the jar before failsafe runs").exists();
    var java = ProcessHandle.current().info().command().orElse("java");
    var command =
        new ArrayList<>(
            List.of(
                java,
                "-jar",
                jar.toString(),
                "plan",
                "--desired-state",
                "desired-state",
                "--endpoint-url",
                server.endpoint().toString()));
    command.addAll(extraArgs);
    var builder = new ProcessBuilder(command);
    var environment = new HashMap<String, String>();
    environment.put("PATH", "/usr/bin:/bin");
    environment.put("HOME", home.toString());
    environment.put("AWS_CONFIG_FILE", home.resolve(".aws/config").toString());
    environment.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve(".aws/credentials").toString());
    environment.put("AWS_EC2_METADATA_DISABLED", "true");
    // the SSO portal's service-specific endpoint; --endpoint-url covers rootctl's own clients
    environment.put("AWS_ENDPOINT_URL_SSO", server.endpoint().toString());
    // and the OIDC service's, where the SDK refreshes an sso_session token near its expiry
    environment.put("AWS_ENDPOINT_URL_SSO_OIDC", server.endpoint().toString());
    environment.putAll(extraEnvironment);
    builder.environment().clear();
    builder.environment().putAll(environment);
    builder.redirectOutput(tmp.resolve("stdout").toFile());
    builder.redirectError(tmp.resolve("stderr").toFile());
    var process = builder.start();
    try {
      assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("finished").isTrue();
      return new Run(process.exitValue(), read("stdout"), read("stderr"));
    } finally {
      process.destroyForcibly();
    }
  }

  private String read(String name) throws IOException {
    return Files.readString(tmp.resolve(name), StandardCharsets.UTF_8);
  }

  private long roleCredentialCalls(String outcome) {
    return organization.journal().count("sso:GetRoleCredentials", outcome);
  }

  @Test
  void anSsoSessionProfileSignsInThroughThePortalWithTheCachedToken() throws Exception {
    cacheToken(
        SESSION,
        "https://my-sso-portal.awsapps.com/start",
        Duration.ofHours(8),
        Instant.now().plus(Duration.ofHours(8)));

    var run = plan(Map.of(), List.of("--profile", "org-sso"));

    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(ExitCodes.OK);
    assertThat(run.stdout()).contains("Plan:");
    assertThat(roleCredentialCalls(CallJournal.OK)).isPositive();
  }

  @Test
  void aLegacySsoProfileWorksThroughAwsProfileToo() throws Exception {
    cacheToken(
        LEGACY_START_URL,
        LEGACY_START_URL,
        Duration.ofHours(8),
        Instant.now().plus(Duration.ofHours(8)));

    var run = plan(Map.of("AWS_PROFILE", "org-legacy"), List.of());

    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(ExitCodes.OK);
    assertThat(run.stdout()).contains("Plan:");
    assertThat(roleCredentialCalls(CallJournal.OK)).isPositive();
  }

  @Test
  void anExpiredTokenNamesTheFixAndNeverPrintsTheToken() throws Exception {
    var token =
        cacheToken(
            SESSION,
            "https://my-sso-portal.awsapps.com/start",
            Duration.ofHours(-1),
            Instant.now().minus(Duration.ofHours(1)));

    for (var how :
        List.of(
            new Object[] {Map.<String, String>of(), List.of("--profile", "org-sso")},
            new Object[] {Map.of("AWS_PROFILE", "org-sso"), List.<String>of()})) {
      @SuppressWarnings("unchecked")
      var run = plan((Map<String, String>) how[0], (List<String>) how[1]);

      assertThat(run.exitCode()).as(run.stderr()).isEqualTo(ExitCodes.ERROR);
      assertThat(run.stderr())
          .contains("Error: cannot read the organization:")
          .contains("NoCredentials")
          .contains("ProfileCredentialsProvider(profileName=org-sso)")
          .contains("hint: the profile's IAM Identity Center (SSO) sign-in is missing or has")
          .contains("run aws sso login --profile org-sso")
          .doesNotContain(token);
      assertThat(run.stdout()).isEmpty();
    }
  }

  @Test
  void aTokenThePortalRefusesNamesTheFixToo() throws Exception {
    // a token the cache holds as valid, but the portal does not know (signed out, revoked)
    var token =
        cacheToken(
            SESSION,
            "https://my-sso-portal.awsapps.com/start",
            Duration.ofHours(-1),
            Instant.now().plus(Duration.ofHours(8)));

    var run = plan(Map.of(), List.of("--profile", "org-sso"));

    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(ExitCodes.ERROR);
    assertThat(run.stderr())
        .contains("Session token not found or invalid")
        .contains("run aws sso login --profile org-sso")
        .doesNotContain(token);
    assertThat(roleCredentialCalls("UnauthorizedException")).isPositive();
  }
}
