package io.rootctl.app;

import io.rootctl.cli.ProgressListener;
import io.rootctl.cloud.OrganizationClient;
import io.rootctl.live.AccountState;
import io.rootctl.live.OrganizationTree;
import io.rootctl.model.OrgFeature;
import java.util.Set;

/** An {@link OrganizationClient} that tells a {@link ProgressListener} when the tree is read. */
final class ProgressOrganizationClient implements OrganizationClient {
  private final OrganizationClient delegate;
  private final ProgressListener progress;

  ProgressOrganizationClient(OrganizationClient delegate, ProgressListener progress) {
    this.delegate = delegate;
    this.progress = progress;
  }

  @Override
  public OrganizationTree describeOrganization() {
    var tree = delegate.describeOrganization();
    progress.organizationRead(
        (int)
            tree.accounts().stream()
                .filter(a -> a.state() == AccountState.ACTIVE && !tree.isManagement(a.id()))
                .count());
    return tree;
  }

  @Override
  public Set<OrgFeature> enabledRootFeatures() {
    return delegate.enabledRootFeatures();
  }

  @Override
  public boolean trustedAccessEnabled(String servicePrincipal) {
    return delegate.trustedAccessEnabled(servicePrincipal);
  }

  @Override
  public void enableTrustedAccess(String servicePrincipal) {
    delegate.enableTrustedAccess(servicePrincipal);
  }

  @Override
  public void enableRootFeature(OrgFeature feature) {
    delegate.enableRootFeature(feature);
  }

  @Override
  public void disableRootFeature(OrgFeature feature) {
    delegate.disableRootFeature(feature);
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
