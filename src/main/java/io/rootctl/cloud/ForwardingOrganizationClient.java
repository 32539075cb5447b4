package io.rootctl.cloud;

import io.rootctl.live.OrganizationTree;
import io.rootctl.model.OrgFeature;
import java.util.Objects;
import java.util.Set;

/**
 * An {@link OrganizationClient} that passes every call on to another, so that a decorator (a cache,
 * a progress report) overrides only the calls it changes, as Guava's {@code Forwarding*} classes
 * do. A method added to the port is forwarded by every such decorator without touching it; a
 * decorator that must see every call (to guard or to count writes) should implement the port
 * directly instead, so that the compiler lists each new method for it. Holds nothing but the
 * delegate: idempotency, exceptions and thread-safety are the delegate's.
 */
public abstract class ForwardingOrganizationClient implements OrganizationClient {
  private final OrganizationClient delegate;

  protected ForwardingOrganizationClient(OrganizationClient delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** The client that answers every call not overridden. */
  protected final OrganizationClient delegate() {
    return delegate;
  }

  @Override
  public OrganizationTree describeOrganization() {
    return delegate.describeOrganization();
  }

  @Override
  public OrganizationTree describeOrganization(AccountPlaced placed) {
    return delegate.describeOrganization(placed);
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
  public OrganizationProfile profile() {
    return delegate.profile();
  }

  @Override
  public java.util.List<PolicySummary> listPolicies(String type) {
    return delegate.listPolicies(type);
  }

  @Override
  public PolicyDocument describePolicy(String policyId) {
    return delegate.describePolicy(policyId);
  }

  @Override
  public java.util.List<PolicyTarget> targetsForPolicy(String policyId) {
    return delegate.targetsForPolicy(policyId);
  }
}
