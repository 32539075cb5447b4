package io.rootctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rootctl.app.Components;
import io.rootctl.cloud.Sleeper;
import io.rootctl.sim.FaultSettings;
import io.rootctl.sim.Fixture;
import io.rootctl.sim.SimulatedOrganization;
import io.rootctl.sim.http.EmulatorServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mfaDevices: required | hardware} end to end, wired as {@code bin/rootctl} is ({@link
 * Components}: the real AWS SDK), against the emulator over HTTP with the demo organization: the
 * staging account keeps its password and has no MFA device, so under {@code required} the plan
 * shows "needs a person" and exits 2 with {@code -detailed-exitcode}, apply writes nothing and says
 * it remains; a virtual MFA device added through the control plane meets {@code required}, not
 * {@code hardware}.
 */
class MfaRequirementIT {
  static final String STAGING = "666666666666";

  @TempDir Path dir;

  private SimulatedOrganization organization;
  private EmulatorServer server;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void start() {
    organization =
        new SimulatedOrganization(
            Fixture.demo(), Clock.systemUTC(), FaultSettings.none(), Sleeper.threadSleep());
    server = new EmulatorServer(organization, 0).start();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** A desired state keeping staging's credentials, with {@code mfaDevices: value}. */
  private Path desired(String value) throws Exception {
    var root = dir.resolve(value);
    Files.createDirectories(root.resolve("accounts"));
    Files.writeString(
        root.resolve("organization.yaml"),
        """
        apiVersion: rootctl.io/v1
        kind: Organization
        spec:
          mode: enforce
        """);
    Files.writeString(
        root.resolve("accounts/staging.yaml"),
        """
        apiVersion: rootctl.io/v1
        kind: Account
        metadata: {name: staging}
        spec:
          account: "666666666666"
          passwordRecovery: unmanaged
          rootCredentials:
            password: unmanaged
            accessKeys: unmanaged
            signingCertificates: unmanaged
            mfaDevices: %s
          exception:
            reason: break-glass root with a password and MFA
            owner: security@example.com
            expires: 2099-12-31
        """
            .formatted(value));
    return root;
  }

  private int run(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    var admin = organization.managementCredentials();
    var services =
        new Components().withStaticCredentials(admin.accessKeyId(), admin.secretAccessKey());
    var cli = RootctlCommand.commandLine(services);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    var all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--endpoint-url", server.endpoint().toString()));
    return cli.execute(all.toArray(String[]::new));
  }

  private String mutate(String body) throws Exception {
    var response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(server.endpoint() + "/_sim/mutate"))
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }

  @Test
  void anUnmetRequirementNeedsAPersonUntilAVirtualDeviceMeetsRequiredButNotHardware()
      throws Exception {
    var required = desired("required").toString();
    var hardware = desired("hardware").toString();
    var target = "account:" + STAGING;

    assertThat(run("plan", "-detailed-exitcode", "-target", target, "--desired-state", required))
        .as(out + "\n" + err)
        .isEqualTo(ExitCodes.CHANGES_PENDING);
    assertThat(out.toString())
        .contains("Needs a person")
        .contains("666666666666 (staging) in /Root/Workloads/NonProd: no MFA device;")
        .contains("mfaDevices: required (from account staging (accounts/staging.yaml:")
        .contains("Not in sync.")
        .doesNotContain("No changes.");

    assertThat(run("plan", "-json", "-target", target, "--desired-state", required))
        .isEqualTo(ExitCodes.OK);
    var json = new ObjectMapper().readTree(out.toString());
    assertThat(json.at("/accounts")).isEmpty();
    assertThat(json.at("/inSync")).isEmpty();
    assertThat(json.at("/needsPerson/0/account").asText()).isEqualTo(STAGING);
    assertThat(json.at("/needsPerson/0/requirement").asText()).isEqualTo("mfaDevices");
    assertThat(json.at("/needsPerson/0/value").asText()).isEqualTo("required");
    assertThat(json.at("/summary/accountsNeedingPerson").asInt()).isEqualTo(1);

    assertThat(run("apply", "-auto-approve", "-target", target, "--desired-state", required))
        .as(out + "\n" + err)
        .isEqualTo(ExitCodes.OK);
    assertThat(out.toString())
        .contains("Still needs a person (1): apply wrote nothing")
        .contains("account 666666666666 (staging): mfaDevices: required, found no MFA device");
    assertThat(
            organization
                .journal()
                .count(
                    k ->
                        k.operation().startsWith("iam:Delete")
                            || k.operation().startsWith("iam:Create")
                            || k.operation().startsWith("iam:Deactivate")
                            || k.operation().startsWith("iam:Enable")))
        .as("apply made no write")
        .isZero();

    var serial = mutate("{\"action\": \"createMfaDevice\", \"account\": \"666666666666\"}");
    assertThat(serial).contains(":mfa/");

    assertThat(run("plan", "-detailed-exitcode", "-target", target, "--desired-state", required))
        .as(out + "\n" + err)
        .isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).contains("No changes.").doesNotContain("Needs a person");

    assertThat(run("plan", "-detailed-exitcode", "-target", target, "--desired-state", hardware))
        .as(out + "\n" + err)
        .isEqualTo(ExitCodes.CHANGES_PENDING);
    assertThat(out.toString())
        .contains("1 virtual MFA device, no hardware MFA device or security key")
        .contains("add a hardware MFA device or FIDO security key to the root user")
        .doesNotContain("- mfa device");
  }
}
