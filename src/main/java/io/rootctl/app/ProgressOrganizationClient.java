package io.rootctl.app;

import io.rootctl.cli.ProgressListener;
import io.rootctl.cloud.ForwardingOrganizationClient;
import io.rootctl.cloud.OrganizationClient;
import io.rootctl.live.AccountState;
import io.rootctl.live.OrganizationTree;

/** An {@link OrganizationClient} that tells a {@link ProgressListener} when the tree is read. */
final class ProgressOrganizationClient extends ForwardingOrganizationClient {
  private final ProgressListener progress;

  ProgressOrganizationClient(OrganizationClient delegate, ProgressListener progress) {
    super(delegate);
    this.progress = progress;
  }

  @Override
  public OrganizationTree describeOrganization() {
    return reported(delegate().describeOrganization());
  }

  @Override
  public OrganizationTree describeOrganization(AccountPlaced placed) {
    return reported(delegate().describeOrganization(placed));
  }

  private OrganizationTree reported(OrganizationTree tree) {
    progress.organizationRead(
        (int)
            tree.accounts().stream()
                .filter(a -> a.state() == AccountState.ACTIVE && !tree.isManagement(a.id()))
                .count());
    return tree;
  }

  @Override
  public String toString() {
    return delegate().toString();
  }
}
