package io.rootctl.plan.json;

import static io.rootctl.testing.PlanFixtures.account;
import static io.rootctl.testing.PlanFixtures.desired;
import static io.rootctl.testing.PlanFixtures.org;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rootctl.desired.FeatureSetting;
import io.rootctl.live.AccountState;
import io.rootctl.live.Fingerprint;
import io.rootctl.live.RootCredentials;
import io.rootctl.model.AccountId;
import io.rootctl.model.Mode;
import io.rootctl.model.OrgFeature;
import io.rootctl.model.OuPath;
import io.rootctl.plan.AccountChange;
import io.rootctl.plan.AllowPasswordRecovery;
import io.rootctl.plan.DeactivateMfaDevice;
import io.rootctl.plan.DeleteAccessKey;
import io.rootctl.plan.DeleteLoginProfile;
import io.rootctl.plan.DeleteSigningCertificate;
import io.rootctl.plan.DisableRootFeature;
import io.rootctl.plan.EnableRootFeature;
import io.rootctl.plan.EnableTrustedAccess;
import io.rootctl.plan.OrganizationChange;
import io.rootctl.plan.Plan;
import io.rootctl.plan.PlanOutcome;
import io.rootctl.plan.Planner;
import io.rootctl.plan.PlanningContext;
import io.rootctl.plan.PreflightWarning;
import io.rootctl.plan.Skip;
import io.rootctl.plan.SkipReason;
import io.rootctl.plan.Unreadable;
import io.rootctl.testing.PlanFixtures;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PlanJsonTest {
  static final Instant CREATED = Instant.parse("2026-11-23T09:30:00.123456789Z");
  private final PlanJson json = new PlanJson();

  static Plan demo() {
    var outcome =
        new Planner()
            .plan(
                PlanFixtures.demoDesired(),
                PlanFixtures.demoLive(),
                PlanningContext.of(PlanFixtures.DEMO_TODAY, Instant.parse("2026-11-23T09:30:00Z")));
    return ((PlanOutcome.Planned) outcome).plan();
  }

  /** Every action type, organization actions, every skip reason, observe mode. */
  static Plan everything() {
    var fp = Fingerprint.of(RootCredentials.none());
    return new Plan(
        Plan.FORMAT_VERSION,
        "rev \"quoted\" ünïcode",
        CREATED,
        Mode.OBSERVE,
        Optional.of(
            new OrganizationChange(
                List.of(
                    new EnableTrustedAccess("iam.amazonaws.com"),
                    new EnableRootFeature(OrgFeature.ROOT_SESSIONS),
                    new DisableRootFeature(OrgFeature.ROOT_CREDENTIALS_MANAGEMENT)),
                List.of("a", "b", "c"))),
        List.of(
            new AccountChange(
                AccountId.of("000000000001"),
                "zero-led",
                OuPath.parse("/Root/A b/C"),
                "ou-ab12-cdef3456",
                fp,
                List.of(
                    new DeleteLoginProfile(),
                    new DeleteAccessKey("AKIA1"),
                    new DeleteSigningCertificate("ASCA1"),
                    new DeactivateMfaDevice("GAKT1", false),
                    new DeactivateMfaDevice("arn:aws:iam::000000000001:mfa/x", true),
                    new AllowPasswordRecovery()),
                List.of("r1", "r2", "r3", "r4", "r5", "r6"))),
        List.of(AccountId.of("000000000002")),
        List.of(
            new Skip(AccountId.of("000000000003"), "m", SkipReason.MANAGEMENT_ACCOUNT, "d"),
            new Skip(AccountId.of("000000000004"), "s", SkipReason.NOT_ACTIVE, "d"),
            new Skip(AccountId.of("000000000006"), "t", SkipReason.NOT_TARGETED, "")),
        List.of(new Unreadable(AccountId.of("000000000005"), "u", "d\nx")),
        List.of(),
        List.of(
            new PreflightWarning(
                "p-4kq2x7ab",
                "DenyRootKeys",
                "SERVICE_CONTROL_POLICY",
                Optional.of("DenyRootKeyDeletes"),
                new PreflightWarning.PolicyTarget(
                    "ORGANIZATIONAL_UNIT", "ou-ab12-cdef3456", "/Root/A b"),
                "IAMDeleteRootUserCredentials",
                List.of("iam:DeleteAccessKey", "iam:DeleteLoginProfile"),
                true,
                List.of(AccountId.of("000000000001")),
                "SCP p-4kq2x7ab (DenyRootKeys), statement DenyRootKeyDeletes, ..."),
            new PreflightWarning(
                "p-rcp00001",
                "MaybeDeny",
                "RESOURCE_CONTROL_POLICY",
                Optional.empty(),
                new PreflightWarning.PolicyTarget("ROOT", "r-ab12", "/Root"),
                "S3UnlockBucketPolicy",
                List.of("s3:DeleteBucketPolicy"),
                false,
                List.of(AccountId.of("000000000001"), AccountId.of("000000000002")),
                "RCP p-rcp00001 (MaybeDeny), statement (no Sid), ...")),
        List.of(
            new PreflightWarning.UnreadTarget(
                new PreflightWarning.PolicyTarget("ACCOUNT", "000000000002", "000000000002"),
                "organizations:DescribePolicy p-1 (X) failed: AccessDenied",
                "account 000000000002: organizations:DescribePolicy p-1 (X) failed:"
                    + " AccessDenied")));
  }

  static Stream<Plan> plans() {
    var planner = new Planner();
    var ctx = PlanningContext.of(LocalDate.parse("2026-11-23"), CREATED);
    var planned =
        Stream.of(
                org().with(account("222222222222")).live(),
                org()
                    .trustedAccess(false)
                    .features()
                    .with(
                        account("222222222222").withPassword().withAccessKey("AKIA1"),
                        account("333333333333").in("/Root/X").withMfaDevice("GAKT1"),
                        account("444444444444").state(AccountState.SUSPENDED),
                        account("555555555555").unreadable("AccessDenied"))
                    .live())
            .flatMap(
                live ->
                    Stream.of(
                        planner.plan(desired().build(), live, ctx),
                        planner.plan(desired().build(), live, ctx.observing()),
                        planner.plan(
                            desired()
                                .feature(OrgFeature.ROOT_SESSIONS, FeatureSetting.DISABLED)
                                .build(),
                            live,
                            ctx)))
            .map(o -> ((PlanOutcome.Planned) o).plan());
    return Stream.concat(Stream.of(demo(), everything()), planned);
  }

  @ParameterizedTest
  @MethodSource("plans")
  void readsBackExactlyWhatItWrote(Plan plan) throws Exception {
    var text = json.write(plan);

    assertThat(json.read(text)).isEqualTo(plan);
    assertThat(json.write(json.read(text))).isEqualTo(text);
  }

  @Test
  void writesTheDemoPlanAsTheGoldenFile() {
    PlanFixtures.assertGolden("demo-plan.json", json.write(demo()));
  }

  @Test
  void writesDeterministicPrettyJsonWithATrailingNewline() {
    var text = json.write(everything());

    assertThat(text).isEqualTo(json.write(everything())).endsWith("}\n").startsWith("{\n");
    assertThat(text).contains("\n  \"formatVersion\": 4,\n  \"desiredRevision\"");
    assertThat(text)
        .contains(
            "{\n          \"type\": \"DeleteAccessKey\",\n          \"accessKeyId\": \"AKIA1\",\n"
                + "          \"taskPolicy\": \"IAMDeleteRootUserCredentials\"\n        }");
    assertThat(text).contains("\"applicable\": false");
  }

  @Test
  void writesThePreflightWarningsWithPolicyStatementAndTarget() throws Exception {
    var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.write(everything()));

    var warnings = tree.get("preflightWarnings");
    assertThat(warnings.size()).isEqualTo(2);
    var first = warnings.get(0);
    assertThat(first.get("policyId").asText()).isEqualTo("p-4kq2x7ab");
    assertThat(first.get("policyName").asText()).isEqualTo("DenyRootKeys");
    assertThat(first.get("policyType").asText()).isEqualTo("SERVICE_CONTROL_POLICY");
    assertThat(first.get("statement").asText()).isEqualTo("DenyRootKeyDeletes");
    assertThat(first.get("target").toString())
        .isEqualTo(
            "{\"type\":\"ORGANIZATIONAL_UNIT\",\"id\":\"ou-ab12-cdef3456\",\"name\":\"/Root/A b\"}");
    assertThat(first.get("taskPolicy").asText()).isEqualTo("IAMDeleteRootUserCredentials");
    assertThat(first.get("actions").toString())
        .isEqualTo("[\"iam:DeleteAccessKey\",\"iam:DeleteLoginProfile\"]");
    assertThat(first.get("certain").asBoolean()).isTrue();
    assertThat(first.get("accounts").toString()).isEqualTo("[\"000000000001\"]");
    assertThat(first.get("message").asText()).startsWith("SCP p-4kq2x7ab (DenyRootKeys)");
    assertThat(warnings.get(1).get("statement").isNull()).as("no Sid: null").isTrue();
    assertThat(warnings.get(1).get("certain").asBoolean()).isFalse();
    assertThat(tree.get("preflightUnreadTargets").get(0).get("target").get("type").asText())
        .isEqualTo("ACCOUNT");
    assertThat(tree.get("preflightUnreadTargets").get(0).get("error").asText())
        .contains("AccessDenied");
    // the fields come last, after the summary, and are always present
    assertThat(json.write(demo()))
        .endsWith("  },\n  \"preflightWarnings\": [],\n  \"preflightUnreadTargets\": []\n}\n");
  }

  @Test
  void writesNullForAPlanWithoutOrganizationChanges() {
    assertThat(json.write(demo())).contains("\"organization\": null,");
  }

  record Bad(String name, String json, String path, String problem) {
    @Override
    public String toString() {
      return name;
    }
  }

  static String demoWith(String from, String to) {
    var text = new PlanJson().write(demo());
    assertThat(text).contains(from);
    return text.replaceFirst(
        java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to));
  }

  static Stream<Bad> badInput() {
    return Stream.of(
        new Bad("garbage", "this is not json", "$", "not valid JSON"),
        new Bad("truncated", "{\"formatVersion\": 1, \"accounts\": [", "$", "not valid JSON"),
        new Bad("an array", "[1, 2]", "$", "expected a JSON object"),
        new Bad("no version", "{}", "$.formatVersion", "missing"),
        new Bad(
            "string version",
            demoWith("\"formatVersion\": 4", "\"formatVersion\": \"4\""),
            "$.formatVersion",
            "expected an integer"),
        new Bad(
            "version 5",
            demoWith("\"formatVersion\": 4", "\"formatVersion\": 5"),
            "$.formatVersion",
            "unsupported format version 5; this rootctl reads format version"
                + " 4 (the plan was written by a newer rootctl"),
        new Bad(
            "version 3, without needsPerson and the preflight",
            demoWith("\"formatVersion\": 4", "\"formatVersion\": 3"),
            "$.formatVersion",
            "unsupported format version 3; this rootctl reads format version"
                + " 4 (the plan was written by an older rootctl; run rootctl plan again"),
        new Bad(
            "no preflightWarnings",
            demoWith("\"preflightWarnings\": [],", ""),
            "$.preflightWarnings",
            "missing"),
        new Bad(
            "preflight warning with another policy type",
            demoWith(
                "\"preflightWarnings\": [],",
                "\"preflightWarnings\": [{\"policyId\": \"p-1\", \"policyName\": \"n\","
                    + " \"policyType\": \"TAG_POLICY\", \"statement\": null, \"target\":"
                    + " {\"type\": \"ROOT\", \"id\": \"r-ab12\", \"name\": \"/Root\"},"
                    + " \"taskPolicy\": \"t\", \"actions\": [], \"certain\": true,"
                    + " \"accounts\": [], \"message\": \"m\"}],"),
            "$.preflightWarnings[0].policyType",
            "expected SERVICE_CONTROL_POLICY or RESOURCE_CONTROL_POLICY, found 'TAG_POLICY'"),
        new Bad(
            "preflight warning with a bad target type",
            demoWith(
                "\"preflightWarnings\": [],",
                "\"preflightWarnings\": [{\"policyId\": \"p-1\", \"policyName\": \"n\","
                    + " \"policyType\": \"SERVICE_CONTROL_POLICY\", \"statement\": null,"
                    + " \"target\": {\"type\": \"OU\", \"id\": \"ou-1\", \"name\": \"/Root\"},"
                    + " \"taskPolicy\": \"t\", \"actions\": [], \"certain\": true,"
                    + " \"accounts\": [], \"message\": \"m\"}],"),
            "$.preflightWarnings[0].target.type",
            "expected ROOT, ORGANIZATIONAL_UNIT or ACCOUNT, found 'OU'"),
        new Bad(
            "preflight warning without certain",
            demoWith(
                "\"preflightWarnings\": [],",
                "\"preflightWarnings\": [{\"policyId\": \"p-1\", \"policyName\": \"n\","
                    + " \"policyType\": \"SERVICE_CONTROL_POLICY\", \"statement\": null,"
                    + " \"target\": {\"type\": \"ROOT\", \"id\": \"r-ab12\", \"name\": \"/Root\"},"
                    + " \"taskPolicy\": \"t\", \"actions\": [],"
                    + " \"accounts\": [], \"message\": \"m\"}],"),
            "$.preflightWarnings[0].certain",
            "missing"),
        new Bad(
            "version 2, without ouId",
            demoWith("\"formatVersion\": 4", "\"formatVersion\": 2"),
            "$.formatVersion",
            "unsupported format version 2; this rootctl reads format version"
                + " 4 (the plan was written by an older rootctl; run rootctl plan again"),
        new Bad(
            "version 1",
            demoWith("\"formatVersion\": 4", "\"formatVersion\": 1"),
            "$.formatVersion",
            "unsupported format version 1; this rootctl reads format version"
                + " 4 (the plan was written by an older rootctl; run rootctl plan again"),
        new Bad(
            "version 0",
            demoWith("\"formatVersion\": 4", "\"formatVersion\": 0"),
            "$.formatVersion",
            "unsupported format version 0"),
        new Bad(
            "zeroed summary",
            demoWith("\"toDelete\": 6", "\"toDelete\": 0"),
            "$.summary",
            "does not match the plan's own actions and accounts"),
        new Bad(
            "summary counts read as a person would, written vs counted",
            demoWith("\"toDelete\": 6", "\"toDelete\": 0"),
            "$.summary",
            "toDelete: the file says 0, the plan's own actions count 6"),
        new Bad(
            "duplicate key accounts",
            demoWith("\"inSync\": [", "\"accounts\": [], \"inSync\": ["),
            "$",
            "duplicate key 'accounts' (line "),
        new Bad(
            "duplicate key in a nested object",
            demoWith("\"toAllow\": 1,", "\"toAllow\": 1, \"toAllow\": 1,"),
            "$",
            "duplicate key 'toAllow' (line "),
        new Bad(
            "summary hiding an unreadable account",
            demoWith(
                "\"unreadable\": [],",
                "\"unreadable\": [{\"account\": \"999999999990\","
                    + " \"name\": \"x\", \"reason\": \"AccessDenied\"}],"),
            "$.summary",
            "does not match"),
        new Bad(
            "account changed and in sync",
            demoWith("\"inSync\": [\n    \"", "\"inSync\": [\n    \"333344445555\", \""),
            "$.inSync[0]",
            "account 333344445555 is already listed at $.accounts[0].account"),
        new Bad(
            "account without actions",
            demoWith(
                "{\n          \"type\": \"DeleteAccessKey\",\n          \"accessKeyId\":"
                    + " \"AKIAEXAMPLEBRKGLS001\",\n          \"taskPolicy\":"
                    + " \"IAMDeleteRootUserCredentials\"\n        }",
                ""),
            "$.accounts[0].actions",
            "empty"),
        new Bad(
            "unknown field",
            demoWith("\"mode\": ", "\"colour\": \"red\", \"mode\": "),
            "$.colour",
            "unknown field 'colour'"),
        new Bad(
            "unknown action",
            demoWith("\"DeleteAccessKey\"", "\"DeleteEverything\""),
            "$.accounts[0].actions[0]",
            "unknown action type 'DeleteEverything'"),
        new Bad(
            "missing key id",
            demoWith("\"accessKeyId\": \"AKIAEXAMPLEBRKGLS001\",", ""),
            "$.accounts[0].actions[0].accessKeyId",
            "missing"),
        new Bad(
            "null key id",
            demoWith("\"AKIAEXAMPLEBRKGLS001\"", "null"),
            "$.accounts[0].actions[0].accessKeyId",
            "missing"),
        new Bad(
            "wrong task policy",
            demoWith("\"IAMCreateRootUserPassword\"", "\"IAMDeleteRootUserCredentials\""),
            "$.accounts[3].actions[0].taskPolicy",
            "is not the task policy of" + " AllowPasswordRecovery (IAMCreateRootUserPassword)"),
        new Bad(
            "bad account id",
            demoWith("\"333344445555\"", "\"3333\""),
            "$.accounts[0].account",
            "not a 12-digit account id: '3333'"),
        new Bad(
            "bad fingerprint",
            demoWith("\"basedOn\": \"", "\"basedOn\": \"zz"),
            "$.accounts[0].basedOn",
            "not a sha256"),
        new Bad(
            "bad ou",
            demoWith("\"/Root/Security\"", "\"Root\""),
            "$.accounts[0].ou",
            "not an OU path"),
        new Bad(
            "bad ou id",
            demoWith("\"ouId\": \"ou-ex12-aaaaaaa1\"", "\"ouId\": \"Security\""),
            "$.accounts[0].ouId",
            "expected a root id r-xxxx or an OU id ou-xxxx-xxxxxxxx, found Security"),
        new Bad(
            "no ou id",
            demoWith("\"ouId\": \"ou-ex12-aaaaaaa1\",", ""),
            "$.accounts[0].ouId",
            "missing"),
        new Bad(
            "bad time",
            demoWith("\"2026-11-23T09:30:00Z\"", "\"yesterday\""),
            "$.createdAt",
            "not an ISO-8601 instant: 'yesterday'"),
        new Bad(
            "bad mode",
            demoWith("\"enforce\"", "\"yolo\""),
            "$.mode",
            "expected enforce or observe"),
        new Bad(
            "applicable observe",
            demoWith("\"enforce\"", "\"observe\""),
            "$.applicable",
            "true contradicts mode observe"),
        new Bad(
            "bad skip reason",
            demoWith("\"NOT_ACTIVE\"", "\"BORED\""),
            "$.skipped[1].reason",
            "found 'BORED'"),
        new Bad(
            "org action under an account",
            demoWith(
                "{\n          \"type\": \"DeleteAccessKey\",\n          \"accessKeyId\":"
                    + " \"AKIAEXAMPLEBRKGLS001\",\n          \"taskPolicy\":"
                    + " \"IAMDeleteRootUserCredentials\"\n        }",
                "{\"type\": \"EnableRootFeature\", \"feature\": \"RootSessions\"}"),
            "$.accounts[0].actions[0].type",
            "an organization action cannot be an account"),
        new Bad(
            "missing summary field",
            demoWith("\"toAllow\": 1,", ""),
            "$.summary.toAllow",
            "missing"),
        new Bad(
            "missing type",
            demoWith("\"type\": \"DeleteAccessKey\",", ""),
            "$.accounts[0].actions[0]",
            "missing action type"),
        new Bad("trailing garbage", new PlanJson().write(demo()) + "{}", "$", "not valid JSON"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInput")
  void rejectsMalformedPlansNamingTheProblemAndPath(Bad bad) {
    assertThatThrownBy(() -> json.read(bad.json()))
        .isInstanceOf(PlanFormatException.class)
        .satisfies(
            e -> {
              var pfe = (PlanFormatException) e;
              assertThat(pfe.path()).as(bad.name()).isEqualTo(bad.path());
              assertThat(pfe.problem()).as(bad.name()).contains(bad.problem());
              assertThat(pfe.getMessage()).startsWith("invalid plan at " + bad.path() + ": ");
            });
  }
}
