package io.rootctl.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootctl.live.OrganizationTree;
import io.rootctl.model.AccountId;
import io.rootctl.model.OrgFeature;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ForwardingOrganizationClientTest {
  private final List<String> calls = new ArrayList<>();
  private final OrganizationTree tree =
      new OrganizationTree(
          "o-exampleorg1", AccountId.of("111111111111"), "r-ex12", "Root", List.of(), List.of());

  private final OrganizationClient recording =
      new OrganizationClient() {
        @Override
        public OrganizationTree describeOrganization() {
          calls.add("describeOrganization");
          return tree;
        }

        @Override
        public Set<OrgFeature> enabledRootFeatures() {
          calls.add("enabledRootFeatures");
          return Set.of(OrgFeature.ROOT_SESSIONS);
        }

        @Override
        public boolean trustedAccessEnabled(String servicePrincipal) {
          calls.add("trustedAccessEnabled " + servicePrincipal);
          return true;
        }

        @Override
        public void enableTrustedAccess(String servicePrincipal) {
          calls.add("enableTrustedAccess " + servicePrincipal);
        }

        @Override
        public void enableRootFeature(OrgFeature feature) {
          calls.add("enableRootFeature " + feature);
        }

        @Override
        public void disableRootFeature(OrgFeature feature) {
          calls.add("disableRootFeature " + feature);
        }
      };

  @Test
  void passesEveryCallAndItsAnswerThroughUnchanged() {
    OrganizationClient forwarding = new ForwardingOrganizationClient(recording) {};

    assertThat(forwarding.describeOrganization()).isSameAs(tree);
    assertThat(forwarding.enabledRootFeatures()).containsExactly(OrgFeature.ROOT_SESSIONS);
    assertThat(forwarding.trustedAccessEnabled("iam.amazonaws.com")).isTrue();
    forwarding.enableTrustedAccess("iam.amazonaws.com");
    forwarding.enableRootFeature(OrgFeature.ROOT_SESSIONS);
    forwarding.disableRootFeature(OrgFeature.ROOT_CREDENTIALS_MANAGEMENT);

    assertThat(calls)
        .containsExactly(
            "describeOrganization",
            "enabledRootFeatures",
            "trustedAccessEnabled iam.amazonaws.com",
            "enableTrustedAccess iam.amazonaws.com",
            "enableRootFeature ROOT_SESSIONS",
            "disableRootFeature ROOT_CREDENTIALS_MANAGEMENT");
  }
}
