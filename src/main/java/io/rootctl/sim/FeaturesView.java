package io.rootctl.sim;

import io.rootctl.model.OrgFeature;
import java.util.Set;

/** The IAM organizations-features operations' result. */
public record FeaturesView(String organizationId, Set<OrgFeature> enabledFeatures) {
  public FeaturesView {
    enabledFeatures = Set.copyOf(enabledFeatures);
  }
}
