package io.rootctl.desired.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootctl.desired.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An MFA requirement no person can meet: {@code mfaDevices: required | hardware} where the root
 * user keeps no password and may not recover one ({@code password: absent} with {@code
 * passwordRecovery} disabled, or unmanaged and so following the absent password). Only a root user
 * signed in can add an MFA device, and without a login profile nobody can sign in as root. {@code
 * validate} warns at the {@code mfaDevices} value; a value that is not exactly one of the allowed
 * ones (a trailing space) is an error there instead.
 */
class UnmeetableMfaRequirementTest {
  private static final LocalDate TODAY = LocalDate.of(2026, 11, 23);
  private static final String EXCEPTION =
      """
        exception: {reason: break-glass, owner: security@example.com, expires: 2027-01-31}
      """;

  @TempDir Path dir;

  /** A case: the defaults, the account's spec lines (under spec:), and the OU document if any. */
  record Case(String name, String defaults, String account, String ou, boolean warns) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case(
            "absent password and disabled recovery from the defaults",
            "rootCredentials: {mfaDevices: unmanaged}",
            "mfaDevices: required",
            "",
            true),
        new Case(
            "hardware, with absent password and disabled recovery written beside it",
            "rootCredentials: {mfaDevices: unmanaged, password: unmanaged}\n"
                + "    passwordRecovery: unmanaged",
            "mfaDevices: hardware\n    password: absent\n  passwordRecovery: disabled",
            "",
            true),
        new Case(
            "absent password and unmanaged recovery (which follows the password)",
            "rootCredentials: {mfaDevices: unmanaged}\n    passwordRecovery: unmanaged",
            "mfaDevices: required",
            "",
            true),
        new Case(
            "recovery enabled: a person can recover the password and add a device",
            "rootCredentials: {mfaDevices: unmanaged}",
            "mfaDevices: required\n  passwordRecovery: enabled",
            "",
            false),
        new Case(
            "the password kept: a person can sign in",
            "rootCredentials: {mfaDevices: unmanaged}\n    passwordRecovery: unmanaged",
            "mfaDevices: required\n    password: unmanaged",
            "",
            false),
        new Case(
            "an OU document may keep the password: validate cannot tell offline",
            "rootCredentials: {mfaDevices: unmanaged}\n    passwordRecovery: unmanaged",
            "mfaDevices: required",
            "rootCredentials: {password: unmanaged}",
            false));
  }

  private LoadResult load(Case c) throws Exception {
    Files.writeString(
        dir.resolve("organization.yaml"),
        """
        apiVersion: rootctl.io/v1
        kind: Organization
        spec:
          mode: enforce
          defaults:
            %s
        """
            .formatted(c.defaults()));
    Files.writeString(
        dir.resolve("break-glass.yaml"),
        """
        apiVersion: rootctl.io/v1
        kind: Account
        metadata: {name: break-glass}
        spec:
          account: "333344445555"
          rootCredentials:
            %s
        """
                .formatted(c.account())
            + EXCEPTION);
    if (!c.ou().isEmpty()) {
      Files.writeString(
          dir.resolve("ou.yaml"),
          """
          apiVersion: rootctl.io/v1
          kind: OrganizationalUnit
          metadata: {name: security}
          spec:
            ou: /Root/Security
            %s
          """
                  .formatted(c.ou())
              + EXCEPTION);
    }
    return new DesiredStateLoader().load(dir, TODAY);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void warnsWhereNobodyCanSignInToAddTheDevice(Case c) throws Exception {
    var result = load(c);

    assertThat(result).as("%s", result.problems()).isInstanceOf(LoadResult.Valid.class);
    var warnings =
        result.problems().stream()
            .filter(p -> p.message().contains("cannot be met by a person"))
            .toList();
    if (!c.warns()) {
      assertThat(warnings).as(c.name()).isEmpty();
      return;
    }
    assertThat(warnings)
        .as(c.name())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.isError()).isFalse();
              assertThat(p.location().toString()).isEqualTo("break-glass.yaml:7:17");
              assertThat(p.message())
                  .contains("nobody can sign in as the root user to add one")
                  .contains("passwordRecovery: enabled");
            });
  }

  @Test
  void theRequirementInTheDefaultsWarnsAtTheDefaults() throws Exception {
    Files.writeString(
        dir.resolve("organization.yaml"),
        """
        apiVersion: rootctl.io/v1
        kind: Organization
        spec:
          mode: enforce
          defaults:
            rootCredentials: {mfaDevices: hardware}
        """);

    var result = new DesiredStateLoader().load(dir, TODAY);

    assertThat(result.problems())
        .filteredOn(p -> p.message().contains("cannot be met by a person"))
        .extracting(p -> p.location().toString())
        .containsExactly("organization.yaml:6:35");
  }

  @Test
  void aTrailingSpaceUnderAbsentDefaultsIsOneErrorAndNoWarningAboutTheException() throws Exception {
    // the exception is there for the requirement; the value not being read must not make it
    // "not needed"
    var result =
        load(
            new Case(
                "quoted with a trailing space, under absent defaults",
                "rootCredentials: absent",
                "mfaDevices: \"required \"\n    password: absent",
                "",
                false));

    assertThat(result).isInstanceOf(LoadResult.Invalid.class);
    assertThat(result.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.isError()).isTrue();
              assertThat(p.location().toString()).isEqualTo("break-glass.yaml:7:17");
              assertThat(p.message())
                  .contains("'required '")
                  .contains("absent, unmanaged, required or hardware");
            });
  }

  @Test
  void aTrailingSpaceIsAnErrorListingTheAllowedValuesNotAWarning() throws Exception {
    var result =
        load(
            new Case(
                "quoted with a trailing space",
                "rootCredentials: {mfaDevices: unmanaged}\n    passwordRecovery: unmanaged",
                "mfaDevices: \"required \"\n    password: unmanaged",
                "",
                false));

    assertThat(result).isInstanceOf(LoadResult.Invalid.class);
    List<Problem> problems = result.problems();
    assertThat(problems)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.isError()).isTrue();
              assertThat(p.location().toString()).isEqualTo("break-glass.yaml:7:17");
              assertThat(p.message())
                  .contains("'required '")
                  .contains("absent, unmanaged, required or hardware");
            });
  }
}
