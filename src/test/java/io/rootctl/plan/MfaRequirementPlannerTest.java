package io.rootctl.plan;

import static io.rootctl.desired.CredentialSetting.HARDWARE;
import static io.rootctl.desired.CredentialSetting.REQUIRED;
import static io.rootctl.desired.CredentialSetting.UNMANAGED;
import static io.rootctl.model.CredentialKind.MFA_DEVICES;
import static io.rootctl.model.CredentialKind.PASSWORD;
import static io.rootctl.testing.PlanFixtures.account;
import static io.rootctl.testing.PlanFixtures.desired;
import static io.rootctl.testing.PlanFixtures.org;
import static org.assertj.core.api.Assertions.assertThat;

import io.rootctl.desired.CredentialSetting;
import io.rootctl.desired.RecoverySetting;
import io.rootctl.model.AccountId;
import io.rootctl.plan.json.PlanJson;
import io.rootctl.testing.PlanFixtures.AccountBuilder;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code mfaDevices: required | hardware}: rootctl cannot create an MFA device, so an unmet
 * requirement is a "needs a person" entry, never an action, the account is not in sync, and no
 * device is ever deactivated under either.
 */
class MfaRequirementPlannerTest {
  static final LocalDate TODAY = LocalDate.parse("2026-11-23");
  static final PlanningContext CTX =
      PlanningContext.of(TODAY, Instant.parse("2026-11-23T09:30:00Z"));
  static final String ID = "222222222222";
  static final String VMFA = "arn:aws:iam::222222222222:mfa/root-account-mfa-device";
  static final String GOV_VMFA = "arn:aws-us-gov:iam::222222222222:mfa/root";
  static final String FIDO = "arn:aws:iam::222222222222:u2f/root-account-mfa-device/ABCD";
  static final String TOTP_TOKEN = "GAKT000BRKGLS1";

  private final Planner planner = new Planner();

  /** A break-glass account: password kept, MFA under {@code setting}, by exception. */
  static Plan plan(CredentialSetting setting, AccountBuilder account) {
    var desired =
        desired()
            .account(
                ID,
                d ->
                    d.set(PASSWORD, UNMANAGED)
                        .set(MFA_DEVICES, setting)
                        .recovery(RecoverySetting.UNMANAGED)
                        .exceptionUntil(TODAY.plusDays(30)))
            .build();
    return PlannerTest.planned(
        new Planner().plan(desired, org().with(account).live(), CTX), setting.yamlName());
  }

  record Case(String name, CredentialSetting setting, List<String> devices, String unmet) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("required, no device", REQUIRED, List.of(), "no MFA device"),
        new Case("required, a virtual device", REQUIRED, List.of(VMFA), ""),
        new Case("required, a hardware token", REQUIRED, List.of(TOTP_TOKEN), ""),
        new Case("hardware, no device", HARDWARE, List.of(), "no MFA device"),
        new Case(
            "hardware, a virtual device only",
            HARDWARE,
            List.of(VMFA),
            "1 virtual MFA device, no hardware MFA device or security key"),
        new Case(
            "hardware, two virtual devices (another partition too)",
            HARDWARE,
            List.of(VMFA, GOV_VMFA),
            "2 virtual MFA devices, no hardware MFA device or security key"),
        new Case("hardware, a TOTP token", HARDWARE, List.of(TOTP_TOKEN), ""),
        new Case("hardware, a FIDO security key (u2f ARN)", HARDWARE, List.of(FIDO), ""),
        new Case("hardware, virtual beside a token", HARDWARE, List.of(VMFA, TOTP_TOKEN), ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void anUnmetRequirementNeedsAPersonAndIsNeverAnAction(Case c) {
    var account = account(ID).withPassword();
    c.devices().forEach(account::withMfaDevice);

    var plan = plan(c.setting(), account);

    // never an action: nothing to delete, nothing to create, whatever the devices
    assertThat(plan.accounts()).isEmpty();
    assertThat(plan.hasChanges()).isFalse();
    if (c.unmet().isEmpty()) {
      assertThat(plan.needsPerson()).isEmpty();
      assertThat(plan.inSync()).containsExactly(AccountId.of(ID));
      assertThat(plan.hasDrift()).isFalse();
    } else {
      assertThat(plan.needsPerson())
          .singleElement()
          .satisfies(
              n -> {
                assertThat(n.account()).isEqualTo(AccountId.of(ID));
                assertThat(n.kind()).isEqualTo(MFA_DEVICES);
                assertThat(n.requirement()).isEqualTo(c.setting());
                assertThat(n.found()).isEqualTo(c.unmet());
                assertThat(n.reason())
                    .startsWith("mfaDevices: " + c.setting().yamlName() + " (from account ");
              });
      assertThat(plan.inSync()).isEmpty();
      assertThat(plan.hasDrift()).isTrue();
      assertThat(plan.summary().accountsNeedingPerson()).isEqualTo(1);
      assertThat(plan.summary().accountsInSync()).isZero();
    }
  }

  @Test
  void anAccountWithActionsAndAnUnmetRequirementHasBoth() {
    var plan = plan(REQUIRED, account(ID).withPassword().withAccessKey("AKIAAAAAAAAAAAAAAAA1"));

    assertThat(PlannerTest.actionsFor(plan, ID))
        .containsExactly(new DeleteAccessKey("AKIAAAAAAAAAAAAAAAA1"));
    assertThat(plan.needsPerson())
        .extracting(NeedsPerson::account)
        .containsExactly(AccountId.of(ID));
    assertThat(PlanText_summary(plan)).contains("1 to delete").contains("1 needs a person");
  }

  @Test
  void underAbsentDefaultsTheRequirementsAreRelaxationsThatLapseToAbsent() {
    // expired yesterday: the devices the requirement kept are deactivated again
    var desired =
        desired()
            .account(ID, d -> d.set(MFA_DEVICES, REQUIRED).exceptionUntil(TODAY.minusDays(1)))
            .build();
    var plan =
        PlannerTest.planned(
            planner.plan(desired, org().with(account(ID).withMfaDevice(VMFA)).live(), CTX),
            "lapsed");

    assertThat(PlannerTest.actionsFor(plan, ID))
        .containsExactly(new DeactivateMfaDevice(VMFA, true));
    assertThat(plan.needsPerson()).isEmpty();
  }

  @Test
  void underUnmanagedDefaultsTheRequirementsNeedNoException() {
    var desired =
        desired()
            .defaults(d -> d.set(MFA_DEVICES, UNMANAGED))
            .ou("/Root/Workloads", d -> d.set(MFA_DEVICES, HARDWARE))
            .build();
    var outcome = planner.plan(desired, org().with(account(ID).in("/Root/Workloads")).live(), CTX);

    var plan = PlannerTest.planned(outcome, "no exception");
    assertThat(plan.needsPerson())
        .singleElement()
        .satisfies(n -> assertThat(n.reason()).contains("from OU /Root/Workloads"));
  }

  @Test
  void theNeedsPersonEntriesRoundTripThroughJson() throws Exception {
    var plan = plan(HARDWARE, account(ID).withPassword().withMfaDevice(VMFA));
    var json = new PlanJson();

    var text = json.write(plan);

    assertThat(text)
        .contains("\"formatVersion\": 4")
        .contains("\"needsPerson\": [")
        .contains("\"requirement\": \"mfaDevices\"")
        .contains("\"value\": \"hardware\"")
        .contains("\"accountsNeedingPerson\": 1");
    assertThat(json.read(text)).isEqualTo(plan);
  }

  @Test
  void aPlanFileThatCallsAnAccountInSyncAndNeedingAPersonIsRefused() {
    var plan = plan(REQUIRED, account(ID).withPassword());
    var text =
        new PlanJson()
            .write(plan)
            .replace("\"inSync\": []", "\"inSync\": [\"" + ID + "\"]")
            .replace("\"accountsInSync\": 0", "\"accountsInSync\": 1");

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new PlanJson().read(text))
        .hasMessageContaining("$.needsPerson[0].account")
        .hasMessageContaining("also listed at $.inSync[0]");
  }

  @Test
  void theTextShowsTheEntryAndNeverSaysNoChanges() {
    var plan = plan(REQUIRED, account(ID).withPassword());

    var text = new io.rootctl.render.PlanText(io.rootctl.render.Style.PLAIN).render(plan);

    assertThat(text)
        .contains("Needs a person (rootctl cannot do this; not in sync until someone does):")
        .containsPattern(
            "  ! 222222222222 \\(account-222222222222\\) in /Root\\S*: no MFA device; add an MFA"
                + " device to the root user")
        .contains("    mfaDevices: required (from account ")
        .contains("Not in sync. No actions, but 1 account needs a person")
        .contains("0 accounts in sync, 1 skipped, 1 needs a person.")
        .doesNotContain("No changes.");
  }

  private static String PlanText_summary(Plan plan) {
    return io.rootctl.render.PlanText.summaryLine(plan.summary());
  }
}
