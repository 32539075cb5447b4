package io.rootctl.lock;

import io.rootctl.cloud.ForwardingOrganizationClient;
import io.rootctl.cloud.OrganizationClient;
import io.rootctl.cloud.RootSession;
import io.rootctl.cloud.RootSessionClient;
import io.rootctl.cloud.TerminalCloudException;
import io.rootctl.cloud.WriteResult;
import io.rootctl.live.RootCredentials;
import io.rootctl.model.AccountId;
import io.rootctl.model.OrgFeature;
import io.rootctl.model.TaskPolicy;
import java.time.Instant;
import java.util.Optional;

/**
 * The write ports, guarded by the {@link WriterLock}: before every AWS write the lock's lease is
 * checked, and a write without a lease held (or after it was lost) is refused with a {@link
 * TerminalCloudException} of code {@link #ERROR_CODE}, never sent. Reads pass unchecked.
 */
public final class LockedWrites {
  /** The error code of a write refused because the writer lock was not held. */
  public static final String ERROR_CODE = "WriterLockLost";

  private LockedWrites() {}

  /** {@code delegate}, with its three switches guarded by {@code lock}. */
  public static OrganizationClient organization(OrganizationClient delegate, WriterLock lock) {
    return new ForwardingOrganizationClient(delegate) {
      @Override
      public void enableTrustedAccess(String servicePrincipal) {
        check(lock, "organizations:EnableAWSServiceAccess", Optional.empty());
        delegate().enableTrustedAccess(servicePrincipal);
      }

      @Override
      public void enableRootFeature(OrgFeature feature) {
        check(lock, "iam:EnableOrganizationsRootFeature", Optional.empty());
        delegate().enableRootFeature(feature);
      }

      @Override
      public void disableRootFeature(OrgFeature feature) {
        check(lock, "iam:DisableOrganizationsRootFeature", Optional.empty());
        delegate().disableRootFeature(feature);
      }
    };
  }

  /** {@code delegate}, whose sessions' writes are guarded by {@code lock}. */
  public static RootSessionClient sessions(RootSessionClient delegate, WriterLock lock) {
    return (account, policy, duration) ->
        new Session(delegate.open(account, policy, duration), lock);
  }

  private static void check(WriterLock lock, String operation, Optional<String> account) {
    try {
      lock.checkWrite(operation);
    } catch (LockLostException e) {
      throw new TerminalCloudException(
          TerminalCloudException.Kind.UNKNOWN,
          operation,
          account,
          ERROR_CODE,
          "",
          e.getMessage() + "; not sent",
          e);
    }
  }

  private static final class Session implements RootSession {
    private final RootSession delegate;
    private final WriterLock lock;

    Session(RootSession delegate, WriterLock lock) {
      this.delegate = delegate;
      this.lock = lock;
    }

    private void check(String operation) {
      LockedWrites.check(lock, operation, Optional.of(delegate.account().value()));
    }

    @Override
    public AccountId account() {
      return delegate.account();
    }

    @Override
    public TaskPolicy policy() {
      return delegate.policy();
    }

    @Override
    public Instant expiresAt() {
      return delegate.expiresAt();
    }

    @Override
    public RootCredentials readRootCredentials() {
      return delegate.readRootCredentials();
    }

    @Override
    public WriteResult deleteLoginProfile() {
      check("iam:DeleteLoginProfile");
      return delegate.deleteLoginProfile();
    }

    @Override
    public WriteResult deleteAccessKey(String accessKeyId) {
      check("iam:DeleteAccessKey");
      return delegate.deleteAccessKey(accessKeyId);
    }

    @Override
    public WriteResult deleteSigningCertificate(String certificateId) {
      check("iam:DeleteSigningCertificate");
      return delegate.deleteSigningCertificate(certificateId);
    }

    @Override
    public WriteResult deactivateMfaDevice(String serialNumber) {
      check("iam:DeactivateMFADevice");
      return delegate.deactivateMfaDevice(serialNumber);
    }

    @Override
    public WriteResult deleteVirtualMfaDevice(String serialNumber) {
      check("iam:DeleteVirtualMFADevice");
      return delegate.deleteVirtualMfaDevice(serialNumber);
    }

    @Override
    public WriteResult createLoginProfile() {
      check("iam:CreateLoginProfile");
      return delegate.createLoginProfile();
    }

    @Override
    public void close() {
      delegate.close();
    }

    @Override
    public String toString() {
      return delegate.toString();
    }
  }
}
