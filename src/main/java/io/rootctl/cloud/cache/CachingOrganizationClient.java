package io.rootctl.cloud.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.rootctl.cloud.ForwardingOrganizationClient;
import io.rootctl.cloud.OrganizationClient;
import io.rootctl.live.OrganizationTree;
import java.time.Clock;
import java.time.Duration;

/**
 * Caches the organization tree (the expensive, 1-request-per-second part of Organizations) for the
 * resync period. Feature and trusted-access reads are cheap and always go through, and every write
 * goes through and drops nothing (writes don't change the tree). Thread-safe.
 */
public final class CachingOrganizationClient extends ForwardingOrganizationClient {
  private final Cache<String, OrganizationTree> tree;

  public CachingOrganizationClient(OrganizationClient delegate, Duration resync, Clock clock) {
    super(delegate);
    this.tree =
        Caffeine.newBuilder()
            .expireAfterWrite(resync)
            .ticker(CachingRootSessionClient.tickerOf(clock))
            .executor(Runnable::run)
            .recordStats()
            .build();
  }

  /** The underlying cache, for metrics (hit ratio). */
  public Cache<String, OrganizationTree> cache() {
    return tree;
  }

  @Override
  public OrganizationTree describeOrganization() {
    return tree.get("tree", k -> delegate().describeOrganization());
  }

  /** A cached tree is handed over account by account; otherwise the walk streams and is cached. */
  @Override
  public OrganizationTree describeOrganization(AccountPlaced placed) {
    var cached = tree.getIfPresent("tree");
    if (cached != null) {
      cached.accounts().forEach(a -> placed.placed(cached.managementAccount(), a));
      return cached;
    }
    var walked = delegate().describeOrganization(placed);
    tree.put("tree", walked);
    return walked;
  }

  /** Forgets the tree, so the next run walks it again. */
  public void invalidate() {
    tree.invalidateAll();
  }
}
