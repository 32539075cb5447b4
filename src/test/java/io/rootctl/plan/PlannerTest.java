package io.rootctl.plan;

import static io.rootctl.desired.CredentialSetting.ABSENT;
import static io.rootctl.desired.CredentialSetting.UNMANAGED;
import static io.rootctl.model.CredentialKind.ACCESS_KEYS;
import static io.rootctl.model.CredentialKind.MFA_DEVICES;
import static io.rootctl.model.CredentialKind.PASSWORD;
import static io.rootctl.model.CredentialKind.SIGNING_CERTIFICATES;
import static io.rootctl.testing.PlanFixtures.account;
import static io.rootctl.testing.PlanFixtures.desired;
import static io.rootctl.testing.PlanFixtures.org;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.rootctl.desired.DesiredState;
import io.rootctl.desired.FeatureSetting;
import io.rootctl.desired.Problem;
import io.rootctl.desired.RecoverySetting;
import io.rootctl.live.AccountState;
import io.rootctl.live.Fingerprint;
import io.rootctl.live.LiveState;
import io.rootctl.model.AccountId;
import io.rootctl.model.CredentialKind;
import io.rootctl.model.Mode;
import io.rootctl.model.OrgFeature;
import io.rootctl.model.OuPath;
import io.rootctl.testing.PlanFixtures;
import io.rootctl.testing.PlanFixtures.AccountBuilder;
import io.rootctl.testing.PlanFixtures.DesiredBuilder;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PlannerTest {
  static final LocalDate TODAY = LocalDate.parse("2026-11-23");
  static final Instant CREATED = Instant.parse("2026-11-23T09:30:00Z");
  static final PlanningContext CTX = PlanningContext.of(TODAY, CREATED);
  static final String ID = "222222222222";
  static final String OU = "/Root/Workloads";
  static final String NESTED = "/Root/Workloads/Prod";
  static final String VMFA = "arn:aws:iam::222222222222:mfa/root-account-mfa-device";

  private final Planner planner = new Planner();

  // --- the account table ---------------------------------------------------------------------

  /** One member account {@link #ID} in {@link #NESTED}, planned against {@code desired}. */
  record Case(
      String name,
      String reason,
      DesiredState desired,
      AccountBuilder account,
      List<AccountAction> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** The account holding one credential of every kind (password set). */
  static AccountBuilder everything() {
    return account(ID)
        .in(NESTED)
        .withPassword()
        .withAccessKey("AKIAAAAAAAAAAAAAAAA1")
        .withSigningCertificate("ASCAAAAAAAAAAAAAAAA1")
        .withMfaDevice(VMFA);
  }

  static List<AccountAction> all() {
    return List.of(
        new DeleteLoginProfile(),
        new DeleteAccessKey("AKIAAAAAAAAAAAAAAAA1"),
        new DeleteSigningCertificate("ASCAAAAAAAAAAAAAAAA1"),
        new DeactivateMfaDevice(VMFA, true));
  }

  /** Every deletion but those of {@code kept}. */
  static List<AccountAction> allBut(CredentialKind kept) {
    var actions = new ArrayList<>(all());
    actions.remove(
        switch (kept) {
          case PASSWORD -> 0;
          case ACCESS_KEYS -> 1;
          case SIGNING_CERTIFICATES -> 2;
          case MFA_DEVICES -> 3;
        });
    return actions;
  }

  /** Relaxes {@code kind} to unmanaged (with recovery unmanaged beside a password). */
  static UnaryOperator<PlanFixtures.Doc> relax(CredentialKind kind, LocalDate expires) {
    return d -> {
      d.set(kind, UNMANAGED);
      if (kind == PASSWORD) {
        d.recovery(RecoverySetting.UNMANAGED);
      }
      return d.exceptionUntil(expires);
    };
  }

  enum Level {
    OU_LEVEL("OU " + OU),
    NESTED_OU("nested OU " + NESTED + " under a strict parent"),
    ACCOUNT("Account document");

    final String label;

    Level(String label) {
      this.label = label;
    }

    DesiredBuilder apply(DesiredBuilder b, UnaryOperator<PlanFixtures.Doc> doc) {
      return switch (this) {
        case OU_LEVEL -> b.ou(OU, doc);
        case NESTED_OU -> b.ou(OU, d -> d.all(ABSENT)).ou(NESTED, doc);
        case ACCOUNT -> b.ou(NESTED, d -> d.all(ABSENT)).account(ID, doc);
      };
    }
  }

  enum Expiry {
    BEFORE("expires next month, still holds", LocalDate.parse("2026-12-31"), true),
    ON_THE_DAY("expires today, holds through the day", TODAY, true),
    AFTER("expired yesterday, lapses to the inherited absent", TODAY.minusDays(1), false);

    final String label;
    final LocalDate expires;
    final boolean holds;

    Expiry(String label, LocalDate expires, boolean holds) {
      this.label = label;
      this.expires = expires;
      this.holds = holds;
    }
  }

  static Stream<Case> inheritanceCases() {
    var cases = new ArrayList<Case>();
    for (var kind : CredentialKind.values()) {
      cases.add(
          new Case(
              "org default absent deletes " + kind.yamlName(),
              "the defaults say absent and nothing overrides them",
              desired().build(),
              everything(),
              all()));
      cases.add(
          new Case(
              "org default unmanaged keeps " + kind.yamlName(),
              "the defaults leave " + kind.yamlName() + " alone; no exception is needed there",
              desired()
                  .defaults(
                      d -> {
                        d.set(kind, UNMANAGED);
                        return kind == PASSWORD ? d.recovery(RecoverySetting.UNMANAGED) : d;
                      })
                  .build(),
              everything(),
              allBut(kind)));
      for (var level : Level.values()) {
        for (var expiry : Expiry.values()) {
          cases.add(
              new Case(
                  level.name().toLowerCase()
                      + " relaxes "
                      + kind.yamlName()
                      + ", exception "
                      + expiry.name().toLowerCase(),
                  level.label
                      + " sets "
                      + kind.yamlName()
                      + ": unmanaged; the exception "
                      + expiry.label,
                  level.apply(desired(), relax(kind, expiry.expires)).build(),
                  everything(),
                  expiry.holds ? allBut(kind) : all()));
        }
      }
    }
    return cases.stream();
  }

  static Stream<Case> namedCases() {
    var exceptionHolds = LocalDate.parse("2027-06-30");
    return Stream.of(
        new Case(
            "nothing present is in sync",
            "a root user without credentials needs nothing under the strict defaults",
            desired().build(),
            account(ID).in(NESTED),
            List.of()),
        new Case(
            "stricter nested OU beats a relaxed parent",
            "Prod restates accessKeys: absent below a Workloads exception, nearest wins",
            desired()
                .ou(OU, relax(ACCESS_KEYS, exceptionHolds))
                .ou(NESTED, d -> d.set(ACCESS_KEYS, ABSENT))
                .build(),
            everything(),
            all()),
        new Case(
            "account restating absent beats a relaxed OU",
            "the Account document is nearest and says absent",
            desired()
                .ou(NESTED, relax(MFA_DEVICES, exceptionHolds))
                .account(ID, d -> d.set(MFA_DEVICES, ABSENT))
                .build(),
            everything(),
            all()),
        new Case(
            "keys, certificates and devices are deleted in id order",
            "deterministic order: keys by id, certificates by id, devices by serial",
            desired().build(),
            account(ID)
                .in(NESTED)
                .withAccessKey("AKIAZZZZZZZZZZZZZZZ2", "Inactive")
                .withAccessKey("AKIAAAAAAAAAAAAAAAA1")
                .withSigningCertificate("ASCB2")
                .withSigningCertificate("ASCA1")
                .withMfaDevice("GAKT000000002")
                .withMfaDevice(VMFA),
            List.of(
                new DeleteAccessKey("AKIAAAAAAAAAAAAAAAA1"),
                new DeleteAccessKey("AKIAZZZZZZZZZZZZZZZ2"),
                new DeleteSigningCertificate("ASCA1"),
                new DeleteSigningCertificate("ASCB2"),
                new DeactivateMfaDevice("GAKT000000002", false),
                new DeactivateMfaDevice(VMFA, true))),
        new Case(
            "hardware mfa is deactivated, not deleted",
            "only virtual devices are deleted after deactivation",
            desired().build(),
            account(ID).in(NESTED).withMfaDevice("GAKT000BRKGLS1"),
            List.of(new DeactivateMfaDevice("GAKT000BRKGLS1", false))),
        new Case(
            "recovery disabled deletes a login profile with a password",
            "passwordRecovery: disabled means no login profile",
            desired().build(),
            account(ID).in(NESTED).withPassword(),
            List.of(new DeleteLoginProfile())),
        new Case(
            "recovery disabled deletes a login profile without a password",
            "recovery allowed is itself a login profile, which disabled removes",
            desired().build(),
            account(ID).in(NESTED).withRecoveryAllowed(),
            List.of(new DeleteLoginProfile())),
        new Case(
            "recovery enabled allows recovery when no login profile exists",
            "enabled needs a login profile; CreateLoginProfile without a password",
            desired()
                .ou(NESTED, d -> d.recovery(RecoverySetting.ENABLED).exceptionUntil(exceptionHolds))
                .build(),
            account(ID).in(NESTED),
            List.of(new AllowPasswordRecovery())),
        new Case(
            "recovery enabled with recovery allowed and no password is in sync",
            "recovery allowed, no password set: the login profile exists",
            desired()
                .ou(NESTED, d -> d.recovery(RecoverySetting.ENABLED).exceptionUntil(exceptionHolds))
                .build(),
            account(ID).in(NESTED).withRecoveryAllowed(),
            List.of()),
        new Case(
            "recovery enabled never deletes a login profile with a password",
            "enabled only creates; deleting would also remove recovery",
            desired()
                .ou(NESTED, d -> d.recovery(RecoverySetting.ENABLED).exceptionUntil(exceptionHolds))
                .build(),
            account(ID).in(NESTED).withPassword(),
            List.of()),
        new Case(
            "recovery enabled is allowed last, after deletions",
            "CreateLoginProfile only after every deletion, in its own session",
            desired()
                .ou(NESTED, d -> d.recovery(RecoverySetting.ENABLED).exceptionUntil(exceptionHolds))
                .build(),
            account(ID).in(NESTED).withAccessKey("AKIAAAAAAAAAAAAAAAA1").withMfaDevice(VMFA),
            List.of(
                new DeleteAccessKey("AKIAAAAAAAAAAAAAAAA1"),
                new DeactivateMfaDevice(VMFA, true),
                new AllowPasswordRecovery())),
        new Case(
            "recovery enabled with an expired exception deletes the login profile",
            "the relaxation lapses to the default disabled",
            desired()
                .ou(
                    NESTED,
                    d -> d.recovery(RecoverySetting.ENABLED).exceptionUntil(TODAY.minusDays(1)))
                .build(),
            account(ID).in(NESTED).withRecoveryAllowed(),
            List.of(new DeleteLoginProfile())),
        new Case(
            "recovery unmanaged follows password absent",
            "with passwordRecovery unmanaged, password: absent deletes the login profile",
            desired()
                .account(
                    ID, d -> d.recovery(RecoverySetting.UNMANAGED).exceptionUntil(exceptionHolds))
                .build(),
            account(ID).in(NESTED).withPassword(),
            List.of(new DeleteLoginProfile())),
        new Case(
            "recovery unmanaged follows password unmanaged",
            "both unmanaged: the login profile is left alone",
            desired().account(ID, relax(PASSWORD, exceptionHolds)).build(),
            account(ID).in(NESTED).withPassword(),
            List.of()),
        new Case(
            "recovery unmanaged and password absent without a login profile is in sync",
            "nothing to delete",
            desired()
                .account(
                    ID, d -> d.recovery(RecoverySetting.UNMANAGED).exceptionUntil(exceptionHolds))
                .build(),
            account(ID).in(NESTED),
            List.of()));
  }

  static Stream<Arguments> accountCases() {
    return Stream.concat(inheritanceCases(), namedCases())
        .flatMap(c -> Stream.of(Arguments.of(c, Mode.ENFORCE), Arguments.of(c, Mode.OBSERVE)));
  }

  @ParameterizedTest(name = "{0} ({1})")
  @MethodSource("accountCases")
  void plansTheAccountActionsTheRulesRequire(Case c, Mode mode) {
    var desired = withMode(c.desired(), mode);
    var live = org().with(c.account()).live();

    var plan = planned(planner.plan(desired, live, CTX), c.reason());

    assertThat(actionsFor(plan, ID)).as(c.reason()).isEqualTo(c.expected());
    assertThat(plan.mode()).as(c.reason()).isEqualTo(mode);
    assertThat(plan.applicable()).as(c.reason()).isEqualTo(mode == Mode.ENFORCE);
  }

  @Test
  void accountCasesAreMany() {
    assertThat(accountCases().count()).isGreaterThanOrEqualTo(30);
  }

  // --- skips ---------------------------------------------------------------------------------

  record SkipCase(String name, String reason, AccountBuilder account, Skip expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<SkipCase> skipCases() {
    var id = AccountId.of(ID);
    return Stream.of(
        new SkipCase(
            "management account",
            "centralized root access covers member accounts only, even with credentials",
            account(PlanFixtures.MANAGEMENT).named("management").withAccessKey("AKIAMGMT"),
            new Skip(
                AccountId.of(PlanFixtures.MANAGEMENT),
                "management",
                SkipReason.MANAGEMENT_ACCOUNT,
                "centralized root access covers member accounts only")),
        new SkipCase(
            "suspended",
            "AssumeRoot cannot act in a suspended account; the detail names the state",
            account(ID).named("old").state(AccountState.SUSPENDED).withAccessKey("AKIAOLD"),
            new Skip(id, "old", SkipReason.NOT_ACTIVE, "account state is SUSPENDED")),
        new SkipCase(
            "closed",
            "closed accounts are not targets",
            account(ID).named("gone").state(AccountState.CLOSED),
            new Skip(id, "gone", SkipReason.NOT_ACTIVE, "account state is CLOSED")),
        new SkipCase(
            "pending closure",
            "closing accounts are not targets",
            account(ID).named("closing").state(AccountState.PENDING_CLOSURE),
            new Skip(id, "closing", SkipReason.NOT_ACTIVE, "account state is PENDING_CLOSURE")));
  }

  record UnreadableCase(String name, AccountBuilder account, Unreadable expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<UnreadableCase> unreadableCases() {
    var id = AccountId.of(ID);
    return Stream.of(
        new UnreadableCase(
            "read failed: the reason is the observer's",
            account(ID).named("locked").unreadable("GetLoginProfile: AccessDenied (request r-1)"),
            new Unreadable(id, "locked", "GetLoginProfile: AccessDenied (request r-1)")),
        new UnreadableCase(
            "missing from the observation: never planned empty",
            account(ID).named("missing").withAccessKey("AKIAX").notObserved(),
            new Unreadable(id, "missing", "its root user was not read")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unreadableCases")
  void unreadableAccountsAreNeitherSkippedNorInSync(UnreadableCase c) {
    var live = org().with(c.account()).live();

    var plan = planned(planner.plan(desired().build(), live, CTX), c.name());

    assertThat(plan.unreadable()).as(c.name()).containsExactly(c.expected());
    assertThat(plan.complete()).isFalse();
    assertThat(plan.skipped()).extracting(Skip::account).doesNotContain(c.expected().account());
    assertThat(plan.inSync()).doesNotContain(c.expected().account());
    assertThat(plan.accounts()).isEmpty();
    assertThat(plan.summary().accountsUnreadable()).isEqualTo(1);
    assertThat(plan.summary().accountsInSync()).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("skipCases")
  void skipsAccountsItCannotOrMustNotTouch(SkipCase c) {
    var live = org().with(c.account()).live();

    var plan = planned(planner.plan(desired().build(), live, CTX), c.reason());

    assertThat(plan.skipped()).as(c.reason()).contains(c.expected());
    assertThat(plan.accounts()).as(c.reason()).isEmpty();
    assertThat(plan.inSync()).as(c.reason()).doesNotContain(c.expected().account());
  }

  // --- organization --------------------------------------------------------------------------

  record OrgCase(
      String name,
      String reason,
      FeatureSetting credentialsManagement,
      FeatureSetting sessions,
      Set<OrgFeature> live,
      boolean trustedAccess,
      List<OrganizationAction> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<OrgCase> orgCases() {
    var on = EnumSet.allOf(OrgFeature.class);
    var off = EnumSet.noneOf(OrgFeature.class);
    var rcm = OrgFeature.ROOT_CREDENTIALS_MANAGEMENT;
    var rs = OrgFeature.ROOT_SESSIONS;
    var enabled = FeatureSetting.ENABLED;
    var disabled = FeatureSetting.DISABLED;
    var unmanaged = FeatureSetting.UNMANAGED;
    return Stream.of(
        new OrgCase("enabled and on", "nothing to do", enabled, enabled, on, true, List.of()),
        new OrgCase(
            "enabled and off, trusted access off",
            "trusted access first, then each feature in order",
            enabled,
            enabled,
            off,
            false,
            List.of(
                new EnableTrustedAccess("iam.amazonaws.com"),
                new EnableRootFeature(rcm),
                new EnableRootFeature(rs))),
        new OrgCase(
            "enabled and on, trusted access off",
            "features need trusted access even when they are on",
            enabled,
            enabled,
            on,
            false,
            List.of(new EnableTrustedAccess("iam.amazonaws.com"))),
        new OrgCase(
            "one enabled and off",
            "only the missing feature",
            enabled,
            enabled,
            EnumSet.of(rcm),
            true,
            List.of(new EnableRootFeature(rs))),
        new OrgCase(
            "disabled and on",
            "disabled in the YAML is the only way rootctl disables",
            disabled,
            enabled,
            on,
            true,
            List.of(new DisableRootFeature(rcm))),
        new OrgCase("disabled and off", "already off", disabled, disabled, off, true, List.of()),
        new OrgCase(
            "disabled does not disable trusted access",
            "trusted access is additive: no feature enabled, trusted access untouched",
            disabled,
            disabled,
            off,
            true,
            List.of()),
        new OrgCase(
            "disabled needs no trusted access",
            "no enabled feature, so trusted access stays off",
            disabled,
            disabled,
            off,
            false,
            List.of()),
        new OrgCase(
            "unmanaged and on",
            "never touches unmanaged",
            unmanaged,
            unmanaged,
            on,
            true,
            List.of()),
        new OrgCase(
            "unmanaged and off",
            "never touches unmanaged, even off",
            unmanaged,
            unmanaged,
            off,
            false,
            List.of()),
        new OrgCase(
            "unmanaged beside enabled",
            "only the managed feature changes",
            unmanaged,
            enabled,
            off,
            true,
            List.of(new EnableRootFeature(rs))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("orgCases")
  void plansOrganizationFeaturesPerTheirDesiredValue(OrgCase c) {
    var desired =
        desired()
            .feature(OrgFeature.ROOT_CREDENTIALS_MANAGEMENT, c.credentialsManagement())
            .feature(OrgFeature.ROOT_SESSIONS, c.sessions())
            .build();
    var live =
        org().features(c.live().toArray(OrgFeature[]::new)).trustedAccess(c.trustedAccess()).live();

    var plan = planned(planner.plan(desired, live, CTX), c.reason());

    assertThat(plan.organization().map(OrganizationChange::actions).orElse(List.of()))
        .as(c.reason())
        .isEqualTo(c.expected());
    plan.organization()
        .ifPresent(o -> assertThat(o.reasons()).as(c.reason()).hasSameSizeAs(o.actions()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("orgCases")
  void theSummaryCountsTrustedAccessAndFeaturesToEnableAndToDisable(OrgCase c) {
    var desired =
        desired()
            .feature(OrgFeature.ROOT_CREDENTIALS_MANAGEMENT, c.credentialsManagement())
            .feature(OrgFeature.ROOT_SESSIONS, c.sessions())
            .build();
    var live =
        org().features(c.live().toArray(OrgFeature[]::new)).trustedAccess(c.trustedAccess()).live();

    var summary = planned(planner.plan(desired, live, CTX), c.reason()).summary();

    var toDisable = c.expected().stream().filter(a -> a instanceof DisableRootFeature).count();
    assertThat(summary.featuresToEnable())
        .as("%s: trusted access and features to enable", c.reason())
        .isEqualTo(c.expected().size() - toDisable);
    assertThat(summary.featuresToDisable()).as(c.reason()).isEqualTo(toDisable);
    assertThat(summary.totalActions()).as(c.reason()).isEqualTo(c.expected().size());
  }

  // --- targets -------------------------------------------------------------------------------

  static LiveState targetOrg() {
    return org()
        .with(
            account("222222222222").in("/Root/Workloads").withAccessKey("AKIA2"),
            account("333333333333").in("/Root/Workloads/Prod").withAccessKey("AKIA3"),
            account("444444444444").in("/Root/Sandbox").withAccessKey("AKIA4"))
        .ou("/Root/Empty", "ou-test-empty001")
        .live();
  }

  static List<String> changed(Plan plan) {
    return plan.accounts().stream().map(a -> a.account().value()).toList();
  }

  static List<String> notTargeted(Plan plan) {
    return plan.skipped().stream()
        .filter(s -> s.reason() == SkipReason.NOT_TARGETED)
        .map(s -> s.account().value())
        .toList();
  }

  @Test
  void anAccountTargetPlansOnlyThatAccount() {
    var ctx = CTX.withTargets(Targets.parse(List.of("account:333333333333")));

    var plan = planned(planner.plan(desired().build(), targetOrg(), ctx), "account target");

    assertThat(changed(plan)).containsExactly("333333333333");
    assertThat(notTargeted(plan)).containsExactly("222222222222", "444444444444");
    assertThat(plan.summary().accountsSkipped()).isEqualTo(3); // the management account too
  }

  @Test
  void anOuTargetIncludesItsWholeSubtree() {
    var ctx = CTX.withTargets(Targets.parse(List.of("ou:/Root/Workloads")));

    var plan = planned(planner.plan(desired().build(), targetOrg(), ctx), "OU target");

    assertThat(changed(plan)).containsExactly("222222222222", "333333333333");
    assertThat(notTargeted(plan)).containsExactly("444444444444");
  }

  @Test
  void targetsByOuIdAndAccountCombine() {
    var live = targetOrg();
    var prodId = live.tree().unitAt(OuPath.parse("/Root/Workloads/Prod")).orElseThrow().id();
    var ctx =
        CTX.withTargets(
            Targets.of(new Target.UnitId(prodId), Target.parse("account:444444444444")));

    var plan = planned(planner.plan(desired().build(), live, ctx), "combined targets");

    assertThat(changed(plan)).containsExactly("333333333333", "444444444444");
  }

  @Test
  void theRootPathTargetsEveryAccount() {
    var ctx = CTX.withTargets(Targets.parse(List.of("ou:/Root")));

    var plan = planned(planner.plan(desired().build(), targetOrg(), ctx), "root target");

    assertThat(changed(plan)).hasSize(3);
    assertThat(notTargeted(plan)).isEmpty();
  }

  @Test
  void targetsMatchingNothingAreRefusedWithEveryProblem() {
    var ctx =
        CTX.withTargets(
            Targets.parse(List.of("account:999999999999", "ou:/Root/Nope", "ou:ou-test-nothere1")));

    var outcome = planner.plan(desired().build(), targetOrg(), ctx);

    assertThat(outcome).isInstanceOf(PlanOutcome.Refused.class);
    assertThat(((PlanOutcome.Refused) outcome).problems())
        .extracting(Problem::message)
        .containsExactly(
            "--target account:999999999999: no such account in organization o-test",
            "--target ou:/Root/Nope: no such OU in organization o-test",
            "--target ou:ou-test-nothere1: no such OU in organization o-test");
  }

  @Test
  void anEmptyOuTargetIsAWarningAndPlansNothing() {
    var ctx = CTX.withTargets(Targets.parse(List.of("ou:/Root/Empty")));

    var outcome = planner.plan(desired().build(), targetOrg(), ctx);

    var plan = planned(outcome, "empty OU");
    assertThat(plan.accounts()).isEmpty();
    assertThat(((PlanOutcome.Planned) outcome).warnings())
        .extracting(Problem::toString)
        .containsExactly(
            "command line:0:0: warning: --target ou:/Root/Empty (/Root/Empty) holds no member"
                + " accounts");
  }

  // --- modes, refusals, determinism -----------------------------------------------------------

  @Test
  void contextCanForceObserveButNeverEnforce() {
    var live = org().with(everything()).live();

    var forced = planned(planner.plan(desired().build(), live, CTX.observing()), "forced");
    var observeYaml =
        planned(planner.plan(desired().mode(Mode.OBSERVE).build(), live, CTX), "yaml observe");

    assertThat(forced.mode()).isEqualTo(Mode.OBSERVE);
    assertThat(forced.applicable()).isFalse();
    assertThat(forced.accounts()).hasSize(1);
    assertThat(observeYaml.applicable()).isFalse();
  }

  @Test
  void resolutionErrorsRefuseThePlan() {
    var desired =
        desired()
            .account("999999999999", d -> d.set(ACCESS_KEYS, ABSENT))
            .ou("/Root/Nowhere", d -> d.set(ACCESS_KEYS, ABSENT))
            .build();

    var outcome = planner.plan(desired, org().with(everything()).live(), CTX);

    assertThat(outcome).isInstanceOf(PlanOutcome.Refused.class);
    assertThat(((PlanOutcome.Refused) outcome).problems())
        .extracting(Problem::message)
        .anySatisfy(m -> assertThat(m).contains("999999999999").contains("not in organization"))
        .anySatisfy(m -> assertThat(m).contains("/Root/Nowhere").contains("does not exist"));
  }

  @Test
  void aContradictionAfterInheritanceRefusesThePlan() {
    var desired =
        desired()
            .account(ID, d -> d.set(PASSWORD, UNMANAGED).exceptionUntil(TODAY.plusDays(5)))
            .build();

    var outcome = planner.plan(desired, org().with(everything()).live(), CTX);

    assertThat(outcome).isInstanceOf(PlanOutcome.Refused.class);
  }

  @Test
  void warnsWhenRecoveryIsAllowedBesideUnmanagedCredentials() {
    var desired =
        desired()
            .account(
                ID,
                d ->
                    d.recovery(RecoverySetting.ENABLED)
                        .set(ACCESS_KEYS, UNMANAGED)
                        .exceptionUntil(TODAY.plusDays(5)))
            .build();
    var live = org().with(account(ID).withAccessKey("AKIAKEPT")).live();

    var outcome = (PlanOutcome.Planned) planner.plan(desired, live, CTX);

    assertThat(actionsFor(outcome.plan(), ID)).containsExactly(new AllowPasswordRecovery());
    assertThat(outcome.warnings())
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.isError()).isFalse();
              assertThat(w.message()).contains("keeps accessKeys (unmanaged)");
            });
  }

  @Test
  void sameInputsGiveEqualPlansWhateverTheInputOrder() {
    var a =
        org()
            .with(
                account("333333333333").withAccessKey("AKIAB").withAccessKey("AKIAA"),
                account("222222222222").withMfaDevice("GAKT2").withMfaDevice("GAKT1"))
            .live();
    var b =
        org()
            .with(
                account("222222222222").withMfaDevice("GAKT1").withMfaDevice("GAKT2"),
                account("333333333333").withAccessKey("AKIAA").withAccessKey("AKIAB"))
            .live();

    var first = planner.plan(desired().build(), a, CTX);
    var second = planner.plan(desired().build(), b, CTX);

    assertThat(second).isEqualTo(first);
    assertThat(changed(planned(first, "sorted"))).containsExactly("222222222222", "333333333333");
  }

  @Test
  void eachChangeCarriesTheFingerprintOfTheCredentialsItUsed() {
    var account = everything();
    var plan = planned(planner.plan(desired().build(), org().with(account).live(), CTX), "fp");

    assertThat(plan.accounts().getFirst().basedOn())
        .isEqualTo(Fingerprint.of(account.credentials()));
    assertThat(plan.accounts().getFirst().ou()).isEqualTo(OuPath.parse(NESTED));
  }

  @Test
  void reasonsNameTheSettingAndWhereItCameFrom() {
    var desired = desired().ou(NESTED, d -> d.set(MFA_DEVICES, ABSENT)).build();
    var live = org().with(account(ID).in(NESTED).withAccessKey("AKIA1").withMfaDevice(VMFA)).live();

    var change = planned(planner.plan(desired, live, CTX), "reasons").accounts().getFirst();

    assertThat(change.reasons())
        .containsExactly(
            "accessKeys: absent (from organization defaults (organization.yaml:3:5))",
            "mfaDevices: absent (from OU /Root/Workloads/Prod (ou-prod.yaml:3:5))");
  }

  @Test
  void reasonsSayWhichExceptionLapsed() {
    var desired =
        desired()
            .ou(OU, relax(ACCESS_KEYS, LocalDate.parse("2026-10-31")))
            .account(ID, "staging", relax(ACCESS_KEYS, LocalDate.parse("2026-09-30")))
            .build();
    var live = org().with(account(ID).in(NESTED).withAccessKey("AKIA1")).live();

    var change = planned(planner.plan(desired, live, CTX), "lapsed").accounts().getFirst();

    assertThat(change.reasons())
        .containsExactly(
            "accessKeys: absent (from organization defaults (organization.yaml:3:5)); the"
                + " exception of account staging expired on 2026-09-30; the exception of OU"
                + " /Root/Workloads expired on 2026-10-31");
  }

  // --- the demo organization ------------------------------------------------------------------

  @Test
  void plansTheDemoOrganizationAsHelpersMdExpects() {
    var ctx = PlanningContext.of(PlanFixtures.DEMO_TODAY, CREATED);

    var plan =
        planned(planner.plan(PlanFixtures.demoDesired(), PlanFixtures.demoLive(), ctx), "demo");

    assertThat(plan.organization()).isEmpty();
    assertThat(actionsFor(plan, "333344445555"))
        .containsExactly(new DeleteAccessKey("AKIAEXAMPLEBRKGLS001"));
    assertThat(actionsFor(plan, "555555555555"))
        .containsExactly(
            new DeleteAccessKey("AKIAEXAMPLEPAYMNT001"),
            new DeactivateMfaDevice("arn:aws:iam::555555555555:mfa/root-account-mfa-device", true));
    assertThat(actionsFor(plan, "666666666666"))
        .containsExactly(
            new DeleteLoginProfile(),
            new DeleteAccessKey("AKIAEXAMPLESTAGING01"),
            new DeleteSigningCertificate("ASCAEXAMPLESTAGING01"));
    assertThat(actionsFor(plan, "777777777777")).containsExactly(new AllowPasswordRecovery());
    assertThat(plan.inSync())
        .extracting(AccountId::value)
        .containsExactly(
            "222222222222", "444444444444", "555555555556", "777777777778", "999999999999");
    assertThat(plan.skipped())
        .extracting(s -> s.account().value() + " " + s.reason())
        .containsExactly("111111111111 MANAGEMENT_ACCOUNT", "888888888888 NOT_ACTIVE");
    assertThat(plan.summary()).isEqualTo(new PlanSummary(6, 1, 0, 0, 4, 5, 2, 0));
  }

  // --- helpers --------------------------------------------------------------------------------

  static DesiredState withMode(DesiredState d, Mode mode) {
    var o = d.organization();
    return new DesiredState(
        d.revision(),
        new io.rootctl.desired.OrganizationSpec(
            o.location(), mode, o.features(), o.defaults(), o.maxActionsPerRun()),
        d.units(),
        d.accounts());
  }

  static Plan planned(PlanOutcome outcome, String reason) {
    return switch (outcome) {
      case PlanOutcome.Planned p -> p.plan();
      case PlanOutcome.Refused r -> fail("refused (" + reason + "): " + r.problems());
    };
  }

  /** The account's actions; empty when in sync; fails when it was skipped. */
  static List<AccountAction> actionsFor(Plan plan, String id) {
    var account = AccountId.of(id);
    Optional<AccountChange> change =
        plan.accounts().stream().filter(a -> a.account().equals(account)).findFirst();
    if (change.isPresent()) {
      return change.get().actions();
    }
    if (plan.inSync().contains(account)) {
      return List.of();
    }
    return fail("account " + id + " was skipped: " + plan.skipped());
  }
}
