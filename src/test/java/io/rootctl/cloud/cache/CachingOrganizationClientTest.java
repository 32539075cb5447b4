package io.rootctl.cloud.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootctl.cloud.OrganizationClient;
import io.rootctl.live.OrganizationTree;
import io.rootctl.model.AccountId;
import io.rootctl.model.OrgFeature;
import io.rootctl.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CachingOrganizationClientTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T10:00:00Z"));
  private int walks;
  private int featureReads;

  private final OrganizationClient real =
      new OrganizationClient() {
        public OrganizationTree describeOrganization() {
          walks++;
          return new OrganizationTree(
              "o-exampleorg1",
              AccountId.of("111111111111"),
              "r-ex12",
              "Root",
              List.of(),
              List.of());
        }

        public Set<OrgFeature> enabledRootFeatures() {
          featureReads++;
          return Set.of(OrgFeature.ROOT_SESSIONS);
        }

        public boolean trustedAccessEnabled(String servicePrincipal) {
          return true;
        }

        public void enableTrustedAccess(String servicePrincipal) {}

        public void enableRootFeature(OrgFeature feature) {}

        public void disableRootFeature(OrgFeature feature) {}
      };

  private final CachingOrganizationClient cached =
      new CachingOrganizationClient(real, Duration.ofHours(1), clock);

  @Test
  void walksTheTreeOncePerResyncButReadsFeaturesEveryTime() {
    cached.describeOrganization();
    cached.enabledRootFeatures();
    clock.advance(Duration.ofMinutes(30));
    cached.describeOrganization();
    cached.enabledRootFeatures();
    assertThat(walks).isEqualTo(1);
    assertThat(featureReads).isEqualTo(2);

    clock.advance(Duration.ofMinutes(31));
    cached.describeOrganization();
    assertThat(walks).isEqualTo(2);
  }

  @Test
  void invalidateForcesANewWalk() {
    cached.describeOrganization();
    cached.invalidate();
    cached.describeOrganization();
    assertThat(walks).isEqualTo(2);
  }
}
