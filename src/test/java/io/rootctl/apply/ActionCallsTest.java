package io.rootctl.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootctl.live.AccessKey;
import io.rootctl.live.LoginProfile;
import io.rootctl.live.MfaDevice;
import io.rootctl.live.RootCredentials;
import io.rootctl.live.SigningCertificate;
import io.rootctl.plan.AllowPasswordRecovery;
import io.rootctl.plan.DeactivateMfaDevice;
import io.rootctl.plan.DeleteAccessKey;
import io.rootctl.plan.DeleteLoginProfile;
import io.rootctl.plan.DeleteSigningCertificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a fresh read must show for an action to count as taken effect ("already gone"). */
class ActionCallsTest {
  private static final Instant T = Instant.parse("2026-11-01T00:00:00Z");
  private static final String MFA = "arn:aws:iam::111122223333:mfa/root-account-mfa-device";

  private static RootCredentials holding(
      List<AccessKey> keys, List<SigningCertificate> certificates, List<MfaDevice> devices) {
    return new RootCredentials(
        Optional.of(new LoginProfile(T, false)), Optional.of(true), keys, certificates, devices);
  }

  private static final RootCredentials EVERYTHING =
      holding(
          List.of(new AccessKey("AKIAOTHER", "Active", T, Optional.empty())),
          List.of(new SigningCertificate("CERTOTHER", "Active", T)),
          List.of(new MfaDevice("arn:aws:iam::111122223333:mfa/other", true, T)));

  @Test
  void aDeleteIsSatisfiedWhenItsTargetIsGoneEvenIfOthersRemain() {
    assertThat(ActionCalls.satisfied(new DeleteAccessKey("AKIAGONE"), EVERYTHING)).isTrue();
    assertThat(ActionCalls.satisfied(new DeleteSigningCertificate("CERTGONE"), EVERYTHING))
        .isTrue();
    assertThat(ActionCalls.satisfied(new DeactivateMfaDevice(MFA, true), EVERYTHING)).isTrue();
    assertThat(ActionCalls.satisfied(new DeleteLoginProfile(), RootCredentials.none())).isTrue();
  }

  @Test
  void aDeleteIsNotSatisfiedWhileItsTargetIsStillThere() {
    var still =
        holding(
            List.of(new AccessKey("AKIAGONE", "Active", T, Optional.empty())),
            List.of(new SigningCertificate("CERTGONE", "Active", T)),
            List.of(new MfaDevice(MFA, true, T)));

    assertThat(ActionCalls.satisfied(new DeleteAccessKey("AKIAGONE"), still)).isFalse();
    assertThat(ActionCalls.satisfied(new DeleteSigningCertificate("CERTGONE"), still)).isFalse();
    assertThat(ActionCalls.satisfied(new DeactivateMfaDevice(MFA, true), still)).isFalse();
    assertThat(ActionCalls.satisfied(new DeleteLoginProfile(), still)).isFalse();
  }

  @Test
  void passwordRecoveryIsSatisfiedOnlyWithALoginProfile() {
    assertThat(ActionCalls.satisfied(new AllowPasswordRecovery(), EVERYTHING)).isTrue();
    assertThat(ActionCalls.satisfied(new AllowPasswordRecovery(), RootCredentials.none()))
        .isFalse();
  }
}
