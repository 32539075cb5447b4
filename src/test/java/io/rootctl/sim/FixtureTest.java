package io.rootctl.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rootctl.model.AccountId;
import io.rootctl.model.TaskPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A state saved as a fixture ({@code rootctl sim --dump-fixture}) loads back to the same state. */
class FixtureTest {
  static final AccountId LOG_ARCHIVE = AccountId.of("222222222222");
  static final AccountId PAYMENTS = AccountId.of("555555555555");

  final AdjustableClock clock =
      new AdjustableClock(Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC));

  @TempDir Path dir;

  /** The demo organization after drift and API writes of every kind the fixture holds. */
  SimulatedOrganization mutated() {
    var org = SimulatedOrganization.of(Fixture.demo(), clock);
    var admin = org.managementCredentials().caller();
    var session =
        new StsBackend(org)
            .assumeRoot(
                admin,
                PAYMENTS.value(),
                TaskPolicy.DELETE_ROOT_USER_CREDENTIALS.arn(),
                OptionalInt.empty())
            .caller();
    var iam = new IamBackend(org);
    // A virtual device deactivated but not deleted: in the state, not on the root user's list.
    iam.deactivateMfaDevice(session, "arn:aws:iam::555555555555:mfa/root-account-mfa-device");
    iam.deleteAccessKey(session, "AKIAEXAMPLEPAYMNT001");
    org.addRootAccessKey(LOG_ARCHIVE);
    org.addRootLoginProfile(LOG_ARCHIVE, false);
    org.addRootSigningCertificate(LOG_ARCHIVE);
    org.addRootMfaDevice(LOG_ARCHIVE, true);
    org.suspend(AccountId.of("444444444444"));
    org.addAccount("new", "new@example.com", "ou-ex12-aaaaaaa5");
    var organizations = new OrganizationsBackend(org);
    organizations.registerDelegatedAdministrator(admin, LOG_ARCHIVE.value(), "iam.amazonaws.com");
    organizations.enableAwsServiceAccess(admin, "sso.amazonaws.com");
    iam.disableOrganizationsRootSessions(admin);
    return org;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"state.yaml", "state.json", "state"})
  void loadMutateDumpLoadGivesTheSameState(String name) throws IOException {
    var org = mutated();
    var file = dir.resolve(name);
    org.snapshot().save(file);

    var loaded = SimulatedOrganization.of(Fixture.load(file), clock);

    assertThat(loaded.snapshot()).isEqualTo(org.snapshot());
    assertThat(loaded.snapshot()).isNotEqualTo(Fixture.demo());
    assertThat(loaded.rootCredentials(LOG_ARCHIVE)).isEqualTo(org.rootCredentials(LOG_ARCHIVE));
    assertThat(loaded.rootCredentials(PAYMENTS).isEmpty()).isTrue();
    assertThat(loaded.managementCredentials()).isEqualTo(org.managementCredentials());
    assertThat(loaded.accountCount()).isEqualTo(12);
    var admin = loaded.managementCredentials().caller();
    assertThat(new IamBackend(loaded).listOrganizationsFeatures(admin).enabledFeatures())
        .hasSize(1);
    assertThat(
            new OrganizationsBackend(loaded)
                .listDelegatedAdministrators(
                    admin, Optional.empty(), Optional.empty(), OptionalInt.empty())
                .items())
        .extracting(d -> d.account().id())
        .containsExactly(LOG_ARCHIVE);
  }

  @Test
  void aGeneratedOrganizationWithoutFixedCredentialsKeepsItsKeyThroughADump() throws IOException {
    var org =
        SimulatedOrganization.of(
            FixtureGenerator.generate(GeneratorSpec.parse("accounts=50,ou=Security,seed=3")),
            clock);
    var file = dir.resolve("generated.yaml");
    org.snapshot().save(file);
    var loaded = SimulatedOrganization.of(Fixture.load(file), clock);
    assertThat(loaded.managementCredentials()).isEqualTo(org.managementCredentials());
    assertThat(loaded.snapshot()).isEqualTo(org.snapshot());
  }

  @Test
  void jsonForJsonFilesYamlOtherwiseReplacingWholeAndLeavingNothingElse() throws IOException {
    var fixture = Fixture.demo();
    fixture.save(dir.resolve("a.json"));
    fixture.save(dir.resolve("a.yaml"));
    assertThat(Files.readString(dir.resolve("a.json"))).startsWith("{");
    assertThat(Files.readString(dir.resolve("a.yaml"))).startsWith("---");
    Files.writeString(dir.resolve("a.yaml"), "x".repeat(100_000));
    fixture.save(dir.resolve("a.yaml"));
    assertThat(Fixture.load(dir.resolve("a.yaml"))).isEqualTo(Fixture.load(dir.resolve("a.json")));
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("a.json", "a.yaml");
    }
  }

  @Test
  void aMissingDirectoryIsAnIoError() {
    assertThatThrownBy(() -> Fixture.demo().save(dir.resolve("missing/state.yaml")))
        .isInstanceOf(NoSuchFileException.class);
  }
}
