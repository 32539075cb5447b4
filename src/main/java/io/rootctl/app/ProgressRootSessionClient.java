package io.rootctl.app;

import io.rootctl.cli.ProgressListener;
import io.rootctl.cloud.RootSession;
import io.rootctl.cloud.RootSessionClient;
import io.rootctl.model.AccountId;
import io.rootctl.model.TaskPolicy;
import java.time.Duration;

/** A {@link RootSessionClient} that tells a {@link ProgressListener} of every session opened. */
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
    return session;
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
