package io.rootctl.desired;

import static io.rootctl.desired.CredentialSetting.ABSENT;
import static io.rootctl.desired.CredentialSetting.UNMANAGED;
import static io.rootctl.model.CredentialKind.ACCESS_KEYS;
import static io.rootctl.model.CredentialKind.MFA_DEVICES;
import static io.rootctl.model.CredentialKind.PASSWORD;
import static io.rootctl.model.CredentialKind.SIGNING_CERTIFICATES;
import static org.assertj.core.api.Assertions.assertThat;

import io.rootctl.live.OrganizationTree;
import io.rootctl.model.AccountId;
import io.rootctl.model.CredentialKind;
import io.rootctl.testing.Desired;
import io.rootctl.testing.Trees;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * PolicyResolver by table: each field at each level (organization defaults, OU by path and by id,
 * nested OUs deepest first, account), exception expiry around the day, and the problems only the
 * live tree reveals.
 */
class PolicyResolverTest {
  private static final LocalDate TODAY = LocalDate.of(2026, 11, 23);
  private static final String YESTERDAY = "2026-11-22";
  private static final String TOMORROW = "2026-11-24";
  private static final String ORG = "organization defaults";

  /**
   * One account's expected policy: the fields that differ from the strict baseline (every kind
   * {@code absent}, recovery {@code disabled}, all from the organization defaults), written {@code
   * field=value@origin}, separated by {@code ;}.
   */
  record Case(String name, String reason, Desired desired, String account, String expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "strict defaults when nothing is written",
            "an Organization without defaults means absent and disabled for everyone",
            Desired.org(),
            "222222222222",
            ""),
        new Case(
            "organization shorthand unmanaged",
            "rootCredentials: unmanaged in the defaults sets all four kinds",
            Desired.org()
                .defaults(s -> s.credentials(UNMANAGED).recovery(RecoverySetting.UNMANAGED)),
            "222222222222",
            "password=unmanaged@"
                + ORG
                + "; accessKeys=unmanaged@"
                + ORG
                + "; signingCertificates=unmanaged@"
                + ORG
                + "; mfaDevices=unmanaged@"
                + ORG
                + "; recovery=unmanaged@"
                + ORG),
        new Case(
            "organization per-kind default",
            "a kind not written in the defaults stays strict",
            Desired.org().defaults(s -> s.credential(ACCESS_KEYS, UNMANAGED)),
            "222222222222",
            "accessKeys=unmanaged@" + ORG),
        new Case(
            "OU by path relaxes recovery",
            "the Sandbox OU document applies to accounts directly in it",
            Desired.org()
                .ou(
                    "/Root/Sandbox",
                    "sandbox",
                    s -> s.recovery(RecoverySetting.ENABLED).exception("2027-06-30")),
            "777777777777",
            "recovery=enabled@OU /Root/Sandbox"),
        new Case(
            "OU by id relaxes recovery",
            "selecting ou-ex12-aaaaaaa5 is the same as /Root/Sandbox; the origin names the path",
            Desired.org()
                .ouById(
                    "ou-ex12-aaaaaaa5",
                    "sandbox",
                    s -> s.recovery(RecoverySetting.ENABLED).exception("2027-06-30")),
            "777777777778",
            "recovery=enabled@OU /Root/Sandbox"),
        new Case(
            "OU sets password",
            "password unmanaged with recovery unmanaged at OU level",
            Desired.org()
                .ou(
                    "/Root/Security",
                    "security",
                    s ->
                        s.credential(PASSWORD, UNMANAGED)
                            .recovery(RecoverySetting.UNMANAGED)
                            .exception("2027-01-01")),
            "444444444444",
            "password=unmanaged@OU /Root/Security; recovery=unmanaged@OU /Root/Security"),
        new Case(
            "OU sets access keys",
            "accessKeys at OU level leaves the other kinds to the defaults",
            Desired.org()
                .ou(
                    "/Root/Workloads/Prod",
                    "prod",
                    s -> s.credential(ACCESS_KEYS, UNMANAGED).exception("2027-01-01")),
            "555555555555",
            "accessKeys=unmanaged@OU /Root/Workloads/Prod"),
        new Case(
            "OU sets signing certificates",
            "signingCertificates at OU level",
            Desired.org()
                .ou(
                    "/Root/Workloads/NonProd",
                    "nonprod",
                    s -> s.credential(SIGNING_CERTIFICATES, UNMANAGED).exception("2027-01-01")),
            "666666666666",
            "signingCertificates=unmanaged@OU /Root/Workloads/NonProd"),
        new Case(
            "OU sets MFA devices",
            "mfaDevices at OU level",
            Desired.org()
                .ou(
                    "/Root/Security",
                    "security",
                    s -> s.credential(MFA_DEVICES, UNMANAGED).exception("2027-01-01")),
            "222222222222",
            "mfaDevices=unmanaged@OU /Root/Security"),
        new Case(
            "account sets every field",
            "the break-glass account document wins over OU and defaults, field by field",
            Desired.org()
                .ou("/Root/Security", "security", s -> s.credential(ACCESS_KEYS, ABSENT))
                .account(
                    "333344445555",
                    "break-glass",
                    s ->
                        s.credential(PASSWORD, UNMANAGED)
                            .credential(MFA_DEVICES, UNMANAGED)
                            .credential(ACCESS_KEYS, ABSENT)
                            .credential(SIGNING_CERTIFICATES, ABSENT)
                            .recovery(RecoverySetting.UNMANAGED)
                            .exception("2027-01-31")),
            "333344445555",
            "password=unmanaged@account break-glass; mfaDevices=unmanaged@account break-glass;"
                + " accessKeys=absent@account break-glass;"
                + " signingCertificates=absent@account break-glass;"
                + " recovery=unmanaged@account break-glass"),
        new Case(
            "account sets signing certificates only",
            "an account document that sets one kind inherits the rest",
            Desired.org()
                .account(
                    "444444444444",
                    "audit",
                    s -> s.credential(SIGNING_CERTIFICATES, UNMANAGED).exception("2027-01-01")),
            "444444444444",
            "signingCertificates=unmanaged@account audit"),
        new Case(
            "account does not affect its siblings",
            "a document for 444444444444 says nothing about 222222222222 in the same OU",
            Desired.org()
                .account(
                    "444444444444",
                    "audit",
                    s -> s.credential(SIGNING_CERTIFICATES, UNMANAGED).exception("2027-01-01")),
            "222222222222",
            ""),
        new Case(
            "deepest OU wins",
            "/Root/Workloads relaxes accessKeys, /Root/Workloads/Prod restates absent: Prod is"
                + " nearer",
            nested(),
            "555555555556",
            "accessKeys=absent@OU /Root/Workloads/Prod"),
        new Case(
            "parent OU applies where no deeper document",
            "NonProd has no document, so /Root/Workloads is the nearest",
            nested(),
            "666666666666",
            "accessKeys=unmanaged@OU /Root/Workloads"),
        new Case(
            "account beats OU",
            "sandbox-bob's own document disables recovery the Sandbox OU enables",
            Desired.org()
                .ou(
                    "/Root/Sandbox",
                    "sandbox",
                    s -> s.recovery(RecoverySetting.ENABLED).exception("2027-06-30"))
                .account("777777777778", "sandbox-bob", s -> s.recovery(RecoverySetting.DISABLED)),
            "777777777778",
            "recovery=disabled@account sandbox-bob"),
        new Case(
            "field by field from three levels",
            "password from the account, recovery from the OU, the rest from the defaults",
            Desired.org()
                .defaults(s -> s.credential(MFA_DEVICES, UNMANAGED))
                .ou(
                    "/Root/Sandbox",
                    "sandbox",
                    s -> s.recovery(RecoverySetting.UNMANAGED).exception("2027-06-30"))
                .account(
                    "777777777777",
                    "sandbox-alice",
                    s -> s.credential(PASSWORD, UNMANAGED).exception("2027-06-30")),
            "777777777777",
            "password=unmanaged@account sandbox-alice; mfaDevices=unmanaged@"
                + ORG
                + "; recovery=unmanaged@OU /Root/Sandbox"),
        new Case(
            "exception expired yesterday",
            "the day after expires the relaxation lapses and the default applies",
            Desired.org()
                .account(
                    "666666666666",
                    "staging",
                    s -> s.credential(ACCESS_KEYS, UNMANAGED).exception(YESTERDAY)),
            "666666666666",
            ""),
        new Case(
            "exception expires today",
            "expires is inclusive: the exception holds through that day",
            Desired.org()
                .account(
                    "666666666666",
                    "staging",
                    s -> s.credential(ACCESS_KEYS, UNMANAGED).exception("2026-11-23")),
            "666666666666",
            "accessKeys=unmanaged@account staging"),
        new Case(
            "exception expires tomorrow",
            "an exception in the future holds",
            Desired.org()
                .account(
                    "666666666666",
                    "staging",
                    s -> s.credential(ACCESS_KEYS, UNMANAGED).exception(TOMORROW)),
            "666666666666",
            "accessKeys=unmanaged@account staging"),
        new Case(
            "expired account exception falls back to the OU",
            "a lapsed account relaxation inherits from the next layer, here an OU still in force",
            Desired.org()
                .ou(
                    "/Root/Workloads/NonProd",
                    "nonprod",
                    s -> s.credential(ACCESS_KEYS, UNMANAGED).exception("2027-01-01"))
                .account(
                    "666666666666",
                    "staging",
                    s -> s.credential(ACCESS_KEYS, UNMANAGED).exception(YESTERDAY)),
            "666666666666",
            "accessKeys=unmanaged@OU /Root/Workloads/NonProd"),
        new Case(
            "expired OU exception",
            "a lapsed OU relaxation gives way to the defaults for every account below",
            Desired.org()
                .ou(
                    "/Root/Sandbox",
                    "sandbox",
                    s -> s.recovery(RecoverySetting.ENABLED).exception(YESTERDAY)),
            "777777777777",
            ""),
        new Case(
            "expiry keeps stricter settings",
            "with an expired exception the document's stricter fields still apply",
            Desired.org()
                .defaults(s -> s.credential(SIGNING_CERTIFICATES, UNMANAGED))
                .account(
                    "666666666666",
                    "staging",
                    s ->
                        s.credential(ACCESS_KEYS, UNMANAGED)
                            .credential(SIGNING_CERTIFICATES, ABSENT)
                            .exception(YESTERDAY)),
            "666666666666",
            "signingCertificates=absent@account staging"),
        new Case(
            "restating a default needs no exception",
            "prod selected by id, rootCredentials: absent, no exception: not a relaxation",
            Desired.org().ouById("ou-ex12-aaaaaaa3", "prod", s -> s.credentials(ABSENT)),
            "555555555555",
            "password=absent@OU /Root/Workloads/Prod; accessKeys=absent@OU /Root/Workloads/Prod;"
                + " signingCertificates=absent@OU /Root/Workloads/Prod;"
                + " mfaDevices=absent@OU /Root/Workloads/Prod"),
        new Case(
            "relaxation without exception does not hold",
            "the loader rejects it; should one reach the resolver, it is treated as lapsed",
            Desired.org()
                .account("222222222222", "log-archive", s -> s.credential(ACCESS_KEYS, UNMANAGED)),
            "222222222222",
            ""),
        new Case(
            "suspended account is resolved",
            "skipping SUSPENDED accounts is the planner's job; the resolver still gives a policy",
            Desired.org().ou("/Root/Suspended", "suspended", s -> s.credentials(ABSENT)),
            "888888888888",
            "password=absent@OU /Root/Suspended; accessKeys=absent@OU /Root/Suspended;"
                + " signingCertificates=absent@OU /Root/Suspended; mfaDevices=absent@OU"
                + " /Root/Suspended"));
  }

  private static Desired nested() {
    return Desired.org()
        .ou(
            "/Root/Workloads",
            "workloads",
            s -> s.credential(ACCESS_KEYS, UNMANAGED).exception("2027-01-01"))
        .ou("/Root/Workloads/Prod", "prod", s -> s.credential(ACCESS_KEYS, ABSENT));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void resolvesEachFieldFromTheNearestDocument(Case c) {
    var resolution = PolicyResolver.resolve(c.desired().build(), Trees.demo(), TODAY);

    assertThat(resolution.problems()).as(c.reason()).isEmpty();
    var policy = resolution.policies().get(AccountId.of(c.account()));
    assertThat(policy).as(c.reason()).isNotNull();
    assertThat(fields(policy)).as(c.reason()).isEqualTo(expected(c.expected()));
  }

  /** A problem case: what the live tree or inheritance reveals. */
  record ProblemCase(String name, String reason, Desired desired, List<String> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<ProblemCase> problemCases() {
    return Stream.of(
        new ProblemCase(
            "OU path matches nothing",
            "a path not in the live tree is an error at the document",
            Desired.org().ou("/Root/Sandbx", "sandbox", s -> s.credentials(ABSENT)),
            List.of(
                "ous/sandbox.yaml:1:3: OU /Root/Sandbx (document 'sandbox') does not exist in"
                    + " organization o-exampleorg1")),
        new ProblemCase(
            "OU id matches nothing",
            "an id not in the live tree is an error at the document",
            Desired.org().ouById("ou-ex12-zzzzzzz9", "gone", s -> s.credentials(ABSENT)),
            List.of(
                "ous/gone.yaml:1:3: OU ou-ex12-zzzzzzz9 (document 'gone') does not exist in"
                    + " organization o-exampleorg1")),
        new ProblemCase(
            "account not in the organization",
            "an Account document for an id the organization does not have",
            Desired.org().account("123456789012", "ghost", s -> s.credentials(ABSENT)),
            List.of(
                "accounts/ghost.yaml:1:3: account 123456789012 (document 'ghost') is not in"
                    + " organization o-exampleorg1")),
        new ProblemCase(
            "account document for the management account",
            "centralized root access does not cover the management account",
            Desired.org().account("111111111111", "management", s -> s.credentials(ABSENT)),
            List.of(
                "accounts/management.yaml:1:3: account 111111111111 (document 'management') is"
                    + " the management account")),
        new ProblemCase(
            "two OU documents select the same OU by path and id",
            "only the live tree shows /Root/Workloads/Prod is ou-ex12-aaaaaaa3",
            Desired.org()
                .ou("/Root/Workloads/Prod", "prod", s -> s.credentials(ABSENT))
                .ouById("ou-ex12-aaaaaaa3", "prod-by-id", s -> s.credentials(ABSENT)),
            List.of(
                "ous/prod-by-id.yaml:1:3: OU document 'prod-by-id' selects /Root/Workloads/Prod"
                    + " (ou-ex12-aaaaaaa3), already selected by 'prod' at ous/prod.yaml:1:3")),
        new ProblemCase(
            "disabled recovery from the defaults meets an unmanaged password from an OU",
            "the contradiction appears only after inheritance; it names both places",
            Desired.org()
                .ou(
                    "/Root/Sandbox",
                    "sandbox",
                    s -> s.credential(PASSWORD, UNMANAGED).exception("2027-06-30")),
            List.of(
                "ous/sandbox.yaml:10:3: account 777777777777: passwordRecovery is disabled (from"
                    + " organization defaults (organization.yaml:1:3)) but rootCredentials.password"
                    + " is unmanaged (from OU /Root/Sandbox (ous/sandbox.yaml:10:3))",
                "ous/sandbox.yaml:10:3: account 777777777778: passwordRecovery is disabled")),
        new ProblemCase(
            "disabled recovery from an account meets an unmanaged password from an OU",
            "an account may not disable recovery under an OU that leaves the password alone",
            Desired.org()
                .ou(
                    "/Root/Security",
                    "security",
                    s ->
                        s.credential(PASSWORD, UNMANAGED)
                            .recovery(RecoverySetting.UNMANAGED)
                            .exception("2027-06-30"))
                .account("222222222222", "log-archive", s -> s.recovery(RecoverySetting.DISABLED)),
            List.of(
                "ous/security.yaml:10:3: account 222222222222: passwordRecovery is disabled (from"
                    + " account log-archive (accounts/log-archive.yaml:14:3))")),
        new ProblemCase(
            "an expired exception removes the contradiction",
            "once the password relaxation lapses, password is absent again: nothing contradicts",
            Desired.org()
                .ou(
                    "/Root/Sandbox",
                    "sandbox",
                    s -> s.credential(PASSWORD, UNMANAGED).exception(YESTERDAY)),
            List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("problemCases")
  void reportsWhatOnlyTheLiveTreeReveals(ProblemCase c) {
    var problems = PolicyResolver.resolve(c.desired().build(), Trees.demo(), TODAY).problems();

    assertThat(problems).as(c.reason()).hasSameSizeAs(c.expected());
    for (int i = 0; i < problems.size(); i++) {
      assertThat(problems.get(i).isError()).as(c.reason()).isTrue();
      assertThat(problems.get(i).toString()).as(c.reason()).startsWith(c.expected().get(i));
    }
  }

  @Test
  void excludesTheManagementAccountAndResolvesEveryMember() {
    var tree = Trees.demo();
    var resolution = PolicyResolver.resolve(Desired.org().build(), tree, TODAY);

    assertThat(resolution.policies()).doesNotContainKey(tree.managementAccount());
    assertThat(resolution.policies()).hasSize(tree.accounts().size() - 1);
  }

  @Test
  void accountDirectlyUnderTheRootGetsTheDefaults() {
    OrganizationTree tree =
        Trees.builder("111111111111")
            .account("111111111111", "management", "/Root")
            .account("222222222222", "loose", "/Root")
            .build();
    var desired = Desired.org().defaults(s -> s.credential(MFA_DEVICES, UNMANAGED)).build();

    var policy =
        PolicyResolver.resolve(desired, tree, TODAY).policies().get(AccountId.of("222222222222"));

    assertThat(fields(policy)).isEqualTo(expected("mfaDevices=unmanaged@" + ORG));
  }

  @Test
  void listsOnlyTheExceptionsWhoseRelaxationsAreUsed() {
    var desired =
        Desired.org()
            .ou(
                "/Root/Sandbox",
                "sandbox",
                s -> s.recovery(RecoverySetting.ENABLED).exception("2027-06-30"))
            .account(
                "777777777777",
                "sandbox-alice",
                s -> s.credential(ACCESS_KEYS, UNMANAGED).exception(YESTERDAY))
            .build();

    var policy =
        PolicyResolver.resolve(desired, Trees.demo(), TODAY)
            .policies()
            .get(AccountId.of("777777777777"));

    assertThat(policy.exceptions())
        .extracting(e -> e.location().file())
        .containsExactly("ous/sandbox.yaml");
  }

  @Test
  void eachFieldRecordsTheLapsedRelaxationsItPassedOverNearestFirst() {
    var desired =
        Desired.org()
            .ou(
                "/Root/Workloads",
                "workloads",
                s -> s.credential(ACCESS_KEYS, UNMANAGED).exception(YESTERDAY))
            .ou(
                "/Root/Workloads/NonProd",
                "nonprod",
                s -> s.credential(MFA_DEVICES, UNMANAGED).exception(TOMORROW))
            .account(
                "666666666666",
                "staging",
                s ->
                    s.credential(ACCESS_KEYS, UNMANAGED)
                        .credential(MFA_DEVICES, UNMANAGED)
                        .exception("2026-11-01"))
            .build();

    var policy =
        PolicyResolver.resolve(desired, Trees.demo(), TODAY)
            .policies()
            .get(AccountId.of("666666666666"));

    assertThat(policy.rootCredentials().get(ACCESS_KEYS).lapsed())
        .as("both relaxations lapsed, so the defaults apply; the plan names both")
        .extracting(l -> l.document() + "@" + l.exception().expires())
        .containsExactly("account staging@2026-11-01", "OU /Root/Workloads@" + YESTERDAY);
    assertThat(policy.rootCredentials().get(MFA_DEVICES).lapsed())
        .as("the account's relaxation lapsed; the nearer OU's still holds and is in force")
        .extracting(l -> l.document() + "@" + l.exception().expires())
        .containsExactly("account staging@2026-11-01");
    assertThat(fields(policy))
        .isEqualTo(expected("mfaDevices=unmanaged@OU /Root/Workloads/NonProd"));
    assertThat(policy.rootCredentials().get(PASSWORD).lapsed())
        .as("a field no document relaxes passed nothing over")
        .isEmpty();
    assertThat(policy.passwordRecovery().lapsed()).isEmpty();
  }

  @Test
  void relaxationsNameEachLessStrictField() {
    var org = Desired.org().build().organization();
    var settings =
        new PolicySettings(
            Map.of(
                PASSWORD, new Located<>(UNMANAGED, SourceLocation.builtIn()),
                ACCESS_KEYS, new Located<>(ABSENT, SourceLocation.builtIn())),
            java.util.Optional.of(
                new Located<>(RecoverySetting.ENABLED, SourceLocation.builtIn())));

    assertThat(PolicyResolver.relaxations(org, settings))
        .containsExactly(PolicyResolver.Field.PASSWORD, PolicyResolver.Field.PASSWORD_RECOVERY);
  }

  private static Map<String, String> fields(AccountPolicy policy) {
    var out = new LinkedHashMap<String, String>();
    for (var kind : CredentialKind.values()) {
      var r = policy.rootCredentials().get(kind);
      out.put(kind.yamlName(), r.value().yamlName() + "@" + r.origin().description());
    }
    var r = policy.passwordRecovery();
    out.put("recovery", r.value().yamlName() + "@" + r.origin().description());
    return out;
  }

  private static Map<String, String> expected(String overrides) {
    var out = new LinkedHashMap<String, String>();
    for (var kind : CredentialKind.values()) {
      out.put(kind.yamlName(), "absent@" + ORG);
    }
    out.put("recovery", "disabled@" + ORG);
    for (var part : overrides.split(";")) {
      if (part.isBlank()) {
        continue;
      }
      var kv = part.strip().split("=", 2);
      if (!out.containsKey(kv[0])) {
        throw new IllegalArgumentException("no field " + kv[0]);
      }
      out.put(kv[0], kv[1]);
    }
    return out;
  }
}
