package io.rootctl.cloud;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The client-side rate limits rootctl holds itself to, one per AWS API it calls, by key: {@code
 * sts} (sts:AssumeRoot), {@code iam} (IAM calls, per member account: each root session acts in its
 * own account's IAM quota) and {@code organizations.<Operation>} (one per Organizations API). A
 * value; {@link #parse} reads the {@code --rate} syntax.
 *
 * <p>Defaults, and why:
 *
 * <ul>
 *   <li>Organizations: each API at the rate and burst AWS publishes per calling account (the lower
 *       of the per-account and per-organization buckets), from the throttling table of <a
 *       href="https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html#throttling-limits">Quotas
 *       and service limits for AWS Organizations</a>: ListAccounts 8/s (burst 12), ListChildren 6
 *       (10), ListParents, ListAccountsForParent, ListOrganizationalUnitsForParent and
 *       ListDelegatedAdministrators 5 (8), DescribeAccount 20 (30), DescribeOrganizationalUnit 2
 *       (2), ListTagsForResource 10 (15), ListRoots and DescribeOrganization 1 (2),
 *       ListAWSServiceAccessForOrganization and ListDelegatedServicesForAccount 1 (3),
 *       EnableAWSServiceAccess, DisableAWSServiceAccess, RegisterDelegatedAdministrator and
 *       DeregisterDelegatedAdministrator 1 (2). An Organizations API the table does not list gets
 *       {@link #ORGANIZATIONS_OTHER}, 1/s (burst 2), the table's lowest. The SCP preflight's
 *       ListPolicies, DescribePolicy and ListTargetsForPolicy are such APIs: the table lists none
 *       of them, so each runs at 1/s; the preflight reads policy first (a few calls per policy,
 *       none per OU or account) beside the tree walk, so it rarely adds time; raise it with {@code
 *       --rate organizations.other=N} where the organization's own quota allows.
 *   <li>STS: 300 AssumeRoot calls per second (burst 300). AWS's STS quota is 600 requests per
 *       second per account per Region (<a
 *       href="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-sts">IAM
 *       and AWS STS quotas</a>), and it is shared by every caller in the management account
 *       (pipelines, SSO tooling, other controllers calling AssumeRole or GetCallerIdentity); AWS
 *       publishes no separate AssumeRoot rate. Half of it leaves the other half to everything else,
 *       and still audits 10,000 accounts in about 33 seconds, less than the Organizations walk of
 *       the same organization takes, so it does not set the pace. Raise it with {@code --rate
 *       sts=600} when nothing else in the account calls STS.
 *   <li>IAM: 20 calls per second (burst 30) per member account. AWS publishes no IAM request rates
 *       (<a href="https://repost.aws/knowledge-center/iam-sts-throttling-error">IAM and STS
 *       throttling</a>); each account is read with about four calls, so this never sets the pace.
 * </ul>
 *
 * @param limits rate and burst per key; every key of {@link #keys()} is present
 */
public record RateLimits(Map<String, Limit> limits) {

  /** The key for sts:AssumeRoot. */
  public static final String STS = "sts";

  /** The key for IAM (per member account, and the management account's own IAM calls). */
  public static final String IAM = "iam";

  /** The prefix of the Organizations keys; {@code organizations=R} sets every one of them. */
  public static final String ORGANIZATIONS = "organizations";

  /** The key for an Organizations API that has no limit of its own. */
  public static final String ORGANIZATIONS_OTHER = "organizations.other";

  /**
   * One limit.
   *
   * @param perSecond requests per second on average, positive and finite
   * @param burst requests that may go at once after a quiet spell, at least 1
   */
  public record Limit(double perSecond, int burst) {
    public Limit {
      if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
        throw new IllegalArgumentException("a rate must be a positive number: " + perSecond);
      }
      if (burst < 1) {
        throw new IllegalArgumentException("a burst must be at least 1: " + burst);
      }
    }

    /** The same burst-to-rate proportion at another rate (at least 1). */
    Limit at(double newPerSecond) {
      return new Limit(
          newPerSecond, (int) Math.max(1, Math.round(newPerSecond * burst / perSecond)));
    }
  }

  private static final Map<String, Limit> DEFAULTS = defaultsTable();

  private static Map<String, Limit> defaultsTable() {
    var t = new LinkedHashMap<String, Limit>();
    t.put(STS, new Limit(300, 300));
    t.put(IAM, new Limit(20, 30));
    organizations(t, 8, 12, "ListAccounts");
    organizations(t, 6, 10, "ListChildren");
    organizations(
        t,
        5,
        8,
        "ListParents",
        "ListAccountsForParent",
        "ListOrganizationalUnitsForParent",
        "ListDelegatedAdministrators");
    organizations(t, 20, 30, "DescribeAccount");
    organizations(t, 2, 2, "DescribeOrganizationalUnit");
    organizations(t, 10, 15, "ListTagsForResource");
    organizations(t, 1, 2, "ListRoots", "DescribeOrganization");
    organizations(
        t, 1, 3, "ListAWSServiceAccessForOrganization", "ListDelegatedServicesForAccount");
    organizations(
        t,
        1,
        2,
        "EnableAWSServiceAccess",
        "DisableAWSServiceAccess",
        "RegisterDelegatedAdministrator",
        "DeregisterDelegatedAdministrator");
    t.put(ORGANIZATIONS_OTHER, new Limit(1, 2));
    return Map.copyOf(t);
  }

  private static void organizations(
      Map<String, Limit> table, double perSecond, int burst, String... operations) {
    for (var operation : operations) {
      table.put(ORGANIZATIONS + "." + operation, new Limit(perSecond, burst));
    }
  }

  public RateLimits {
    limits = Map.copyOf(limits);
    if (!limits.keySet().equals(DEFAULTS.keySet())) {
      throw new IllegalArgumentException("rate limits need exactly the keys " + keys());
    }
  }

  /** AWS's published figures for Organizations, STS at 300/s, IAM at 20/s per account. */
  public static RateLimits defaults() {
    return new RateLimits(DEFAULTS);
  }

  /** Every key, sorted: {@code iam}, {@code organizations.*}, {@code sts}. */
  public static List<String> keys() {
    return List.copyOf(new TreeMap<>(DEFAULTS).keySet());
  }

  /** The limit for {@code key} (one of {@link #keys()}). */
  public Limit limit(String key) {
    var limit = limits.get(key);
    if (limit == null) {
      throw new IllegalArgumentException("no rate limit named " + key);
    }
    return limit;
  }

  /** The limit for one Organizations API, e.g. {@code ListAccounts}. */
  public Limit organizations(String operation) {
    return Optional.ofNullable(limits.get(ORGANIZATIONS + "." + operation))
        .orElseGet(() -> limit(ORGANIZATIONS_OTHER));
  }

  /**
   * These limits with {@code key} at {@code perSecond}, its burst scaled in proportion. {@code
   * organizations} sets every Organizations API.
   */
  public RateLimits with(String key, double perSecond) {
    var next = new LinkedHashMap<>(limits);
    if (key.equals(ORGANIZATIONS)) {
      for (var entry : limits.entrySet()) {
        if (entry.getKey().startsWith(ORGANIZATIONS + ".")) {
          next.put(entry.getKey(), entry.getValue().at(perSecond));
        }
      }
    } else {
      next.put(key, limit(key).at(perSecond));
    }
    return new RateLimits(next);
  }

  /**
   * Applies {@code --rate} settings to these limits: a comma-separated list of {@code KEY=RATE},
   * e.g. {@code sts=300,organizations.ListAccounts=8,iam=20}, where KEY is one of {@link #keys()}
   * or {@code organizations} (every Organizations API) and RATE is requests per second (a positive
   * number; the burst keeps its proportion to the rate). Later settings win.
   *
   * @throws IllegalArgumentException naming the key (or the piece) that is not right
   */
  public RateLimits parse(String settings) {
    var result = this;
    if (settings.isBlank()) {
      throw new IllegalArgumentException(
          "expected KEY=RATE[,KEY=RATE...], e.g. sts=300,organizations.ListAccounts=8");
    }
    for (var piece : settings.split(",", -1)) {
      var item = piece.strip();
      var eq = item.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "'" + item + "' is not KEY=RATE, e.g. sts=300 or organizations.ListAccounts=8");
      }
      var key = item.substring(0, eq).strip();
      var value = item.substring(eq + 1).strip();
      if (!key.equals(ORGANIZATIONS) && !limits.containsKey(key)) {
        throw new IllegalArgumentException(
            "unknown rate key '"
                + key
                + "'; known: "
                + ORGANIZATIONS
                + ", "
                + String.join(", ", keys()));
      }
      var perSecond =
          value.matches("[0-9]{1,9}(\\.[0-9]{1,9})?") ? Double.parseDouble(value) : Double.NaN;
      if (!(perSecond > 0)) {
        throw new IllegalArgumentException(
            "rate key '"
                + key
                + "' needs a positive number of requests per second, not '"
                + value
                + "'");
      }
      result = result.with(key, perSecond);
    }
    return result;
  }
}
