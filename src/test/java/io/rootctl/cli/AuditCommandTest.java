package io.rootctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rootctl.render.AuditCsv;
import io.rootctl.sim.SimException;
import org.junit.jupiter.api.Test;

/** {@code rootctl audit}: the live inventory of the demo organization. */
class AuditCommandTest {
  private final Cli cli = new Cli();

  @Test
  void tableListsEveryAccountWithItsCredentialsAndSummaryCounts() {
    assertThat(cli.run("audit")).isEqualTo(ExitCodes.OK);

    assertThat(cli.out().lines())
        .anySatisfy(
            l ->
                assertThat(l)
                    .matches(
                        "555555555555 +prod-payments +/Root/Workloads/Prod +ou-ex12-aaaaaaa3 +ACTIVE +credentials"
                            + " +none +1 +0 +1 virtual"))
        .anySatisfy(
            l ->
                assertThat(l)
                    .matches(
                        "333344445555 +break-glass +/Root/Security +ou-ex12-aaaaaaa1 +ACTIVE +credentials +with"
                            + " password +1 +0 +1 hardware"))
        .anySatisfy(
            l ->
                assertThat(l)
                    .matches(
                        "777777777778 +sandbox-bob +/Root/Sandbox +ou-ex12-aaaaaaa5 +ACTIVE +credentials +no password"
                            + " +0 +0 +0"))
        .anySatisfy(l -> assertThat(l).matches("222222222222 +log-archive .* clean .*"))
        .anySatisfy(l -> assertThat(l).matches("111111111111 +management +/Root +r-ex12 .*"))
        .anySatisfy(l -> assertThat(l).matches("111111111111 +management .* management +- .*"))
        .anySatisfy(l -> assertThat(l).matches("888888888888 +old-project .*SUSPENDED +inactive.*"))
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith(
                        "  666666666666  access key AKIAEXAMPLESTAGING01 (Inactive, created "));
    assertThat(cli.out())
        .contains(
            "11 accounts: 9 read (5 clean, 4 with root credentials), 0 unreadable, 2 not"
                + " read (1 management, 1 inactive).")
        .contains(
            "Root credentials: 3 login profiles (2 with a password), 3 access keys in 3"
                + " accounts, 1 signing certificate, 2 MFA devices (1 virtual, 1 hardware).");
    assertThat(cli.services.writes()).isZero();
  }

  @Test
  void csvHasAHeaderAndOneLinePerAccount() {
    assertThat(cli.run("audit", "--format", "csv")).isEqualTo(ExitCodes.OK);

    var lines = cli.out().split("\r\n");
    assertThat(lines[0]).isEqualTo(String.join(",", AuditCsv.COLUMNS));
    assertThat(lines).hasSize(12);
    assertThat(lines)
        .contains(
            "666666666666,staging,/Root/Workloads/NonProd,ACTIVE,credentials,true,true,1,"
                + "AKIAEXAMPLESTAGING01,1,ASCAEXAMPLESTAGING01,0,0,,,ou-ex12-aaaaaaa4");
    assertThat(AuditCsv.COLUMNS).as("added columns come last").endsWith("error", "ou_id");
  }

  @Test
  void jsonHasEveryAccountAndTheSummary() throws Exception {
    assertThat(cli.run("audit", "--format", "json")).isEqualTo(ExitCodes.OK);

    var json = new ObjectMapper().readTree(cli.out());
    assertThat(json.get("organizationId").asText()).isEqualTo("o-exampleorg1");
    assertThat(json.get("accounts")).hasSize(11);
    var payments = json.get("accounts").get(4);
    assertThat(payments.get("account").asText()).isEqualTo("555555555555");
    assertThat(payments.get("ou").asText()).isEqualTo("/Root/Workloads/Prod");
    assertThat(payments.get("ouId").asText()).isEqualTo("ou-ex12-aaaaaaa3");
    assertThat(json.at("/accounts/0/ouId").asText()).isEqualTo("r-ex12");
    assertThat(payments.at("/accessKeys/0/id").asText()).isEqualTo("AKIAEXAMPLEPAYMNT001");
    assertThat(payments.at("/mfaDevices/0/type").asText()).isEqualTo("virtual");
    assertThat(json.at("/accounts/0/status").asText()).isEqualTo("management");
    assertThat(json.at("/accounts/0/accessKeys").isNull()).isTrue();
    assertThat(json.at("/summary/withCredentials").asInt()).isEqualTo(4);
    assertThat(json.at("/summary/accessKeys").asInt()).isEqualTo(3);
  }

  @Test
  void anUnreadableAccountIsShownWithItsErrorAndExitsOne() {
    cli.services.cloud.failNext(
        "iam:GetAccountSummary", 10, new SimException("AccessDenied", 403, "denied by an SCP"));

    assertThat(cli.run("audit")).isEqualTo(ExitCodes.ERROR);

    assertThat(cli.out())
        .contains("unreadable")
        .contains("error: iam:GetAccountSummary in account")
        .contains("AccessDenied: denied by an SCP (request ");
    assertThat(cli.err()).contains("could not be read");
  }

  @Test
  void anUnknownFormatIsAUsageError() {
    assertThat(cli.run("audit", "--format", "xml")).isEqualTo(ExitCodes.ERROR);
    assertThat(cli.err()).contains("--format");
  }
}
