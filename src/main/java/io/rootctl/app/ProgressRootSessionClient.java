package io.rootctl.app;

import io.rootctl.cli.ProgressListener;
import io.rootctl.cloud.RootSession;
import io.rootctl.cloud.RootSessionClient;
import io.rootctl.cloud.WriteResult;
import io.rootctl.live.RootCredentials;
import io.rootctl.model.AccountId;
import io.rootctl.model.TaskPolicy;
import java.time.Duration;
import java.time.Instant;

/**
 * A {@link RootSessionClient} that tells a {@link ProgressListener} of every session opened and of
 * every root user read (after {@link RootSession#readRootCredentials()} returns).
 */
final class ProgressRootSessionClient implements RootSessionClient {
  private final RootSessionClient delegate;
  private final ProgressListener progress;

  ProgressRootSessionClient(RootSessionClient delegate, ProgressListener progress) {
    this.delegate = delegate;
    this.progress = progress;
  }

  @Override
  public RootSession open(AccountId account, TaskPolicy policy, Duration duration) {
    var session = delegate.open(account, policy, duration);
    progress.sessionOpened(account, policy);
    return new Reporting(session, progress);
  }

  @Override
  public String toString() {
    return delegate.toString();
  }

  /** Forwards every call; reports a successful read. */
  private record Reporting(RootSession session, ProgressListener progress) implements RootSession {
    @Override
    public AccountId account() {
      return session.account();
    }

    @Override
    public TaskPolicy policy() {
      return session.policy();
    }

    @Override
    public Instant expiresAt() {
      return session.expiresAt();
    }

    @Override
    public RootCredentials readRootCredentials() {
      var credentials = session.readRootCredentials();
      progress.accountRead(session.account());
      return credentials;
    }

    @Override
    public WriteResult deleteLoginProfile() {
      return session.deleteLoginProfile();
    }

    @Override
    public WriteResult deleteAccessKey(String accessKeyId) {
      return session.deleteAccessKey(accessKeyId);
    }

    @Override
    public WriteResult deleteSigningCertificate(String certificateId) {
      return session.deleteSigningCertificate(certificateId);
    }

    @Override
    public WriteResult deactivateMfaDevice(String serialNumber) {
      return session.deactivateMfaDevice(serialNumber);
    }

    @Override
    public WriteResult deleteVirtualMfaDevice(String serialNumber) {
      return session.deleteVirtualMfaDevice(serialNumber);
    }

    @Override
    public WriteResult createLoginProfile() {
      return session.createLoginProfile();
    }

    @Override
    public void close() {
      session.close();
    }

    @Override
    public String toString() {
      return session.toString();
    }
  }
}
