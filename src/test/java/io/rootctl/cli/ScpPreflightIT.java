package io.rootctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootctl.app.Components;
import io.rootctl.cloud.Sleeper;
import io.rootctl.model.AccountId;
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
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SCP preflight end to end, wired as {@code bin/rootctl} is ({@link Components}: the real AWS
 * SDK), against the emulator over HTTP with the demo organization: an SCP denying
 * iam:DeleteAccessKey to root principals, attached to the Prod OU through the control plane, makes
 * {@code check} name the statement and exit 1, {@code plan} warn naming policy and OU, and {@code
 * apply} fail with the explicit-deny error in the accounts beneath it only.
 */
class ScpPreflightIT {
  static final AccountId PAYMENTS = AccountId.of("555555555555"); // /Root/Workloads/Prod
  static final AccountId STAGING = AccountId.of("666666666666"); // /Root/Workloads/NonProd
  static final String PROD = "ou-ex12-aaaaaaa3";

  @TempDir Path dir;

  private SimulatedOrganization organization;
  private EmulatorServer server;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void start() throws Exception {
    organization =
        new SimulatedOrganization(
            Fixture.demo(), Clock.systemUTC(), FaultSettings.none(), Sleeper.threadSleep());
    server = new EmulatorServer(organization, 0).start();
    var response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(server.endpoint() + "/_sim/mutate"))
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            """
                            {"action": "attachPolicy", "name": "DenyRootKeys", "target": "%s",
                             "content": {"Version": "2012-10-17", "Statement": [
                               {"Sid": "DenyRootKeyDeletes", "Effect": "Deny",
                                "Action": "iam:DeleteAccessKey", "Resource": "*",
                                "Condition": {"StringLike":
                                  {"aws:PrincipalArn": "arn:aws:iam::*:root"}}}]}}
                            """
                                .formatted(PROD)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.body()).contains("\"result\":\"p-");
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
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

  @Test
  void checkNamesTheStatementPlanWarnsAndApplyFailsOnlyBeneathIt() throws Exception {
    assertThat(run("check")).as(out + "\n" + err).isEqualTo(ExitCodes.ERROR);
    assertThat(out.toString())
        .containsPattern(
            "FAIL +scp +SCP p-\\w+ \\(DenyRootKeys\\), statement DenyRootKeyDeletes, attached to"
                + " /Root/Workloads/Prod \\(ou-ex12-aaaaaaa3\\) denies iam:DeleteAccessKey in"
                + " IAMDeleteRootUserCredentials sessions")
        .contains("555555555555")
        .containsPattern("ok +RootSessions +enabled")
        .contains("Not ready: 1 check(s) failed");

    var desired = Path.of("desired-state").toAbsolutePath().toString();
    var audit = dir.resolve("audit.jsonl").toString();
    assertThat(run("plan", "--desired-state", desired)).as(out + "\n" + err).isEqualTo(0);
    assertThat(err.toString())
        .containsPattern(
            "Warning: SCP p-\\w+ \\(DenyRootKeys\\), statement DenyRootKeyDeletes, attached to"
                + " /Root/Workloads/Prod \\(ou-ex12-aaaaaaa3\\)");

    // plan --json carries the same finding, and so does a saved plan (show prints it again)
    assertThat(run("plan", "--desired-state", desired, "--json")).as(err.toString()).isEqualTo(0);
    var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toString());
    var warnings = json.get("preflightWarnings");
    assertThat(warnings.size()).as(out.toString()).isEqualTo(1);
    var warning = warnings.get(0);
    assertThat(warning.get("policyId").asText()).matches("p-\\w+");
    assertThat(warning.get("policyName").asText()).isEqualTo("DenyRootKeys");
    assertThat(warning.get("policyType").asText()).isEqualTo("SERVICE_CONTROL_POLICY");
    assertThat(warning.get("statement").asText()).isEqualTo("DenyRootKeyDeletes");
    assertThat(warning.get("target").get("type").asText()).isEqualTo("ORGANIZATIONAL_UNIT");
    assertThat(warning.get("target").get("id").asText()).isEqualTo(PROD);
    assertThat(warning.get("target").get("name").asText()).isEqualTo("/Root/Workloads/Prod");
    assertThat(warning.get("taskPolicy").asText()).isEqualTo("IAMDeleteRootUserCredentials");
    assertThat(warning.get("actions").toString()).isEqualTo("[\"iam:DeleteAccessKey\"]");
    assertThat(warning.get("certain").asBoolean()).isTrue();
    assertThat(warning.get("accounts").toString()).contains("\"555555555555\"");
    assertThat(warning.get("accounts").toString()).doesNotContain("666666666666");
    assertThat(json.get("preflightUnreadTargets").size()).isZero();
    var saved = dir.resolve("plan.json").toString();
    assertThat(run("plan", "--desired-state", desired, "-out", saved)).isEqualTo(0);
    assertThat(run("show", saved)).as(err.toString()).isEqualTo(0);
    assertThat(err.toString())
        .containsPattern(
            "Warning: SCP p-\\w+ \\(DenyRootKeys\\), statement DenyRootKeyDeletes, attached to"
                + " /Root/Workloads/Prod \\(ou-ex12-aaaaaaa3\\)");

    var code = run("apply", "--auto-approve", "--desired-state", desired, "--audit-log", audit);
    var both = out + "\n" + err;
    assertThat(code).as(both).isNotEqualTo(ExitCodes.OK);
    assertThat(both)
        .contains(
            "User: arn:aws:iam::555555555555:root is not authorized to perform:"
                + " iam:DeleteAccessKey on resource: arn:aws:iam::555555555555:root with an"
                + " explicit deny in a service control policy");
    // the key beneath the policy is still there; the account outside it was cleaned
    assertThat(organization.rootCredentials(PAYMENTS).accessKeys()).isNotEmpty();
    assertThat(organization.rootCredentials(STAGING).signingCertificates()).isEmpty();
    assertThat(both).doesNotContain("arn:aws:iam::666666666666:root is not authorized");
  }
}
