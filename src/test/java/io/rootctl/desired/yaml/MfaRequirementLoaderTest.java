package io.rootctl.desired.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootctl.desired.CredentialSetting;
import io.rootctl.desired.PolicyResolver;
import io.rootctl.desired.Problem;
import io.rootctl.model.AccountId;
import io.rootctl.model.CredentialKind;
import io.rootctl.testing.Trees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mfaDevices: required | hardware} in the language: valid for {@code mfaDevices} at every
 * level, stricter than {@code unmanaged} and less strict than {@code absent} (a relaxation of
 * absent defaults, which needs an exception), resolved field by field like every setting. Invalid
 * uses (other kinds, the shorthand) are covered with their {@code file:line:col} by the {@code
 * mfa-requirement-on-other-kinds} fixture of {@link InvalidFixturesTest}.
 */
class MfaRequirementLoaderTest {
  private static final LocalDate TODAY = LocalDate.of(2026, 11, 23);
  static final AccountId BREAK_GLASS = AccountId.of("333344445555"); // in /Root/Security

  @TempDir Path dir;

  private LoadResult load(String defaultsMfa, String accountMfa, boolean exception)
      throws Exception {
    Files.writeString(
        dir.resolve("organization.yaml"),
        """
        apiVersion: rootctl.io/v1
        kind: Organization
        spec:
          mode: enforce
          defaults:
            rootCredentials:
              mfaDevices: %s
        """
            .formatted(defaultsMfa));
    Files.writeString(
        dir.resolve("break-glass.yaml"),
        """
        apiVersion: rootctl.io/v1
        kind: Account
        metadata: {name: break-glass}
        spec:
          account: "333344445555"
          rootCredentials:
            mfaDevices: %s
        """
                .formatted(accountMfa)
            + (exception
                ? """
                  exception:
                    reason: break-glass
                    owner: security@example.com
                    expires: 2027-01-31
                """
                : ""));
    return new DesiredStateLoader().load(dir, TODAY);
  }

  @Test
  void requiredAndHardwareAreValuesOfMfaDevicesAtEveryLevel() throws Exception {
    var result = load("required", "hardware", false);

    assertThat(result).as("%s", result.problems()).isInstanceOf(LoadResult.Valid.class);
    var desired = ((LoadResult.Valid) result).desired();
    assertThat(desired.organization().defaultFor(CredentialKind.MFA_DEVICES))
        .isEqualTo(CredentialSetting.REQUIRED);
    var policy = PolicyResolver.resolve(desired, Trees.demo(), TODAY).policies().get(BREAK_GLASS);
    assertThat(policy.credential(CredentialKind.MFA_DEVICES)).isEqualTo(CredentialSetting.HARDWARE);
    assertThat(policy.rootCredentials().get(CredentialKind.MFA_DEVICES).origin().toString())
        .isEqualTo("account break-glass (break-glass.yaml:7:17)");
  }

  @Test
  void underAbsentDefaultsARequirementIsARelaxationThatNeedsAnException() throws Exception {
    var result = load("absent", "required", false);

    assertThat(result.problems())
        .filteredOn(Problem::isError)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.location().toString()).isEqualTo("break-glass.yaml:7:17");
              assertThat(p.message()).contains("rootCredentials.mfaDevices");
            });
    assertThat(load("absent", "required", true)).isInstanceOf(LoadResult.Valid.class);
  }

  @Test
  void hardwareIsStricterThanRequiredAndRequiredThanUnmanaged() throws Exception {
    // restating or tightening needs no exception; loosening does
    assertThat(load("unmanaged", "required", false)).isInstanceOf(LoadResult.Valid.class);
    assertThat(load("required", "hardware", false)).isInstanceOf(LoadResult.Valid.class);
    assertThat(load("hardware", "absent", false)).isInstanceOf(LoadResult.Valid.class);
    assertThat(load("hardware", "required", false)).isInstanceOf(LoadResult.Invalid.class);
    assertThat(load("required", "unmanaged", false)).isInstanceOf(LoadResult.Invalid.class);
  }
}
