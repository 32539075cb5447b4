package io.rootctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rootctl.model.OrgFeature;
import io.rootctl.sim.SimException;
import org.junit.jupiter.api.Test;

/** {@code rootctl check}, black-box over the demo organization. */
class CheckCommandTest {
  private final Cli cli = new Cli();

  @Test
  void theDemoOrganizationIsReady() {
    assertThat(cli.run("check")).as(cli.out() + cli.err()).isEqualTo(ExitCodes.OK);

    assertThat(cli.out())
        .containsPattern("ok +partition +aws \\(from region us-east-1")
        .containsPattern("ok +stsEndpoint +sts.us-east-1 answered GetCallerIdentity")
        .containsPattern("ok +caller +111111111111 is the management account")
        .containsPattern("ok +featureSet +ALL")
        .containsPattern("ok +trustedAccess +iam.amazonaws.com is enabled")
        .containsPattern("ok +RootCredentialsManagement +enabled")
        .containsPattern("ok +RootSessions +enabled")
        .contains("Ready:")
        .doesNotContain("FAIL");
    assertThat(cli.services.writes()).isZero();
  }

  @Test
  void aFeatureThatIsOffFailsWithTheCommandThatTurnsItOn() throws Exception {
    cli.services.cloud.disableRootFeature(OrgFeature.ROOT_SESSIONS);

    assertThat(cli.run("check")).isEqualTo(ExitCodes.ERROR);

    assertThat(cli.out())
        .containsPattern("FAIL +RootSessions +not enabled")
        .contains("fix: from the management account: aws iam enable-organizations-root-sessions")
        .containsPattern("ok +RootCredentialsManagement")
        .contains("Not ready: 1 check(s) failed");

    assertThat(cli.run("check", "--json")).isEqualTo(ExitCodes.ERROR);
    var json = new ObjectMapper().readTree(cli.out());
    assertThat(json.get("ready").asBoolean()).isFalse();
    assertThat(json.get("region").asText()).isEqualTo("us-east-1");
    // the SCP preflight comes last: nothing denies in the demo organization
    var last = json.get("checks").get(json.get("checks").size() - 1);
    assertThat(last.get("check").asText() + " " + last.get("status").asText())
        .isEqualTo("scp pass");
    var sessions = json.get("checks").get(json.get("checks").size() - 2);
    assertThat(sessions.get("check").asText()).isEqualTo("RootSessions");
    assertThat(sessions.get("status").asText()).isEqualTo("fail");
    assertThat(sessions.get("fix").asText()).contains("enable-organizations-root-sessions");
  }

  @Test
  void anScpThatDeniesRootSessionsIsNamedAndFailsTheCheck() throws Exception {
    cli.services
        .cloud
        .organization()
        .attachPolicy(
            "DenyRootKeys",
            "SERVICE_CONTROL_POLICY",
            "{\"Statement\": [{\"Sid\": \"DenyRootKeyDeletes\", \"Effect\": \"Deny\","
                + " \"Action\": \"iam:DeleteAccessKey\", \"Resource\": \"*\"}]}",
            "ou-ex12-aaaaaaa2");

    assertThat(cli.run("check")).isEqualTo(ExitCodes.ERROR);

    assertThat(cli.out())
        .containsPattern("FAIL +scp +SCP p-\\w+ \\(DenyRootKeys\\), statement DenyRootKeyDeletes")
        .contains("attached to /Root/Workloads (ou-ex12-aaaaaaa2) denies iam:DeleteAccessKey")
        .contains("aws:AssumedRoot")
        .contains("Not ready: 1 check(s) failed");
  }

  @Test
  void anUnreachableStsEndpointFailsAndIsNeverAPass() {
    cli.services.cloud.failNext(
        "sts:GetCallerIdentity", 10, new SimException("ServiceUnavailable", 503, "down"));

    assertThat(cli.run("check")).isEqualTo(ExitCodes.ERROR);

    assertThat(cli.out())
        .containsPattern("FAIL +stsEndpoint +the regional STS endpoint did not answer")
        .contains("fix: allow HTTPS to sts.us-east-1.amazonaws.com");
  }

  @Test
  void trustedAccessUnreadableFailsItAndBothFeaturesWithoutCallingThemOff() {
    cli.services.cloud.failNext(
        "organizations:ListAWSServiceAccessForOrganization",
        10,
        new SimException("AccessDeniedException", 400, "no"));

    assertThat(cli.run("check")).isEqualTo(ExitCodes.ERROR);

    assertThat(cli.out())
        .containsPattern("FAIL +trustedAccess +cannot read it")
        .containsPattern("FAIL +RootSessions +not checked: trusted access for iam.amazonaws.com")
        .containsPattern("FAIL +RootCredentialsManagement");
  }
}
