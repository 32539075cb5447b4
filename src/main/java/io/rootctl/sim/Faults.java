package io.rootctl.sim;

import io.rootctl.cloud.Sleeper;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Decides, before a call is answered, whether it is delayed, throttled or failed: injected latency,
 * token buckets (Organizations per-API limits, an AssumeRoot rate, an IAM rate per account), a
 * seeded random 5xx ratio, and one-shot failures queued by tests. Thread-safe.
 */
final class Faults {
  /**
   * (rate, burst) per calling account, then per organization (0, 0: none published), as AWS
   * publishes them in the throttling table of <a
   * href="https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html#throttling-limits">Quotas
   * and service limits for AWS Organizations</a>. A call must find a token in both buckets. An
   * Organizations API this table does not list (the policy APIs: ListPolicies,
   * ListPoliciesForTarget, ListTargetsForPolicy, DescribePolicy, CreatePolicy, AttachPolicy,
   * DetachPolicy, ...) has one bucket per API per calling account at {@link
   * FaultSettings#organizationsUnlistedRate()} and {@link
   * FaultSettings#organizationsUnlistedBurst()}: AWS publishes no figure for those, so 1/s burst 2
   * (DescribeOrganization's, the lowest published rate, and rootctl's own default for them) is the
   * emulator's stated assumption.
   */
  private static final Map<String, double[]> ORGANIZATIONS_LIMITS =
      Map.ofEntries(
          Map.entry("DescribeOrganization", new double[] {1, 2, 0, 0}),
          Map.entry("ListRoots", new double[] {1, 2, 1, 3}),
          Map.entry("ListAccounts", new double[] {8, 12, 9, 15}),
          Map.entry("ListChildren", new double[] {6, 10, 7, 12}),
          Map.entry("ListParents", new double[] {5, 8, 6, 10}),
          Map.entry("ListAccountsForParent", new double[] {5, 8, 6, 10}),
          Map.entry("ListOrganizationalUnitsForParent", new double[] {5, 8, 6, 10}),
          Map.entry("DescribeAccount", new double[] {20, 30, 24, 36}),
          Map.entry("DescribeOrganizationalUnit", new double[] {2, 2, 2, 3}),
          Map.entry("ListTagsForResource", new double[] {10, 15, 12, 18}),
          Map.entry("EnableAWSServiceAccess", new double[] {1, 2, 0, 0}),
          Map.entry("DisableAWSServiceAccess", new double[] {1, 2, 0, 0}),
          Map.entry("ListAWSServiceAccessForOrganization", new double[] {1, 3, 1, 4}),
          Map.entry("ListDelegatedServicesForAccount", new double[] {1, 3, 1, 4}),
          Map.entry("ListDelegatedAdministrators", new double[] {5, 8, 6, 10}),
          Map.entry("RegisterDelegatedAdministrator", new double[] {1, 2, 0, 0}),
          Map.entry("DeregisterDelegatedAdministrator", new double[] {1, 2, 0, 0}));

  private final Clock clock;
  private final Sleeper sleeper;
  private final Map<String, TokenBucket> buckets = new HashMap<>();
  private final Map<String, ArrayDeque<SimException>> queued = new HashMap<>();
  private final Map<String, SimException> standing = new HashMap<>();
  private final Map<String, Integer> commitThenFail = new HashMap<>();
  private FaultSettings settings;
  private SplittableRandom random;

  Faults(FaultSettings settings, Clock clock, Sleeper sleeper) {
    this.clock = clock;
    this.sleeper = sleeper;
    apply(settings);
  }

  synchronized void apply(FaultSettings newSettings) {
    this.settings = newSettings;
    this.random = new SplittableRandom(newSettings.seed());
    buckets.clear();
  }

  synchronized FaultSettings settings() {
    return settings;
  }

  /** Makes the next {@code times} calls of {@code operation} fail with {@code error}. */
  synchronized void failNext(String operation, int times, SimException error) {
    var queue = queued.computeIfAbsent(operation, k -> new ArrayDeque<>());
    for (int i = 0; i < times; i++) {
      queue.addLast(error);
    }
  }

  /** Makes every call of {@code operation} about {@code account} fail with {@code error}. */
  synchronized void failAlways(String operation, String account, SimException error) {
    standing.put(operation + " " + account, error);
  }

  /** Lifts {@link #failAlways} for {@code operation} about {@code account}. */
  synchronized void stopFailing(String operation, String account) {
    standing.remove(operation + " " + account);
  }

  /**
   * Makes the next {@code times} calls of {@code operation} take effect and then answer a 5xx (see
   * {@link #afterCommit}).
   */
  synchronized void commitThenFailNext(String operation, int times) {
    commitThenFail.merge(operation, times, Integer::sum);
  }

  synchronized void clearQueued() {
    queued.clear();
    standing.clear();
    commitThenFail.clear();
  }

  /**
   * Called after {@code operation} took effect: throws the 5xx its answer is replaced with when a
   * commit-then-fail fault is queued for it ({@link #commitThenFailNext}), or, for a write (any
   * operation but {@code Get*}, {@code List*} and {@code Describe*}), with the probability {@link
   * FaultSettings#commitThenFailRate()}. The change stays made: this is AWS committing a write and
   * the answer getting lost, which the SDK retries as it does every 5xx (<a
   * href="https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html">Retry
   * behavior</a>); a retried IAM delete then answers NoSuchEntity (<a
   * href="https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteAccessKey.html">DeleteAccessKey</a>),
   * and AWS asks callers to make retried writes safe (<a
   * href="https://docs.aws.amazon.com/AWSEC2/latest/APIReference/Run_Instance_Idempotency.html">Ensuring
   * idempotency</a>).
   */
  synchronized void afterCommit(String operation) {
    var service = operation.substring(0, operation.indexOf(':'));
    var name = operation.substring(operation.indexOf(':') + 1);
    var left = commitThenFail.getOrDefault(operation, 0);
    if (left > 0) {
      if (left == 1) {
        commitThenFail.remove(operation);
      } else {
        commitThenFail.put(operation, left - 1);
      }
      throw serverError(service);
    }
    var write = !name.startsWith("Get") && !name.startsWith("List") && !name.startsWith("Describe");
    if (write
        && settings.commitThenFailRate() > 0
        && random.nextDouble() < settings.commitThenFailRate()) {
      throw serverError(service);
    }
  }

  /**
   * Admits one call of {@code operation} ({@code service:Operation}) by {@code callerAccount} about
   * {@code targetAccount}, or throws the fault it meets. Sleeps the injected latency first.
   */
  void admit(String operation, String callerAccount, String targetAccount)
      throws InterruptedException {
    FaultSettings current;
    synchronized (this) {
      current = settings;
    }
    if (!current.latency().isZero()) {
      sleeper.sleep(current.latency());
    }
    synchronized (this) {
      var queue = queued.get(operation);
      if (queue != null && !queue.isEmpty()) {
        throw queue.removeFirst();
      }
      var always = standing.get(operation + " " + targetAccount);
      if (always != null) {
        throw always;
      }
      var service = operation.substring(0, operation.indexOf(':'));
      var name = operation.substring(operation.indexOf(':') + 1);
      if (!allowed(service, name, callerAccount, targetAccount)) {
        throw throttled(service);
      }
      if (current.throttleRate() > 0 && random.nextDouble() < current.throttleRate()) {
        throw throttled(service);
      }
      if (current.faultRate() > 0 && random.nextDouble() < current.faultRate()) {
        throw serverError(service);
      }
    }
  }

  private boolean allowed(String service, String name, String caller, String target) {
    return switch (service) {
      case "organizations" -> {
        var limit = ORGANIZATIONS_LIMITS.get(name);
        if (!settings.organizationsLimits()) {
          yield true;
        }
        if (limit == null) {
          // Not in AWS's table: the emulator's assumed bucket, per API per caller (see
          // FaultSettings#organizationsUnlistedRate).
          yield settings.organizationsUnlistedRate() == 0
              || bucket(
                      "organizations:" + name + ":" + caller,
                      settings.organizationsUnlistedRate(),
                      settings.organizationsUnlistedBurst())
                  .tryAcquire();
        }
        // The emulator serves one organization, so its bucket is one per API.
        yield bucket("organizations:" + name + ":" + caller, limit[0], limit[1]).tryAcquire()
            && (limit[2] == 0
                || bucket("organizations:" + name + ":organization", limit[2], limit[3])
                    .tryAcquire());
      }
      case "sts" ->
          !name.equals("AssumeRoot")
              || settings.stsAssumeRootRate().isEmpty()
              || bucket("sts:" + caller, settings.stsAssumeRootRate().getAsDouble()).tryAcquire();
      case "iam" ->
          settings.iamRatePerAccount().isEmpty()
              || bucket("iam:" + target, settings.iamRatePerAccount().getAsDouble()).tryAcquire();
      default -> true;
    };
  }

  private TokenBucket bucket(String key, double rate) {
    return bucket(key, rate, Math.max(1, rate));
  }

  private TokenBucket bucket(String key, double rate, double burst) {
    return buckets.computeIfAbsent(key, k -> new TokenBucket(rate, burst, clock));
  }

  /**
   * The throttling answer of {@code service}: Organizations {@code TooManyRequestsException}, HTTP
   * 400 (as each Organizations API page lists it, e.g. <a
   * href="https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListAccountsForParent.html">ListAccountsForParent</a>);
   * IAM and STS {@code Throttling}, HTTP 400, "Rate exceeded" (<a
   * href="https://repost.aws/knowledge-center/iam-sts-throttling-error">IAM and STS throttling
   * errors</a>; STS's model lists no throttling shape for AssumeRoot, so the common error).
   */
  static SimException throttled(String service) {
    return service.equals("organizations")
        ? new SimException(
            "TooManyRequestsException",
            400,
            "AWS Organizations can't complete your request because another request is already in"
                + " progress or the rate of requests is too high. Try again later.")
        : new SimException("Throttling", 400, "Rate exceeded");
  }

  static SimException serverError(String service) {
    return switch (service) {
      case "organizations" ->
          new SimException(
              "ServiceException",
              500,
              "AWS Organizations can't complete your request because of an internal service"
                  + " error. Try again later.");
      case "iam" ->
          new SimException(
              "ServiceFailure",
              500,
              "The request processing has failed because of an unknown error, exception or"
                  + " failure.");
      default ->
          new SimException(
              "InternalFailure",
              500,
              "The request processing has failed because of an unknown error, exception or"
                  + " failure.");
    };
  }
}
