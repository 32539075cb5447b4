package io.rootctl.sim.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rootctl.sim.AdjustableClock;
import io.rootctl.sim.FaultSettings;
import io.rootctl.sim.Fixture;
import io.rootctl.sim.OrganizationsBackend;
import io.rootctl.sim.SimException;
import io.rootctl.sim.SimulatedOrganization;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * {@code /_sim/faults}'s {@code organizationsUnlistedRate} and {@code organizationsUnlistedBurst},
 * in process (the control plane without the server), on an injected clock.
 */
class ControlPlaneFaultsTest {
  final AdjustableClock clock =
      new AdjustableClock(Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC));
  final SimulatedOrganization org = SimulatedOrganization.of(Fixture.demo(), clock);
  final ControlPlane controlPlane = new ControlPlane(org, Map.of());
  final ObjectMapper json = new ObjectMapper();

  JsonNode faults(String method, String body, int expectedStatus) throws Exception {
    var response = controlPlane.handle(method, "/_sim/faults", "", body);
    assertThat(response.status()).as(response.body()).isEqualTo(expectedStatus);
    return json.readTree(response.body());
  }

  @Test
  void showsTheUnlistedBucketWithItsDefaults() throws Exception {
    var shown = faults("GET", "", 200);
    assertThat(shown.path("organizationsUnlistedRate").asDouble()).isEqualTo(1);
    assertThat(shown.path("organizationsUnlistedBurst").asDouble()).isEqualTo(2);
  }

  @Test
  void setsTheRateAndBurstAndKeepsABurstLeftOut() throws Exception {
    var set =
        faults(
            "POST",
            "{\"organizationsLimits\":true,\"organizationsUnlistedRate\":5,"
                + "\"organizationsUnlistedBurst\":4}",
            200);
    assertThat(set.path("organizationsUnlistedRate").asDouble()).isEqualTo(5);
    assertThat(set.path("organizationsUnlistedBurst").asDouble()).isEqualTo(4);
    assertThat(org.faultSettings().organizationsUnlistedRate()).isEqualTo(5);
    assertThat(org.faultSettings().organizationsUnlistedBurst()).isEqualTo(4);

    faults("POST", "{\"organizationsUnlistedRate\":0.5}", 200);
    assertThat(org.faultSettings().organizationsUnlistedRate()).isEqualTo(0.5);
    assertThat(org.faultSettings().organizationsUnlistedBurst()).isEqualTo(4);
  }

  @Test
  void theSettingGovernsTheUnlistedApis() throws Exception {
    var organizations = new OrganizationsBackend(org);
    var admin = org.managementCredentials().caller();
    Runnable describe = () -> organizations.describePolicy(admin, "p-FullAWSAccess");
    faults(
        "POST",
        "{\"organizationsLimits\":true,\"organizationsUnlistedRate\":1,"
            + "\"organizationsUnlistedBurst\":1}",
        200);
    describe.run();
    var e = catchThrowableOfType(SimException.class, describe::run);
    assertThat(e.errorCode()).isEqualTo("TooManyRequestsException");
    clock.advance(Duration.ofSeconds(1));
    describe.run();

    faults("POST", "{\"organizationsUnlistedRate\":0}", 200);
    for (int i = 0; i < 20; i++) {
      organizations.listTargetsForPolicy(
          admin, "p-FullAWSAccess", Optional.empty(), OptionalInt.empty());
    }
  }

  @Test
  void valuesOutOfRangeAre400AndChangeNothing() throws Exception {
    var before = org.faultSettings();
    assertThat(faults("POST", "{\"organizationsUnlistedRate\":-1}", 400).path("error").asText())
        .contains("organizationsUnlistedRate");
    faults("POST", "{\"organizationsUnlistedBurst\":0.5}", 400);
    faults("POST", "{\"organizationsUnlistedRate\":\"fast\"}", 400);
    faults("POST", "{\"faultRate\":0.5,\"organizationsUnlistedBurst\":0}", 400);
    assertThat(org.faultSettings()).isEqualTo(before);
    assertThat(before).isEqualTo(FaultSettings.none());
  }
}
