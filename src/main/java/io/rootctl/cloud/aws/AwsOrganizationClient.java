package io.rootctl.cloud.aws;

import io.rootctl.cloud.OrganizationClient;
import io.rootctl.cloud.OrganizationProfile;
import io.rootctl.cloud.PolicyDocument;
import io.rootctl.cloud.PolicySummary;
import io.rootctl.cloud.PolicyTarget;
import io.rootctl.cloud.TerminalCloudException;
import io.rootctl.live.AccountState;
import io.rootctl.live.MemberAccount;
import io.rootctl.live.OrganizationTree;
import io.rootctl.live.OrganizationalUnit;
import io.rootctl.model.AccountId;
import io.rootctl.model.OrgFeature;
import io.rootctl.model.OuId;
import io.rootctl.model.OuPath;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.DisableOrganizationsRootCredentialsManagementRequest;
import software.amazon.awssdk.services.iam.model.DisableOrganizationsRootSessionsRequest;
import software.amazon.awssdk.services.iam.model.EnableOrganizationsRootCredentialsManagementRequest;
import software.amazon.awssdk.services.iam.model.EnableOrganizationsRootSessionsRequest;
import software.amazon.awssdk.services.iam.model.ListOrganizationsFeaturesRequest;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.Account;
import software.amazon.awssdk.services.organizations.model.Child;
import software.amazon.awssdk.services.organizations.model.ChildType;
import software.amazon.awssdk.services.organizations.model.DescribeAccountRequest;
import software.amazon.awssdk.services.organizations.model.DescribeOrganizationRequest;
import software.amazon.awssdk.services.organizations.model.DescribePolicyRequest;
import software.amazon.awssdk.services.organizations.model.EnableAwsServiceAccessRequest;
import software.amazon.awssdk.services.organizations.model.ListAccountsForParentRequest;
import software.amazon.awssdk.services.organizations.model.ListAccountsRequest;
import software.amazon.awssdk.services.organizations.model.ListAwsServiceAccessForOrganizationRequest;
import software.amazon.awssdk.services.organizations.model.ListChildrenRequest;
import software.amazon.awssdk.services.organizations.model.ListDelegatedAdministratorsRequest;
import software.amazon.awssdk.services.organizations.model.ListOrganizationalUnitsForParentRequest;
import software.amazon.awssdk.services.organizations.model.ListPoliciesRequest;
import software.amazon.awssdk.services.organizations.model.ListRootsRequest;
import software.amazon.awssdk.services.organizations.model.ListTargetsForPolicyRequest;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityRequest;

/**
 * {@link OrganizationClient} over AWS Organizations and IAM.
 *
 * <p>The tree walk goes from the root down: per parent (root or OU) one
 * ListOrganizationalUnitsForParent listing and one listing of its accounts, each paged with
 * MaxResults 20 until NextToken is absent (pages may be empty and still carry a token). The
 * accounts of a parent are listed with whichever of two APIs the {@link AccountListingChoice} picks
 * (by default the one whose client-side limiter would admit a call sooner): ListAccountsForParent
 * (5/s; each account's Id, Name, Email, State) or ListChildren with ChildType {@code ACCOUNT} (6/s;
 * {@code Children[{Id, Type}]} only), so the account listings go at about 11/s together. Beside the
 * listings, one ListAccounts scan of the whole organization (8/s, its own limiter, one page at a
 * time) gives the details of the accounts ListChildren names: such an account is placed once both
 * its parent and its details are known. An account ListChildren names that the scan never returned
 * (created during the walk) is read with DescribeAccount (20/s), never dropped or guessed. An
 * account the scan returns that no listing placed (moved or created during the walk) is not in the
 * tree: the tree holds exactly what the per-parent listings show, as a walk on
 * ListAccountsForParent alone would. The scan stops early once every listing has ended and no
 * account awaits its details. Rates per <a
 * href="https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html#throttling-limits">Organizations
 * throttling limits</a>; see <a
 * href="https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListChildren.html">ListChildren</a>,
 * <a
 * href="https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListAccounts.html">ListAccounts</a>
 * and <a
 * href="https://docs.aws.amazon.com/organizations/latest/APIReference/API_DescribeAccount.html">DescribeAccount</a>.
 *
 * <p>For an organization of P parents and N accounts that is 2 + 2P + about N/20 listing calls plus
 * at most N/20 ListAccounts pages, fewer than ListAccounts plus one ListParents per account (N/20 +
 * N) whenever N exceeds 2P, i.e. always in practice. (ListAccounts alone would do, in N/20 calls at
 * its 8/s, where the API returns each account's {@code Paths}; the AWS SDK for Java 2.40.2 that
 * rootctl uses does not model that field.) The listings run concurrently, at most {@code
 * walkParallelism} at once, each API under its own client-side limiter, so the walk takes about
 * max(P / 5, pages of accounts / 11, N / 20 / 8) seconds. Each account is handed to {@link
 * AccountPlaced} exactly once, as soon as it is placed. Account state comes from {@code State}, not
 * the retiring {@code Status}. A failed call of any of these APIs ends the walk with its {@link
 * TerminalCloudException} or {@link io.rootctl.cloud.RetryableCloudException}, naming the
 * operation.
 */
final class AwsOrganizationClient implements OrganizationClient {
  private static final int PAGE_SIZE = 20;

  /**
   * Listings of the walk in flight at once by default: enough to keep
   * ListOrganizationalUnitsForParent and ListAccountsForParent each at their own rate at 100 ms per
   * call, few enough to be gentle.
   */
  static final int WALK_PARALLELISM = 16;

  private final OrganizationsClient organizations;
  private final IamClient iam;
  private final StsClient sts;
  private final int walkParallelism;
  private final AccountListingChoice accountListing;

  /** Which API lists one parent's accounts in the tree walk. */
  enum AccountListing {
    /** ListAccountsForParent: each account with its name, email and state. */
    FOR_PARENT,
    /**
     * ListChildren with ChildType {@code ACCOUNT}: ids only, the details from the walk's
     * ListAccounts scan (or DescribeAccount).
     */
    CHILDREN
  }

  /** Picks the API for each parent's account listing, as the listing starts. Thread-safe. */
  @FunctionalInterface
  interface AccountListingChoice {
    AccountListing next();

    /** Always {@code listing}: e.g. {@link AccountListing#FOR_PARENT} for the one-API walk. */
    static AccountListingChoice always(AccountListing listing) {
      return () -> listing;
    }

    /**
     * The API whose limiter would admit a call sooner ({@link RateLimiter#due()}); in turn when
     * both would admit one at once. So the listings spread over both APIs in proportion to their
     * rates (ListAccountsForParent 5/s, ListChildren 6/s by default).
     */
    static AccountListingChoice soonerOf(RateLimiter forParent, RateLimiter children) {
      var turn = new AtomicLong();
      return () -> {
        var order = forParent.due().compareTo(children.due());
        if (order == 0) {
          return turn.getAndIncrement() % 2 == 0
              ? AccountListing.FOR_PARENT
              : AccountListing.CHILDREN;
        }
        return order < 0 ? AccountListing.FOR_PARENT : AccountListing.CHILDREN;
      };
    }
  }

  /**
   * @param sts the regional STS client (the one AssumeRoot uses), for {@link #profile()}
   * @param walkParallelism listings of the tree walk in flight at once; 1 walks one listing at a
   *     time (the ListAccounts scan runs beside them, one page at a time)
   * @param accountListing which API lists each parent's accounts
   */
  AwsOrganizationClient(
      OrganizationsClient organizations,
      IamClient iam,
      StsClient sts,
      int walkParallelism,
      AccountListingChoice accountListing) {
    if (walkParallelism < 1) {
      throw new IllegalArgumentException("walk parallelism must be at least 1: " + walkParallelism);
    }
    this.organizations = organizations;
    this.iam = iam;
    this.sts = sts;
    this.walkParallelism = walkParallelism;
    this.accountListing = accountListing;
  }

  /**
   * DescribeOrganization, then {@code sts:GetCallerIdentity} on the regional endpoint, then
   * ListDelegatedAdministrators for {@code iam.amazonaws.com} (all pages). See <a
   * href="https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListDelegatedAdministrators.html">ListDelegatedAdministrators</a>
   * (Organizations API 2016-11-28) and <a
   * href="https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html">GetCallerIdentity</a>
   * (STS API 2011-06-15).
   */
  @Override
  public OrganizationProfile profile() {
    var organization =
        call(
            "organizations:DescribeOrganization",
            () ->
                organizations
                    .describeOrganization(DescribeOrganizationRequest.builder().build())
                    .organization());
    var caller =
        call(
            "sts:GetCallerIdentity",
            () -> sts.getCallerIdentity(GetCallerIdentityRequest.builder().build()).account());
    var admins =
        pages(
            "organizations:ListDelegatedAdministrators",
            token ->
                organizations.listDelegatedAdministrators(
                    ListDelegatedAdministratorsRequest.builder()
                        .servicePrincipal(IAM_SERVICE_PRINCIPAL)
                        .maxResults(PAGE_SIZE)
                        .nextToken(token)
                        .build()),
            r -> r.delegatedAdministrators(),
            r -> r.nextToken());
    return new OrganizationProfile(
        organization.featureSetAsString(),
        AccountId.of(organization.masterAccountId()),
        AccountId.of(caller),
        admins.stream().map(a -> AccountId.of(a.id())).toList());
  }

  /**
   * ListPolicies with Filter {@code type} (MaxResults 20, every page). See <a
   * href="https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListPolicies.html">ListPolicies</a>
   * (Organizations API 2016-11-28).
   */
  @Override
  public List<PolicySummary> listPolicies(String type) {
    return pages(
            "organizations:ListPolicies",
            token ->
                organizations.listPolicies(
                    ListPoliciesRequest.builder()
                        .filter(type)
                        .maxResults(PAGE_SIZE)
                        .nextToken(token)
                        .build()),
            r -> r.policies(),
            r -> r.nextToken())
        .stream()
        .map(
            p ->
                new PolicySummary(
                    p.id(), p.name(), p.typeAsString(), Boolean.TRUE.equals(p.awsManaged())))
        .toList();
  }

  /**
   * DescribePolicy. See <a
   * href="https://docs.aws.amazon.com/organizations/latest/APIReference/API_DescribePolicy.html">DescribePolicy</a>.
   */
  @Override
  public PolicyDocument describePolicy(String policyId) {
    var policy =
        call(
            "organizations:DescribePolicy",
            () ->
                organizations
                    .describePolicy(DescribePolicyRequest.builder().policyId(policyId).build())
                    .policy());
    var detail = policy.policySummary();
    return new PolicyDocument(detail.id(), detail.name(), detail.typeAsString(), policy.content());
  }

  /**
   * ListTargetsForPolicy (MaxResults 20, every page). See <a
   * href="https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListTargetsForPolicy.html">ListTargetsForPolicy</a>.
   */
  @Override
  public List<PolicyTarget> targetsForPolicy(String policyId) {
    return pages(
            "organizations:ListTargetsForPolicy",
            token ->
                organizations.listTargetsForPolicy(
                    ListTargetsForPolicyRequest.builder()
                        .policyId(policyId)
                        .maxResults(PAGE_SIZE)
                        .nextToken(token)
                        .build()),
            r -> r.targets(),
            r -> r.nextToken())
        .stream()
        .map(t -> new PolicyTarget(t.targetId(), t.typeAsString(), t.name()))
        .toList();
  }

  @Override
  public OrganizationTree describeOrganization() {
    return describeOrganization((management, account) -> {});
  }

  @Override
  public OrganizationTree describeOrganization(AccountPlaced placed) {
    var organization =
        call(
            "organizations:DescribeOrganization",
            () ->
                organizations
                    .describeOrganization(DescribeOrganizationRequest.builder().build())
                    .organization());
    var roots =
        pages(
            "organizations:ListRoots",
            token ->
                organizations.listRoots(
                    ListRootsRequest.builder().maxResults(PAGE_SIZE).nextToken(token).build()),
            r -> r.roots(),
            r -> r.nextToken(),
            page -> {});
    if (roots.isEmpty()) {
      throw new TerminalCloudException(
          TerminalCloudException.Kind.UNKNOWN,
          "organizations:ListRoots",
          Optional.empty(),
          "NoRoot",
          "",
          "the organization has no root",
          null);
    }
    var root = roots.get(0);
    var management = AccountId.of(organization.masterAccountId());
    var walk = new Walk(management, placed);
    walk.run(new Parent(root.id(), OuPath.root(root.name())));
    return new OrganizationTree(
        organization.id(),
        management,
        root.id(),
        root.name(),
        List.copyOf(walk.units),
        List.copyOf(walk.accounts));
  }

  /**
   * The concurrent walk: per parent one task listing its OUs (each OU found starts its own parent's
   * tasks) and one listing its accounts with the API {@link #accountListing} picks, at most {@link
   * #walkParallelism} at once on virtual threads, beside one ListAccounts scan of the whole
   * organization (one call at a time, outside that count); each API waits for its own limiter. An
   * account ListChildren names is placed once the scan (or, when the scan ended without it,
   * DescribeAccount) gives its details. The first failure cancels the rest and is thrown.
   */
  private final class Walk {
    private final AccountId management;
    private final AccountPlaced placed;
    private final Queue<OrganizationalUnit> units = new ConcurrentLinkedQueue<>();
    private final Queue<MemberAccount> accounts = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final CompletableFuture<@Nullable Void> done = new CompletableFuture<>();
    private final Semaphore permits = new Semaphore(walkParallelism);
    private @Nullable ExecutorService threads;

    /** Guards {@link #scanned}, {@link #awaiting}, {@link #scanEnded} and {@link #listings}. */
    private final Object lock = new Object();

    /** Every account the ListAccounts scan has returned so far, by id. */
    private final Map<String, Account> scanned = new HashMap<>();

    /** Accounts ListChildren named that the scan has not returned yet, with their parents. */
    private final Map<String, List<Parent>> awaiting = new LinkedHashMap<>();

    /** The scan returned its last page, or stopped because no listing was left to need it. */
    private boolean scanEnded;

    /** Parent listings (OUs or accounts) submitted and not yet finished. */
    private int listings;

    Walk(AccountId management, AccountPlaced placed) {
      this.management = management;
      this.placed = placed;
    }

    void run(Parent root) {
      try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
        threads = executor;
        // Counted as a listing and as a pending task until the root's listings are submitted: the
        // scan cannot see "no listing left", nor can its end (or any task's) be taken for the end
        // of the walk, before the walk has begun.
        synchronized (lock) {
          listings++;
        }
        pending.incrementAndGet();
        submit(this::scan, false);
        parent(root);
        synchronized (lock) {
          listings--;
        }
        if (pending.decrementAndGet() == 0) {
          done.complete(null);
        }
        try {
          done.get();
        } catch (InterruptedException e) {
          executor.shutdownNow();
          Thread.currentThread().interrupt();
          throw new CancellationException("the organization walk was interrupted");
        } catch (ExecutionException e) {
          executor.shutdownNow();
          if (e.getCause() instanceof RuntimeException failure) {
            throw failure;
          }
          throw new IllegalStateException("the organization walk failed", e.getCause());
        }
      }
    }

    private void parent(Parent parent) {
      listing(
          () -> {
            for (var ou : childUnits(parent.id())) {
              var unit =
                  new OrganizationalUnit(
                      OuId.of(ou.id()), ou.name(), parent.id(), parent.path().child(ou.name()));
              units.add(unit);
              parent(new Parent(ou.id(), unit.path()));
            }
          });
      listing(
          () -> {
            switch (accountListing.next()) {
              case FOR_PARENT ->
                  childAccounts(
                      parent.id(),
                      page -> {
                        for (var account : page) {
                          place(member(account, parent, "organizations:ListAccountsForParent"));
                        }
                      });
              case CHILDREN -> childAccountIds(parent.id(), page -> named(parent, page));
            }
          });
    }

    /** A page of ListChildren: place what the scan already described, wait for the rest. */
    private void named(Parent parent, List<Child> page) {
      var ready = new ArrayList<MemberAccount>();
      var describe = new ArrayList<String>();
      synchronized (lock) {
        for (var child : page) {
          if (child.type() != ChildType.ACCOUNT) {
            throw new TerminalCloudException(
                TerminalCloudException.Kind.UNKNOWN,
                "organizations:ListChildren",
                Optional.of(child.id()),
                "UnexpectedChildType",
                "",
                "ListChildren for accounts returned a child of type " + child.typeAsString(),
                null);
          }
          var known = scanned.get(child.id());
          if (known != null) {
            ready.add(member(known, parent, "organizations:ListAccounts"));
          } else if (scanEnded) {
            describe.add(child.id());
          } else {
            awaiting.computeIfAbsent(child.id(), id -> new ArrayList<>()).add(parent);
          }
        }
      }
      ready.forEach(this::place);
      for (var id : describe) {
        submit(() -> describe(id, List.of(parent)), true);
      }
    }

    /**
     * ListAccounts, every page, each account matched with the parents ListChildren gave it; stops
     * early once every parent listing has finished and no account awaits its details. Accounts
     * still awaiting when it ends are described one by one.
     */
    private void scan() {
      @Nullable String token = null;
      do {
        var currentToken = token;
        var page =
            call(
                "organizations:ListAccounts",
                () ->
                    organizations.listAccounts(
                        ListAccountsRequest.builder()
                            .maxResults(PAGE_SIZE)
                            .nextToken(currentToken)
                            .build()));
        var ready = new ArrayList<MemberAccount>();
        synchronized (lock) {
          for (var account : page.accounts()) {
            scanned.put(account.id(), account);
            var parents = awaiting.remove(account.id());
            if (parents != null) {
              for (var parent : parents) {
                ready.add(member(account, parent, "organizations:ListAccounts"));
              }
            }
          }
          token = page.nextToken();
          if (listings == 0 && awaiting.isEmpty()) {
            token = null; // every listing is done and placed: the rest of the scan is not needed
          }
        }
        ready.forEach(this::place);
      } while (token != null && !token.isEmpty());
      List<Map.Entry<String, List<Parent>>> missed;
      synchronized (lock) {
        scanEnded = true;
        missed = List.copyOf(awaiting.entrySet());
        awaiting.clear();
      }
      for (var entry : missed) {
        submit(() -> describe(entry.getKey(), entry.getValue()), true);
      }
    }

    /** DescribeAccount for an account ListChildren named and the scan never returned. */
    private void describe(String id, List<Parent> parents) {
      var account =
          call(
              "organizations:DescribeAccount",
              () ->
                  organizations
                      .describeAccount(DescribeAccountRequest.builder().accountId(id).build())
                      .account());
      for (var parent : parents) {
        place(member(account, parent, "organizations:DescribeAccount"));
      }
    }

    private MemberAccount member(Account account, Parent parent, String operation) {
      return new MemberAccount(
          AccountId.of(account.id()),
          account.name(),
          account.email(),
          state(account, operation),
          parent.id());
    }

    private void place(MemberAccount member) {
      accounts.add(member);
      placed.placed(management, member);
    }

    /** A listing of one parent: counted until it ends, so the scan knows when it is not needed. */
    private void listing(Runnable task) {
      synchronized (lock) {
        listings++;
      }
      submit(
          () -> {
            try {
              task.run();
            } finally {
              synchronized (lock) {
                listings--;
              }
            }
          },
          true);
    }

    /**
     * Runs {@code task} on its own virtual thread; {@code limited} tasks first take one of the
     * {@link #walkParallelism} permits.
     */
    private void submit(Runnable task, boolean limited) {
      pending.incrementAndGet();
      var executor = java.util.Objects.requireNonNull(threads);
      try {
        executor.execute(
            () -> {
              try {
                if (limited) {
                  permits.acquire();
                }
                try {
                  task.run();
                } finally {
                  if (limited) {
                    permits.release();
                  }
                }
              } catch (InterruptedException e) {
                done.completeExceptionally(
                    new CancellationException("the organization walk was interrupted"));
                return;
              } catch (RuntimeException e) {
                done.completeExceptionally(e);
                return;
              }
              if (pending.decrementAndGet() == 0) {
                done.complete(null);
              }
            });
      } catch (java.util.concurrent.RejectedExecutionException stopped) {
        // The walk already failed and shut the executor down: nothing more to do.
      }
    }
  }

  private record Parent(String id, OuPath path) {}

  private List<software.amazon.awssdk.services.organizations.model.OrganizationalUnit> childUnits(
      String parentId) {
    return pages(
        "organizations:ListOrganizationalUnitsForParent",
        token ->
            organizations.listOrganizationalUnitsForParent(
                ListOrganizationalUnitsForParentRequest.builder()
                    .parentId(parentId)
                    .maxResults(PAGE_SIZE)
                    .nextToken(token)
                    .build()),
        r -> r.organizationalUnits(),
        r -> r.nextToken(),
        page -> {});
  }

  private void childAccounts(String parentId, Consumer<List<Account>> eachPage) {
    pages(
        "organizations:ListAccountsForParent",
        token ->
            organizations.listAccountsForParent(
                ListAccountsForParentRequest.builder()
                    .parentId(parentId)
                    .maxResults(PAGE_SIZE)
                    .nextToken(token)
                    .build()),
        r -> r.accounts(),
        r -> r.nextToken(),
        eachPage);
  }

  private void childAccountIds(String parentId, Consumer<List<Child>> eachPage) {
    pages(
        "organizations:ListChildren",
        token ->
            organizations.listChildren(
                ListChildrenRequest.builder()
                    .parentId(parentId)
                    .childType(ChildType.ACCOUNT)
                    .maxResults(PAGE_SIZE)
                    .nextToken(token)
                    .build()),
        r -> r.children(),
        r -> r.nextToken(),
        eachPage);
  }

  /** The account's {@code State}; {@code operation} returned it (named in the error). */
  private static AccountState state(Account account, String operation) {
    var state = account.stateAsString();
    if (state == null || state.isBlank()) {
      throw new TerminalCloudException(
          TerminalCloudException.Kind.UNKNOWN,
          operation,
          Optional.of(account.id()),
          "MissingState",
          "",
          "Organizations returned the account without a State",
          null);
    }
    try {
      return AccountState.valueOf(state);
    } catch (IllegalArgumentException unknown) {
      // A state AWS added after this release: not ACTIVE, so never a target.
      return AccountState.PENDING_ACTIVATION;
    }
  }

  @Override
  public Set<OrgFeature> enabledRootFeatures() {
    var names =
        call(
            "iam:ListOrganizationsFeatures",
            () ->
                iam.listOrganizationsFeatures(ListOrganizationsFeaturesRequest.builder().build())
                    .enabledFeaturesAsStrings());
    var features = EnumSet.noneOf(OrgFeature.class);
    for (var name : names) {
      for (var feature : OrgFeature.values()) {
        if (feature.awsName().equals(name)) {
          features.add(feature);
        }
      }
    }
    return features;
  }

  @Override
  public boolean trustedAccessEnabled(String servicePrincipal) {
    var enabled =
        pages(
            "organizations:ListAWSServiceAccessForOrganization",
            token ->
                organizations.listAWSServiceAccessForOrganization(
                    ListAwsServiceAccessForOrganizationRequest.builder()
                        .maxResults(PAGE_SIZE)
                        .nextToken(token)
                        .build()),
            r -> r.enabledServicePrincipals(),
            r -> r.nextToken(),
            page -> {});
    return enabled.stream().anyMatch(p -> servicePrincipal.equals(p.servicePrincipal()));
  }

  @Override
  public void enableTrustedAccess(String servicePrincipal) {
    // EnableAWSServiceAccess adds one principal; it never rewrites the organization's list.
    call(
        "organizations:EnableAWSServiceAccess",
        () ->
            organizations.enableAWSServiceAccess(
                EnableAwsServiceAccessRequest.builder()
                    .servicePrincipal(servicePrincipal)
                    .build()));
  }

  @Override
  public void enableRootFeature(OrgFeature feature) {
    switch (feature) {
      case ROOT_CREDENTIALS_MANAGEMENT ->
          call(
              "iam:EnableOrganizationsRootCredentialsManagement",
              () ->
                  iam.enableOrganizationsRootCredentialsManagement(
                      EnableOrganizationsRootCredentialsManagementRequest.builder().build()));
      case ROOT_SESSIONS ->
          call(
              "iam:EnableOrganizationsRootSessions",
              () ->
                  iam.enableOrganizationsRootSessions(
                      EnableOrganizationsRootSessionsRequest.builder().build()));
    }
  }

  @Override
  public void disableRootFeature(OrgFeature feature) {
    switch (feature) {
      case ROOT_CREDENTIALS_MANAGEMENT ->
          call(
              "iam:DisableOrganizationsRootCredentialsManagement",
              () ->
                  iam.disableOrganizationsRootCredentialsManagement(
                      DisableOrganizationsRootCredentialsManagementRequest.builder().build()));
      case ROOT_SESSIONS ->
          call(
              "iam:DisableOrganizationsRootSessions",
              () ->
                  iam.disableOrganizationsRootSessions(
                      DisableOrganizationsRootSessionsRequest.builder().build()));
    }
  }

  private static <T> T call(String operation, Supplier<T> request) {
    try {
      return request.get();
    } catch (SdkException e) {
      throw AwsErrors.map(e, operation);
    }
  }

  /** Every item of every page (see the five-argument form). */
  private static <R, T> List<T> pages(
      String operation,
      Function<@Nullable String, R> fetch,
      Function<R, List<T>> items,
      Function<R, @Nullable String> nextToken) {
    return pages(operation, fetch, items, nextToken, page -> {});
  }

  /**
   * Every item of every page, each page also handed to {@code eachPage} as it arrives.
   * Organizations may return an empty page that still carries a NextToken, so only an absent token
   * ends the walk.
   */
  private static <R, T> List<T> pages(
      String operation,
      Function<@Nullable String, R> fetch,
      Function<R, List<T>> items,
      Function<R, @Nullable String> nextToken,
      Consumer<List<T>> eachPage) {
    var all = new ArrayList<T>();
    @Nullable String token = null;
    do {
      var currentToken = token;
      var page = call(operation, () -> fetch.apply(currentToken));
      var pageItems = items.apply(page);
      all.addAll(pageItems);
      eachPage.accept(pageItems);
      token = nextToken.apply(page);
    } while (token != null && !token.isEmpty());
    return all;
  }

  @Override
  public String toString() {
    return "AwsOrganizationClient";
  }
}
