package io.rootctl.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootctl.live.Fingerprint;
import io.rootctl.live.RootCredentials;
import io.rootctl.model.AccountId;
import io.rootctl.model.OuPath;
import io.rootctl.model.TaskPolicy;
import io.rootctl.plan.AccountAction;
import io.rootctl.plan.AccountChange;
import io.rootctl.plan.AllowPasswordRecovery;
import io.rootctl.plan.DeactivateMfaDevice;
import io.rootctl.plan.DeleteAccessKey;
import io.rootctl.plan.DeleteLoginProfile;
import io.rootctl.plan.DeleteSigningCertificate;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SessionPlanTest {
  private static final DeleteLoginProfile LOGIN = new DeleteLoginProfile();
  private static final DeleteAccessKey KEY = new DeleteAccessKey("AKIAEXAMPLESTAGING01");
  private static final DeleteSigningCertificate CERT =
      new DeleteSigningCertificate("ASCAEXAMPLESTAGING01");
  private static final DeactivateMfaDevice VIRTUAL_MFA =
      new DeactivateMfaDevice("arn:aws:iam::555555555555:mfa/root-account-mfa-device", true);
  private static final DeactivateMfaDevice HARDWARE_MFA =
      new DeactivateMfaDevice("GAKT000BRKGLS1", false);
  private static final AllowPasswordRecovery RECOVERY = new AllowPasswordRecovery();

  record Case(String name, String reason, List<AccountAction> actions, List<SessionStep> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static SessionStep delete(int seconds, AccountAction... actions) {
    return new SessionStep(
        TaskPolicy.DELETE_ROOT_USER_CREDENTIALS, List.of(actions), Duration.ofSeconds(seconds));
  }

  private static SessionStep create(int seconds) {
    return new SessionStep(
        TaskPolicy.CREATE_ROOT_USER_PASSWORD, List.of(RECOVERY), Duration.ofSeconds(seconds));
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("nothing to do", "no actions need no session", List.of(), List.of()),
        new Case(
            "one access key",
            "one delete session, 60 s + 10 s",
            List.of(KEY),
            List.of(delete(70, KEY))),
        new Case(
            "staging",
            "all deletions share one session and keep the plan's order",
            List.of(LOGIN, KEY, CERT),
            List.of(delete(90, LOGIN, KEY, CERT))),
        new Case(
            "virtual MFA counts two calls",
            "deactivate and DeleteVirtualMFADevice each get time",
            List.of(KEY, VIRTUAL_MFA),
            List.of(delete(90, KEY, VIRTUAL_MFA))),
        new Case(
            "hardware MFA counts one call",
            "a hardware device is only deactivated",
            List.of(HARDWARE_MFA),
            List.of(delete(70, HARDWARE_MFA))),
        new Case(
            "recovery only",
            "allowing recovery needs only the create-password session",
            List.of(RECOVERY),
            List.of(create(70))),
        new Case(
            "delete before create",
            "recovery is only available once the root user has no credentials",
            List.of(RECOVERY, KEY),
            List.of(delete(70, KEY), create(70))),
        new Case(
            "duration capped",
            "AssumeRoot lasts at most 900 s however much work there is",
            Collections.nCopies(100, (AccountAction) KEY),
            List.of(
                new SessionStep(
                    TaskPolicy.DELETE_ROOT_USER_CREDENTIALS,
                    Collections.nCopies(100, (AccountAction) KEY),
                    Duration.ofSeconds(900)))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void oneSessionPerTaskPolicyDeleteFirstSizedToTheWork(Case c) {
    var change =
        new AccountChange(
            AccountId.of("666666666666"),
            "staging",
            OuPath.parse("/Root/Workloads/NonProd"),
            "ou-ex12-aaaaaaa4",
            Fingerprint.of(RootCredentials.none()),
            c.actions(),
            Collections.nCopies(c.actions().size(), "because"));

    assertThat(SessionPlan.of(change)).as(c.reason()).isEqualTo(c.expected());
  }
}
