package io.rootctl.observe;

import io.rootctl.cloud.OrganizationClient;
import io.rootctl.cloud.Retrier;
import io.rootctl.cloud.RetryableCloudException;
import io.rootctl.cloud.RootSessionClient;
import io.rootctl.cloud.TerminalCloudException;
import io.rootctl.live.AccountState;
import io.rootctl.live.LiveState;
import io.rootctl.live.MemberAccount;
import io.rootctl.live.ObservationFailed;
import io.rootctl.live.OrganizationTree;
import io.rootctl.live.RootCredentials;
import io.rootctl.live.RootObservation;
import io.rootctl.model.AccountId;
import io.rootctl.model.OrgFeature;
import io.rootctl.model.TaskPolicy;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.BiPredicate;

/**
 * Reads the live state through the ports, always uncached: the organization's trusted access and
 * root features, then for every ACTIVE member account (never the management account, never a
 * suspended or closing one) that the caller selects (all of them by default; {@code --target}
 * narrows it) one {@code IAMAuditRootUserCredentials} session, concurrently on virtual threads, at
 * most {@link ReadOptions#parallelism()} at a time. An account that is not selected gets no session
 * and no entry in {@link LiveState#roots()}.
 *
 * <p>Per account, a retryable failure (or a session that expired mid-read) is retried with a fresh
 * session and backoff up to {@link ReadOptions#maxAttempts()} times; what still fails becomes
 * {@link ObservationFailed} naming the operation, account, error code and request id. Failures of
 * the organization-level reads are not per-account: they propagate as {@link
 * io.rootctl.cloud.CloudException}. Thread-safe.
 */
public final class LiveStateReader {
  /** Selects every account: {@link #read()} reads them all. */
  public static final BiPredicate<OrganizationTree, MemberAccount> EVERY_ACCOUNT = (t, a) -> true;

  private final OrganizationClient organization;
  private final RootSessionClient sessions;
  private final Retrier retrier;
  private final ReadOptions options;

  public LiveStateReader(
      OrganizationClient organization,
      RootSessionClient sessions,
      Retrier retrier,
      ReadOptions options) {
    this.organization = organization;
    this.sessions = sessions;
    this.retrier = retrier;
    this.options = options;
  }

  /**
   * Reads everything: the organization's trusted access and root features, then the tree walk and
   * every active member account's audit <em>overlapped</em>: an account's audit starts as soon as
   * the walk has placed it ({@link OrganizationClient#describeOrganization(
   * OrganizationClient.AccountPlaced)}), on at most {@link ReadOptions#parallelism()} workers fed
   * through a bounded queue (the walk waits when the audits fall behind, so memory stays bounded
   * whatever the organization's size). The result is the one {@link #read(BiPredicate)} gives with
   * {@link #EVERY_ACCOUNT}: the accounts of the walk's final tree, each read once; one the walk
   * placed but the audits did not reach is {@link ObservationFailed}, never in sync.
   *
   * @throws io.rootctl.cloud.CloudException when the organization-level reads fail
   * @throws CancellationException when interrupted (the interrupt flag stays set)
   */
  public LiveState read() {
    var trusted =
        retrier.call(
            options.maxAttempts(),
            () -> organization.trustedAccessEnabled(OrganizationClient.IAM_SERVICE_PRINCIPAL));
    var features = trusted ? enabledFeatures() : Set.<OrgFeature>of();
    if (!features.contains(OrgFeature.ROOT_SESSIONS)) {
      var tree = retrier.call(options.maxAttempts(), organization::describeOrganization);
      return new LiveState(tree, features, trusted, unreadable(targets(tree, EVERY_ACCOUNT)));
    }
    try (var audits = new OverlappedAudits(this, options.parallelism())) {
      var tree =
          retrier.call(
              options.maxAttempts(), () -> organization.describeOrganization(audits::placed));
      var read = audits.finish();
      var roots = new LinkedHashMap<AccountId, RootObservation>();
      for (var id : new TreeSet<>(targets(tree, EVERY_ACCOUNT))) {
        var observation = read.get(id);
        roots.put(
            id,
            observation != null
                ? observation
                : new ObservationFailed(
                    "the walk placed the account after the audits had finished", true));
      }
      return new LiveState(tree, features, trusted, roots);
    }
  }

  /**
   * Walks the whole organization tree, then reads the organization's features and trusted access
   * and the active member accounts that {@code selected} holds ({@link #read(OrganizationTree,
   * BiPredicate)}).
   *
   * @param selected given the tree, whether an account is to be audited, e.g. {@code
   *     targets::selects} of the planner's {@code --target} selection
   */
  public LiveState read(BiPredicate<OrganizationTree, MemberAccount> selected) {
    return read(retrier.call(options.maxAttempts(), organization::describeOrganization), selected);
  }

  /**
   * Reads the organization's features and trusted access and every active member account of {@code
   * tree} that {@code selected} holds; no root session is opened for any other account, and none
   * appears in the result's {@link LiveState#roots()}. When trusted access for IAM is off no
   * feature can be on; when RootSessions is off no account can be read, and each selected one is
   * reported as such without calling AssumeRoot.
   *
   * @throws io.rootctl.cloud.CloudException when the organization-level reads fail
   */
  public LiveState read(
      OrganizationTree tree, BiPredicate<OrganizationTree, MemberAccount> selected) {
    var trusted =
        retrier.call(
            options.maxAttempts(),
            () -> organization.trustedAccessEnabled(OrganizationClient.IAM_SERVICE_PRINCIPAL));
    var features = trusted ? enabledFeatures() : Set.<OrgFeature>of();
    var targets = targets(tree, selected);
    Map<AccountId, RootObservation> roots =
        features.contains(OrgFeature.ROOT_SESSIONS) ? readAccounts(targets) : unreadable(targets);
    return new LiveState(tree, features, trusted, roots);
  }

  /** The active member accounts of {@code tree} that {@code selected} holds. */
  private static java.util.List<AccountId> targets(
      OrganizationTree tree, BiPredicate<OrganizationTree, MemberAccount> selected) {
    return tree.accounts().stream()
        .filter(a -> isTarget(tree.managementAccount(), a))
        .filter(a -> selected.test(tree, a))
        .map(MemberAccount::id)
        .toList();
  }

  /** Whether {@code account} can be read at all: ACTIVE, and not the management account. */
  static boolean isTarget(AccountId management, MemberAccount account) {
    return account.state() == AccountState.ACTIVE && !management.equals(account.id());
  }

  private static Map<AccountId, RootObservation> unreadable(Collection<AccountId> targets) {
    var roots = new LinkedHashMap<AccountId, RootObservation>();
    var reason =
        new ObservationFailed(
            "root sessions are not enabled for the organization (iam:ListOrganizationsFeatures),"
                + " so sts:AssumeRoot cannot read the root user",
            false);
    targets.forEach(id -> roots.put(id, reason));
    return roots;
  }

  /**
   * The caller and the organization's kind ({@link OrganizationClient#profile()}), retrying
   * retryable failures; for {@code rootctl check}.
   *
   * @throws io.rootctl.cloud.CloudException when it cannot be read
   */
  public io.rootctl.cloud.OrganizationProfile profile() {
    return retrier.call(options.maxAttempts(), organization::profile);
  }

  /**
   * The organization tree alone (no root session), retrying retryable failures.
   *
   * @throws io.rootctl.cloud.CloudException when it cannot be read
   */
  public io.rootctl.live.OrganizationTree tree() {
    return retrier.call(options.maxAttempts(), organization::describeOrganization);
  }

  /**
   * The policies of {@code type} ({@link OrganizationClient#listPolicies}), retrying retryable
   * failures; for the preflight.
   *
   * @throws io.rootctl.cloud.CloudException when they cannot be read
   */
  public java.util.List<io.rootctl.cloud.PolicySummary> policies(String type) {
    return retrier.call(options.maxAttempts(), () -> organization.listPolicies(type));
  }

  /**
   * One policy with its content ({@link OrganizationClient#describePolicy}), retrying retryable
   * failures; for the preflight.
   *
   * @throws io.rootctl.cloud.CloudException when it cannot be read
   */
  public io.rootctl.cloud.PolicyDocument policy(String policyId) {
    return retrier.call(options.maxAttempts(), () -> organization.describePolicy(policyId));
  }

  /**
   * Where {@code policyId} is attached ({@link OrganizationClient#targetsForPolicy}), retrying
   * retryable failures; for the preflight.
   *
   * @throws io.rootctl.cloud.CloudException when they cannot be read
   */
  public java.util.List<io.rootctl.cloud.PolicyTarget> targetsForPolicy(String policyId) {
    return retrier.call(options.maxAttempts(), () -> organization.targetsForPolicy(policyId));
  }

  /**
   * Whether trusted access for {@code iam.amazonaws.com} is on, retrying retryable failures.
   *
   * @throws io.rootctl.cloud.CloudException when it cannot be read
   */
  public boolean iamTrustedAccess() {
    return retrier.call(
        options.maxAttempts(),
        () -> organization.trustedAccessEnabled(OrganizationClient.IAM_SERVICE_PRINCIPAL));
  }

  /**
   * The root features enabled now (iam:ListOrganizationsFeatures), retrying retryable failures.
   *
   * @throws io.rootctl.cloud.CloudException when they cannot be read (NOT_ENABLED when trusted
   *     access for IAM is off)
   */
  public Set<OrgFeature> rootFeatures() {
    return retrier.call(options.maxAttempts(), organization::enabledRootFeatures);
  }

  private Set<OrgFeature> enabledFeatures() {
    try {
      return retrier.call(options.maxAttempts(), organization::enabledRootFeatures);
    } catch (TerminalCloudException e) {
      if (e.kind() == TerminalCloudException.Kind.NOT_ENABLED) {
        // ServiceAccessNotEnabled right after trusted access was read as on: nothing is enabled.
        return EnumSet.noneOf(OrgFeature.class);
      }
      throw e;
    }
  }

  /**
   * Reads the given accounts concurrently (for the stale-plan check and subsets). The result has
   * one entry per distinct account, in id order.
   */
  public Map<AccountId, RootObservation> readAccounts(Collection<AccountId> accounts) {
    var ids = new TreeSet<>(accounts);
    var permits = new Semaphore(options.parallelism());
    var futures = new LinkedHashMap<AccountId, Future<RootObservation>>();
    var results = new LinkedHashMap<AccountId, RootObservation>();
    try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (var id : ids) {
        futures.put(
            id,
            threads.submit(
                () -> {
                  permits.acquire();
                  try {
                    return readAccount(id);
                  } finally {
                    permits.release();
                  }
                }));
      }
      for (var entry : futures.entrySet()) {
        results.put(entry.getKey(), await(entry.getValue(), threads));
      }
    }
    return results;
  }

  private static RootObservation await(
      Future<RootObservation> future, java.util.concurrent.ExecutorService threads) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      threads.shutdownNow();
      throw new CancellationException("reading the live state was interrupted");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof InterruptedException) {
        return new ObservationFailed("interrupted before the account was read", true);
      }
      if (e.getCause() instanceof RuntimeException bug) {
        throw bug;
      }
      throw new IllegalStateException("reading an account failed unexpectedly", e.getCause());
    }
  }

  /**
   * Reads one account's root user in a fresh audit session, retrying retryable failures and session
   * expiry. Never throws a {@link io.rootctl.cloud.CloudException}.
   */
  public RootObservation readAccount(AccountId account) {
    try {
      return retrier.call(options.maxAttempts(), () -> readOnce(account));
    } catch (RetryableCloudException e) {
      return new ObservationFailed(e.getMessage(), true);
    } catch (TerminalCloudException e) {
      return new ObservationFailed(e.getMessage(), false);
    }
  }

  private RootCredentials readOnce(AccountId account) {
    try (var session =
        sessions.open(account, TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS, options.sessionDuration())) {
      return session.readRootCredentials();
    } catch (TerminalCloudException e) {
      if (e.kind() == TerminalCloudException.Kind.SESSION_EXPIRED) {
        // The session ran out mid-read; a fresh one will do.
        throw new RetryableCloudException(
            e.operation(), e.account(), e.errorCode(), e.requestId(), "session expired", e);
      }
      throw e;
    }
  }

  @Override
  public String toString() {
    return "LiveStateReader[parallelism=" + options.parallelism() + "]";
  }
}
