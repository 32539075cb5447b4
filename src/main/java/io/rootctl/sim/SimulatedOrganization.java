package io.rootctl.sim;

import io.rootctl.cloud.Sleeper;
import io.rootctl.live.AccessKey;
import io.rootctl.live.AccountState;
import io.rootctl.live.LoginProfile;
import io.rootctl.live.MfaDevice;
import io.rootctl.live.RootCredentials;
import io.rootctl.live.SigningCertificate;
import io.rootctl.model.AccountId;
import io.rootctl.model.OrgFeature;
import io.rootctl.model.TaskPolicy;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * An AWS organization with centralized root access, simulated: the organization, its root and OU
 * tree, its accounts and their root users, the IAM root features, trusted access, delegated
 * administrators and the root sessions {@code sts:AssumeRoot} issued. Each public operation method
 * is one AWS API call: it takes the {@link Caller} (whose access key decides who is calling),
 * enforces AWS's rules (task-policy scoping, expiry, prerequisites) and returns plain values or
 * throws a {@link SimException} with AWS's error code and HTTP status. Every call goes through the
 * injected {@link Faults} (latency, throttling, 5xx) and is recorded in the {@link CallJournal}.
 * Time comes from the injected clock. Thread-safe: one lock guards the state, and injected latency
 * is waited out before taking it.
 */
public final class SimulatedOrganization {
  /** The administrator IAM user every {@link AdminCredentials} belongs to. */
  public static final String ADMIN_USER = "rootctl-admin";

  private static final Pattern ROOT_ARN = Pattern.compile("arn:aws:iam::([0-9]{12}):root");
  private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

  private final ReentrantLock lock = new ReentrantLock();
  private final Clock clock;
  private final Faults faults;
  private final CallJournal journal = new CallJournal();
  private Fixture initial;

  // State, guarded by lock.
  private String organizationId = "";
  private AccountId management = AccountId.of("000000000000");
  private String rootId = "";
  private String rootName = "";
  private final Map<String, Ou> units = new LinkedHashMap<>();
  private final Map<AccountId, Account> accounts = new TreeMap<>();
  private final EnumSet<OrgFeature> features = EnumSet.noneOf(OrgFeature.class);
  private final Map<String, Instant> trustedAccess = new LinkedHashMap<>();
  private final Map<String, Map<AccountId, Instant>> delegated = new LinkedHashMap<>();
  private final Map<String, AdminCredentials> admins = new LinkedHashMap<>();
  private final Map<String, Session> sessions = new HashMap<>();
  private List<Account> accountOrder = List.of();
  private SplittableRandom ids = new SplittableRandom(1);

  /**
   * @param fixture the organization to start from (and to go back to on {@link #reset()})
   * @param clock the time for session expiry, token buckets and timestamps
   * @param faults which faults to inject
   * @param sleeper waits out injected latency
   */
  public SimulatedOrganization(
      Fixture fixture, Clock clock, FaultSettings faults, Sleeper sleeper) {
    this.clock = clock;
    this.faults = new Faults(faults, clock, sleeper);
    load(fixture);
  }

  /** A simulation without faults, whose latency (none) is never slept. */
  public static SimulatedOrganization of(Fixture fixture, Clock clock) {
    return new SimulatedOrganization(fixture, clock, FaultSettings.none(), d -> {});
  }

  // ---------------------------------------------------------------- state, fixtures, drift

  private static final class Ou {
    final String id;
    final String name;
    final String parent;

    Ou(String id, String name, String parent) {
      this.id = id;
      this.name = name;
      this.parent = parent;
    }
  }

  private static final class Account {
    final AccountId id;
    final String name;
    final String email;
    final String parent;
    final Instant joined;
    AccountState state;
    final RootUser root = new RootUser();

    Account(AccountId id, String name, String email, String parent, AccountState state, Instant j) {
      this.id = id;
      this.name = name;
      this.email = email;
      this.parent = parent;
      this.state = state;
      this.joined = j;
    }
  }

  private static final class RootUser {
    Optional<Instant> profileCreated = Optional.empty();
    boolean password;
    Optional<Instant> passwordLastUsed = Optional.empty();
    final List<Key> keys = new ArrayList<>();
    final List<SigningCertificate> certificates = new ArrayList<>();
    final List<Mfa> mfa = new ArrayList<>();
  }

  private record Key(
      String id, String status, Instant created, Optional<Instant> lastUsed, String service) {}

  private static final class Mfa {
    final String serial;
    final Instant enableDate;
    boolean enabled;

    Mfa(String serial, Instant enableDate, boolean enabled) {
      this.serial = serial;
      this.enableDate = enableDate;
      this.enabled = enabled;
    }

    boolean virtual() {
      return MfaDevice.isVirtualSerial(serial);
    }
  }

  private record Session(
      String accessKeyId, String token, AccountId account, TaskPolicy policy, Instant expires) {}

  /** Who a caller turned out to be. */
  private record Principal(AccountId account, Optional<Session> session) {
    String arn() {
      return session.isPresent()
          ? "arn:aws:iam::" + account + ":root"
          : "arn:aws:iam::" + account + ":user/" + ADMIN_USER;
    }
  }

  private void load(Fixture fixture) {
    lock.lock();
    try {
      initial = fixture;
      units.clear();
      accounts.clear();
      features.clear();
      trustedAccess.clear();
      delegated.clear();
      admins.clear();
      sessions.clear();
      organizationId = fixture.organizationId();
      management = AccountId.of(fixture.managementAccountId());
      rootId = fixture.root().id();
      rootName = fixture.root().name();
      ids = new SplittableRandom(organizationId.hashCode());
      var epoch = Instant.parse("2020-01-01T00:00:00Z");
      fixture.enabledFeatures().forEach(f -> features.add(OrgFeature.fromAwsName(f)));
      fixture
          .trustedAccess()
          .forEach(t -> trustedAccess.put(t.servicePrincipal(), time(t.dateEnabled(), epoch)));
      for (var ou : fixture.organizationalUnits()) {
        units.put(ou.id(), new Ou(ou.id(), ou.name(), ou.parent()));
      }
      for (var ou : units.values()) {
        require(isParent(ou.parent), "OU " + ou.id + " has an unknown parent " + ou.parent);
        require(depth(ou.id) <= 5, "OU " + ou.id + " is nested deeper than 5 levels");
      }
      for (var a : fixture.accounts()) {
        var id = AccountId.of(a.id());
        require(isParent(a.parent()), "account " + a.id() + " has an unknown parent " + a.parent());
        var state = a.state() == null ? AccountState.ACTIVE : AccountState.valueOf(a.state());
        var account =
            new Account(id, a.name(), a.email(), a.parent(), state, time(a.joined(), epoch));
        var joined = account.joined;
        var root = a.root();
        if (root != null) {
          var user = account.root;
          if (root.loginProfile() != null) {
            user.profileCreated = Optional.of(time(root.loginProfile().created(), joined));
            user.password = root.loginProfile().password();
          }
          user.passwordLastUsed = Optional.ofNullable(root.passwordLastUsed()).map(Instant::parse);
          for (var k : root.accessKeys()) {
            user.keys.add(
                new Key(
                    k.id(),
                    k.status() == null ? "Active" : k.status(),
                    time(k.created(), joined),
                    Optional.ofNullable(k.lastUsed()).map(Instant::parse),
                    k.lastUsedService() == null ? "N/A" : k.lastUsedService()));
          }
          for (var c : root.signingCertificates()) {
            user.certificates.add(
                new SigningCertificate(
                    c.id(),
                    c.status() == null ? "Active" : c.status(),
                    time(c.uploaded(), joined)));
          }
          for (var m : root.mfaDevices()) {
            user.mfa.add(
                new Mfa(
                    m.serial(), time(m.enableDate(), joined), !Boolean.FALSE.equals(m.enabled())));
          }
        }
        require(accounts.put(id, account) == null, "duplicate account " + id);
      }
      require(accounts.containsKey(management), "the management account is not in the accounts");
      for (var d : fixture.delegatedAdministrators()) {
        var id = AccountId.of(d.accountId());
        require(accounts.containsKey(id), "delegated administrator " + id + " is not an account");
        delegated
            .computeIfAbsent(d.servicePrincipal(), k -> new LinkedHashMap<>())
            .put(id, time(d.delegationEnabledDate(), epoch));
      }
      var creds = fixture.managementCredentials();
      var admin =
          creds == null
              ? new AdminCredentials(management, "AKIA" + randomId(16), "sim/" + randomId(36))
              : new AdminCredentials(management, creds.accessKeyId(), creds.secretAccessKey());
      admins.put(admin.accessKeyId(), admin);
      accountOrder = List.copyOf(accounts.values());
    } finally {
      lock.unlock();
    }
  }

  private static Instant time(String text, Instant fallback) {
    return text == null ? fallback : Instant.parse(text);
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException("invalid fixture: " + message);
    }
  }

  private boolean isParent(String id) {
    return id.equals(rootId) || units.containsKey(id);
  }

  private int depth(String ouId) {
    int depth = 0;
    for (var current = units.get(ouId); current != null; current = units.get(current.parent)) {
      if (++depth > 64) {
        throw new IllegalArgumentException("invalid fixture: OU cycle at " + ouId);
      }
    }
    return depth;
  }

  private String randomId(int length) {
    var sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(ALNUM.charAt(ids.nextInt(ALNUM.length())));
    }
    return sb.toString();
  }

  /** Goes back to the fixture this simulation started from; clears the journal and sessions. */
  public void reset() {
    load(initial);
    journal.clear();
    faults.clearQueued();
  }

  /** The current state, written as a fixture (what {@code GET /_sim/state} returns). */
  public Fixture snapshot() {
    return locked(
        () -> {
          var ous =
              units.values().stream().map(o -> new Fixture.Ou(o.id, o.name, o.parent)).toList();
          var list = new ArrayList<Fixture.Account>();
          for (var a : accounts.values()) {
            var r = a.root;
            var root =
                new Fixture.RootUser(
                    r.profileCreated
                        .map(c -> new Fixture.LoginProfile(r.password, c.toString()))
                        .orElse(null),
                    r.keys.stream()
                        .map(
                            k ->
                                new Fixture.AccessKey(
                                    k.id(),
                                    k.status(),
                                    k.created().toString(),
                                    k.lastUsed().map(Instant::toString).orElse(null),
                                    k.lastUsed().isPresent() ? k.service() : null))
                        .toList(),
                    r.certificates.stream()
                        .map(
                            c ->
                                new Fixture.SigningCertificate(
                                    c.id(), c.status(), c.uploaded().toString()))
                        .toList(),
                    r.mfa.stream()
                        .map(
                            m ->
                                new Fixture.MfaDevice(m.serial, m.enableDate.toString(), m.enabled))
                        .toList(),
                    r.passwordLastUsed.map(Instant::toString).orElse(null));
            list.add(
                new Fixture.Account(
                    a.id.value(),
                    a.name,
                    a.email,
                    a.parent,
                    a.state.name(),
                    a.joined.toString(),
                    root.isEmpty() && root.passwordLastUsed() == null ? null : root));
          }
          var admin = managementCredentials();
          return new Fixture(
              organizationId,
              management.value(),
              new Fixture.Root(rootId, rootName),
              features.stream().map(OrgFeature::awsName).toList(),
              trustedAccess.entrySet().stream()
                  .map(e -> new Fixture.TrustedAccess(e.getKey(), e.getValue().toString()))
                  .toList(),
              delegated.entrySet().stream()
                  .flatMap(
                      e ->
                          e.getValue().entrySet().stream()
                              .map(
                                  d ->
                                      new Fixture.DelegatedAdministrator(
                                          d.getKey().value(), e.getKey(), d.getValue().toString())))
                  .toList(),
              ous,
              list,
              new Fixture.Credentials(admin.accessKeyId(), admin.secretAccessKey()));
        });
  }

  private <T> T locked(java.util.function.Supplier<T> body) {
    lock.lock();
    try {
      return body.get();
    } finally {
      lock.unlock();
    }
  }

  private Account existing(AccountId id) {
    var account = accounts.get(id);
    if (account == null) {
      throw new IllegalArgumentException("no account " + id + " in the simulated organization");
    }
    return account;
  }

  /** Drift: gives {@code account}'s root user a new active access key; returns its id. */
  public String addRootAccessKey(AccountId account) {
    return locked(
        () -> {
          var id = "AKIA" + randomId(16);
          existing(account).root.keys.add(new Key(id, "Active", now(), Optional.empty(), "N/A"));
          return id;
        });
  }

  /** Drift: gives {@code account}'s root user a login profile, with or without a password. */
  public void addRootLoginProfile(AccountId account, boolean password) {
    locked(
        () -> {
          var root = existing(account).root;
          root.profileCreated = Optional.of(root.profileCreated.orElse(now()));
          root.password = password;
          return null;
        });
  }

  /** Drift: gives {@code account}'s root user a signing certificate; returns its id. */
  public String addRootSigningCertificate(AccountId account) {
    return locked(
        () -> {
          var id = randomId(24);
          existing(account).root.certificates.add(new SigningCertificate(id, "Active", now()));
          return id;
        });
  }

  /** Drift: gives {@code account}'s root user an enabled MFA device; returns its serial. */
  public String addRootMfaDevice(AccountId account, boolean virtual) {
    return locked(
        () -> {
          var root = existing(account).root;
          var serial =
              virtual
                  ? "arn:aws:iam::"
                      + account
                      + ":mfa/root-account-mfa-device"
                      + (root.mfa.isEmpty() ? "" : "-" + randomId(4).toLowerCase())
                  : "GAKT" + randomId(12);
          root.mfa.add(new Mfa(serial, now(), true));
          return serial;
        });
  }

  /** Suspends {@code account} (Organizations State SUSPENDED). */
  public void suspend(AccountId account) {
    locked(
        () -> {
          existing(account).state = AccountState.SUSPENDED;
          return null;
        });
  }

  /** Adds an ACTIVE account without root credentials under {@code parentId}; returns its id. */
  public AccountId addAccount(String name, String email, String parentId) {
    return locked(
        () -> {
          if (!isParent(parentId)) {
            throw new IllegalArgumentException("no root or OU " + parentId);
          }
          AccountId id;
          do {
            id =
                AccountId.of(
                    String.format("%012d", ids.nextLong(100_000_000_000L, 999_999_999_999L)));
          } while (accounts.containsKey(id));
          accounts.put(id, new Account(id, name, email, parentId, AccountState.ACTIVE, now()));
          accountOrder = List.copyOf(accounts.values());
          return id;
        });
  }

  /** Issues long-term administrator credentials in {@code account} (e.g. a delegated admin). */
  public AdminCredentials addAdminCredentials(AccountId account) {
    return locked(
        () -> {
          existing(account);
          var creds = new AdminCredentials(account, "AKIA" + randomId(16), "sim/" + randomId(36));
          admins.put(creds.accessKeyId(), creds);
          return creds;
        });
  }

  /** What {@code account}'s root user holds now, read directly (not an API call; not journaled). */
  public RootCredentials rootCredentials(AccountId account) {
    return locked(() -> credentials(existing(account).root));
  }

  private static RootCredentials credentials(RootUser r) {
    return new RootCredentials(
        r.profileCreated.map(c -> new LoginProfile(c, false)),
        Optional.of(r.password && r.profileCreated.isPresent()),
        r.keys.stream()
            .map(k -> new AccessKey(k.id(), k.status(), k.created(), k.lastUsed()))
            .toList(),
        List.copyOf(r.certificates),
        r.mfa.stream()
            .filter(m -> m.enabled)
            .map(m -> new MfaDevice(m.serial, m.virtual(), m.enableDate))
            .toList());
  }

  /**
   * The account whose credentials {@code caller} holds (a session's account, an administrator's
   * account), if the key is known. A lookup, not an API call: not journaled, never faulted.
   */
  public Optional<AccountId> accountOf(Caller caller) {
    return locked(
        () -> {
          var admin = admins.get(caller.accessKeyId());
          if (admin != null) {
            return Optional.of(admin.account());
          }
          return Optional.ofNullable(sessions.get(caller.accessKeyId())).map(Session::account);
        });
  }

  /** The management account administrator's credentials. */
  public AdminCredentials managementCredentials() {
    return locked(
        () ->
            admins.values().stream()
                .filter(a -> a.account().equals(management))
                .findFirst()
                .orElseThrow());
  }

  public String organizationId() {
    return locked(() -> organizationId);
  }

  public AccountId managementAccount() {
    return locked(() -> management);
  }

  /** How many accounts the organization has, the management account included. */
  public int accountCount() {
    return locked(accounts::size);
  }

  /** Every call answered so far. */
  public CallJournal journal() {
    return journal;
  }

  /** The clock this simulation reads. */
  public Clock clock() {
    return clock;
  }

  public FaultSettings faultSettings() {
    return faults.settings();
  }

  /** Replaces the fault settings; token buckets start full again. */
  public void setFaultSettings(FaultSettings settings) {
    faults.apply(settings);
  }

  /** Makes the next {@code times} calls of {@code operation} ({@code iam:ListAccessKeys}) fail. */
  public void failNext(String operation, int times, SimException error) {
    faults.failNext(operation, times, error);
  }

  /**
   * Makes every call of {@code operation} about {@code account} (the target of {@code
   * sts:AssumeRoot}, the account of a root session's IAM call) fail with {@code error} until {@link
   * #stopFailing}, as a service control policy that denies it in that one account would. Calls
   * queued by {@link #failNext} fail first.
   */
  public void failAlways(String operation, AccountId account, SimException error) {
    faults.failAlways(operation, account.value(), error);
  }

  /** Lifts {@link #failAlways} for {@code operation} about {@code account}. */
  public void stopFailing(String operation, AccountId account) {
    faults.stopFailing(operation, account.value());
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS);
  }

  // ---------------------------------------------------------------- the call pipeline

  private <T> T call(
      String operation,
      Caller caller,
      Optional<String> subjectAccount,
      Optional<TaskPolicy> subjectPolicy,
      Function<Principal, T> body) {
    var service = operation.substring(0, operation.indexOf(':'));
    Optional<String> account = subjectAccount;
    Optional<TaskPolicy> policy = subjectPolicy;
    try {
      var principal = locked(() -> resolve(service, caller));
      if (account.isEmpty()) {
        account = Optional.of(principal.account().value());
      }
      if (policy.isEmpty()) {
        policy = principal.session().map(Session::policy);
      }
      try {
        faults.admit(operation, principal.account().value(), account.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SimException("InternalFailure", 500, "The request was interrupted.");
      }
      principal.session().ifPresent(s -> authorize(operation, s));
      var result = locked(() -> body.apply(principal));
      journal.record(operation, account, policy, CallJournal.OK);
      return result;
    } catch (SimException e) {
      journal.record(operation, account, policy, e.errorCode());
      throw e;
    }
  }

  private Principal resolve(String service, Caller caller) {
    var admin = admins.get(caller.accessKeyId());
    if (admin != null) {
      return new Principal(admin.account(), Optional.empty());
    }
    var session = sessions.get(caller.accessKeyId());
    if (session == null
        || (caller.sessionToken().isPresent()
            && !caller.sessionToken().get().equals(session.token))) {
      throw service.equals("organizations")
          ? new SimException(
              "UnrecognizedClientException",
              400,
              "The security token included in the request is invalid.")
          : new SimException(
              "InvalidClientTokenId",
              403,
              "The security token included in the request is invalid.");
    }
    if (!clock.instant().isBefore(session.expires)) {
      throw new SimException(
          service.equals("iam") ? "ExpiredToken" : "ExpiredTokenException",
          service.equals("iam") ? 403 : 400,
          "The security token included in the request is expired");
    }
    return new Principal(session.account, Optional.of(session));
  }

  private static void authorize(String operation, Session session) {
    if (RootTaskPolicies.permits(session.policy, operation)) {
      return;
    }
    if (operation.startsWith("organizations:")) {
      throw SimException.organizationsAccessDenied();
    }
    throw SimException.accessDenied(
        "User: arn:aws:sts::"
            + session.account
            + ":root is not authorized to perform: "
            + operation
            + " on resource: arn:aws:iam::"
            + session.account
            + ":root with an explicit deny in a session policy");
  }

  // ---------------------------------------------------------------- Organizations

  private void requireOrganizationsReader(Principal p) {
    boolean delegatedAdmin = delegated.values().stream().anyMatch(m -> m.containsKey(p.account()));
    if (!p.account().equals(management) && !delegatedAdmin) {
      throw SimException.organizationsAccessDenied();
    }
  }

  private void requireManagement(Principal p) {
    if (!p.account().equals(management)) {
      throw SimException.organizationsAccessDenied();
    }
  }

  private String orgArn(String kind, String id) {
    return "arn:aws:organizations::" + management + ":" + kind + "/" + organizationId + "/" + id;
  }

  private String entityPath(String parentId) {
    var chain = new ArrayList<String>();
    for (var current = units.get(parentId); current != null; current = units.get(current.parent)) {
      chain.add(0, current.id);
    }
    return organizationId
        + "/"
        + rootId
        + "/"
        + (chain.isEmpty() ? "" : String.join("/", chain) + "/");
  }

  private AccountView view(Account a) {
    return new AccountView(
        a.id,
        orgArn("account", a.id.value()),
        a.name,
        a.email,
        a.state,
        a.parent,
        entityPath(a.parent) + a.id + "/",
        a.joined);
  }

  private OuView view(Ou o) {
    return new OuView(o.id, orgArn("ou", o.id), o.name, o.parent, entityPath(o.id));
  }

  /** organizations:DescribeOrganization. Any account of the organization may call it. */
  public OrganizationView describeOrganization(Caller caller) {
    return call(
        "organizations:DescribeOrganization",
        caller,
        Optional.empty(),
        Optional.empty(),
        p -> {
          var m = accounts.get(management);
          return new OrganizationView(
              organizationId,
              "arn:aws:organizations::" + management + ":organization/" + organizationId,
              "ALL",
              orgArn("account", management.value()),
              management.value(),
              m.email);
        });
  }

  /** organizations:ListRoots. */
  public Page<RootView> listRoots(Caller caller, Optional<String> nextToken, OptionalInt max) {
    return call(
        "organizations:ListRoots",
        caller,
        Optional.empty(),
        Optional.empty(),
        p -> {
          requireOrganizationsReader(p);
          return Pagination.organizations(
              "ListRoots",
              List.of(new RootView(rootId, orgArn("root", rootId), rootName)),
              nextToken,
              max);
        });
  }

  /** organizations:ListOrganizationalUnitsForParent. */
  public Page<OuView> listOrganizationalUnitsForParent(
      Caller caller, String parentId, Optional<String> nextToken, OptionalInt max) {
    return call(
        "organizations:ListOrganizationalUnitsForParent",
        caller,
        Optional.empty(),
        Optional.empty(),
        p -> {
          requireOrganizationsReader(p);
          requireParent(parentId);
          var children =
              units.values().stream()
                  .filter(o -> o.parent.equals(parentId))
                  .map(this::view)
                  .toList();
          return Pagination.organizations(
              "ListOrganizationalUnitsForParent:" + parentId, children, nextToken, max);
        });
  }

  private void requireParent(String parentId) {
    if (!isParent(parentId)) {
      throw new SimException(
          "ParentNotFoundException",
          400,
          "We can't find a root or OU with the ParentId that you specified.");
    }
  }

  /** organizations:ListAccountsForParent (direct children only). */
  public Page<AccountView> listAccountsForParent(
      Caller caller, String parentId, Optional<String> nextToken, OptionalInt max) {
    return call(
        "organizations:ListAccountsForParent",
        caller,
        Optional.empty(),
        Optional.empty(),
        p -> {
          requireOrganizationsReader(p);
          requireParent(parentId);
          var children = accountOrder.stream().filter(a -> a.parent.equals(parentId)).toList();
          return Pagination.organizations(
                  "ListAccountsForParent:" + parentId, children, nextToken, max)
              .map(this::view);
        });
  }

  /** organizations:ListAccounts (every account, the management account included). */
  public Page<AccountView> listAccounts(
      Caller caller, Optional<String> nextToken, OptionalInt max) {
    return call(
        "organizations:ListAccounts",
        caller,
        Optional.empty(),
        Optional.empty(),
        p -> {
          requireOrganizationsReader(p);
          return Pagination.organizations("ListAccounts", accountOrder, nextToken, max)
              .map(this::view);
        });
  }

  /** organizations:ListParents of an account id or OU id. */
  public Page<ParentView> listParents(
      Caller caller, String childId, Optional<String> nextToken, OptionalInt max) {
    return call(
        "organizations:ListParents",
        caller,
        Optional.empty(),
        Optional.empty(),
        p -> {
          requireOrganizationsReader(p);
          String parent;
          if (AccountId.isValid(childId) && accounts.containsKey(AccountId.of(childId))) {
            parent = accounts.get(AccountId.of(childId)).parent;
          } else if (units.containsKey(childId)) {
            parent = units.get(childId).parent;
          } else {
            throw new SimException(
                "ChildNotFoundException",
                400,
                "We can't find an organizational unit (OU) or AWS account with the ChildId that you"
                    + " specified.");
          }
          var view = new ParentView(parent, parent.equals(rootId) ? "ROOT" : "ORGANIZATIONAL_UNIT");
          return Pagination.organizations("ListParents:" + childId, List.of(view), nextToken, max);
        });
  }

  /** organizations:EnableAWSServiceAccess. Management account only; idempotent. */
  public void enableAwsServiceAccess(Caller caller, String servicePrincipal) {
    call(
        "organizations:EnableAWSServiceAccess",
        caller,
        Optional.empty(),
        Optional.empty(),
        p -> {
          requireManagement(p);
          if (!servicePrincipal.matches("[\\w+=,.@-]{1,128}")) {
            throw SimException.invalidInput(
                "UNRECOGNIZED_SERVICE_PRINCIPAL",
                "You specified a service principal that isn't recognized.");
          }
          trustedAccess.putIfAbsent(servicePrincipal, now());
          return null;
        });
  }

  /** organizations:ListAWSServiceAccessForOrganization. */
  public Page<ServiceAccessView> listAwsServiceAccessForOrganization(
      Caller caller, Optional<String> nextToken, OptionalInt max) {
    return call(
        "organizations:ListAWSServiceAccessForOrganization",
        caller,
        Optional.empty(),
        Optional.empty(),
        p -> {
          requireOrganizationsReader(p);
          var list =
              trustedAccess.entrySet().stream()
                  .map(e -> new ServiceAccessView(e.getKey(), e.getValue()))
                  .toList();
          return Pagination.organizations(
              "ListAWSServiceAccessForOrganization", list, nextToken, max);
        });
  }

  /** organizations:RegisterDelegatedAdministrator. Management account only. */
  public void registerDelegatedAdministrator(
      Caller caller, String accountId, String servicePrincipal) {
    call(
        "organizations:RegisterDelegatedAdministrator",
        caller,
        Optional.empty(),
        Optional.empty(),
        p -> {
          requireManagement(p);
          if (!AccountId.isValid(accountId) || !accounts.containsKey(AccountId.of(accountId))) {
            throw new SimException(
                "AccountNotFoundException",
                400,
                "We can't find an AWS account with the AccountId that you specified.");
          }
          var id = AccountId.of(accountId);
          if (id.equals(management)) {
            throw new SimException(
                "ConstraintViolationException",
                400,
                "You cannot register the management account of the organization as a delegated"
                    + " administrator for an AWS service.",
                Optional.of("CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR"));
          }
          var registered = delegated.computeIfAbsent(servicePrincipal, k -> new LinkedHashMap<>());
          if (registered.containsKey(id)) {
            throw new SimException(
                "AccountAlreadyRegisteredException",
                400,
                "The provided account is already a delegated administrator for your organization.");
          }
          registered.put(id, now());
          return null;
        });
  }

  /** organizations:ListDelegatedAdministrators, for one service principal or all. */
  public Page<DelegatedAdministratorView> listDelegatedAdministrators(
      Caller caller,
      Optional<String> servicePrincipal,
      Optional<String> nextToken,
      OptionalInt max) {
    return call(
        "organizations:ListDelegatedAdministrators",
        caller,
        Optional.empty(),
        Optional.empty(),
        p -> {
          requireOrganizationsReader(p);
          var since = new TreeMap<AccountId, Instant>();
          delegated.forEach(
              (service, registered) -> {
                if (servicePrincipal.isEmpty() || servicePrincipal.get().equals(service)) {
                  registered.forEach(
                      (id, at) -> since.merge(id, at, (a, b) -> a.isBefore(b) ? a : b));
                }
              });
          var list =
              since.entrySet().stream()
                  .map(
                      e ->
                          new DelegatedAdministratorView(
                              view(accounts.get(e.getKey())), e.getValue()))
                  .toList();
          return Pagination.organizations(
              "ListDelegatedAdministrators:" + servicePrincipal.orElse(""), list, nextToken, max);
        });
  }

  // ---------------------------------------------------------------- IAM organization features

  private FeaturesView features(Caller caller, String operation, Function<Principal, Void> change) {
    return call(
        "iam:" + operation,
        caller,
        Optional.empty(),
        Optional.empty(),
        p -> {
          boolean delegatedAdmin =
              delegated.getOrDefault("iam.amazonaws.com", Map.of()).containsKey(p.account());
          if (!p.account().equals(management) && !delegatedAdmin) {
            throw new SimException(
                "AccountNotManagementOrDelegatedAdministratorException",
                400,
                "The request was rejected because the account making the request is not the"
                    + " management account or delegated administrator account for centralized root"
                    + " access.");
          }
          if (operation.startsWith("Enable") && !p.account().equals(management)) {
            throw new SimException(
                "CallerIsNotManagementAccountException",
                400,
                "The request was rejected because the account making the request is not the"
                    + " management account for the organization.");
          }
          if (!trustedAccess.containsKey("iam.amazonaws.com")) {
            throw new SimException(
                "ServiceAccessNotEnabledException",
                400,
                "The request was rejected because trusted access for IAM is not enabled for the"
                    + " organization.");
          }
          change.apply(p);
          return new FeaturesView(organizationId, features);
        });
  }

  /** iam:ListOrganizationsFeatures. */
  public FeaturesView listOrganizationsFeatures(Caller caller) {
    return features(caller, "ListOrganizationsFeatures", p -> null);
  }

  /** iam:EnableOrganizationsRootCredentialsManagement. Management account only; idempotent. */
  public FeaturesView enableOrganizationsRootCredentialsManagement(Caller caller) {
    return switchFeature(
        caller,
        "EnableOrganizationsRootCredentialsManagement",
        OrgFeature.ROOT_CREDENTIALS_MANAGEMENT,
        true);
  }

  /** iam:EnableOrganizationsRootSessions. Management account only; idempotent. */
  public FeaturesView enableOrganizationsRootSessions(Caller caller) {
    return switchFeature(caller, "EnableOrganizationsRootSessions", OrgFeature.ROOT_SESSIONS, true);
  }

  /** iam:DisableOrganizationsRootCredentialsManagement. Idempotent. */
  public FeaturesView disableOrganizationsRootCredentialsManagement(Caller caller) {
    return switchFeature(
        caller,
        "DisableOrganizationsRootCredentialsManagement",
        OrgFeature.ROOT_CREDENTIALS_MANAGEMENT,
        false);
  }

  /** iam:DisableOrganizationsRootSessions. Idempotent. */
  public FeaturesView disableOrganizationsRootSessions(Caller caller) {
    return switchFeature(
        caller, "DisableOrganizationsRootSessions", OrgFeature.ROOT_SESSIONS, false);
  }

  private FeaturesView switchFeature(
      Caller caller, String operation, OrgFeature feature, boolean on) {
    return features(
        caller,
        operation,
        p -> {
          if (on) {
            features.add(feature);
          } else {
            features.remove(feature);
          }
          return null;
        });
  }

  // ---------------------------------------------------------------- IAM, in a root session

  private RootUser rootOf(Principal p, String operation) {
    if (p.session().isEmpty()) {
      // Only root sessions are simulated for root-credential calls; an administrator calling
      // these would be acting on its own IAM user, which rootctl never does.
      throw SimException.accessDenied(
          "User: "
              + p.arn()
              + " is not authorized to perform: "
              + operation
              + " on resource: arn:aws:iam::"
              + p.account()
              + ":root (the simulator answers"
              + " root-credential calls only in root sessions)");
    }
    return accounts.get(p.account()).root;
  }

  private <T> T rootCall(String operation, Caller caller, Function<RootUser, T> body) {
    return call(
        operation,
        caller,
        Optional.empty(),
        Optional.empty(),
        p -> body.apply(rootOf(p, operation)));
  }

  /** iam:GetAccountSummary: the root user's summary keys (values 0/1 or counts). */
  public Map<String, Integer> getAccountSummary(Caller caller) {
    return rootCall(
        "iam:GetAccountSummary",
        caller,
        r -> {
          var map = new TreeMap<String, Integer>();
          long inUse = r.mfa.stream().filter(m -> m.enabled).count();
          map.put("AccountMFAEnabled", inUse > 0 ? 1 : 0);
          map.put("AccountAccessKeysPresent", r.keys.isEmpty() ? 0 : 1);
          map.put("AccountSigningCertificatesPresent", r.certificates.isEmpty() ? 0 : 1);
          map.put("AccountPasswordPresent", r.profileCreated.isPresent() && r.password ? 1 : 0);
          map.put("MFADevices", r.mfa.size());
          map.put("MFADevicesInUse", (int) inUse);
          map.put("AccessKeysPerUserQuota", 2);
          map.put("SigningCertificatesPerUserQuota", 2);
          map.put("Users", 0);
          map.put("UsersQuota", 5000);
          return map;
        });
  }

  /** iam:GetUser without a user name: the root user. */
  public UserView getUser(Caller caller) {
    return call(
        "iam:GetUser",
        caller,
        Optional.empty(),
        Optional.empty(),
        p -> {
          var root = rootOf(p, "iam:GetUser");
          var account = accounts.get(p.account());
          return new UserView(
              p.account().value(),
              Optional.empty(),
              p.arn(),
              account.joined,
              root.passwordLastUsed);
        });
  }

  /** iam:GetLoginProfile: NoSuchEntity when the root user has none. */
  public LoginProfile getLoginProfile(Caller caller) {
    return rootCall(
        "iam:GetLoginProfile",
        caller,
        r ->
            r.profileCreated
                .map(c -> new LoginProfile(c, false))
                .orElseThrow(
                    () ->
                        SimException.noSuchEntity("Login Profile for User root cannot be found.")));
  }

  /**
   * iam:CreateLoginProfile without a password (allows password recovery). EntityAlreadyExists when
   * one exists; a password is rejected, as AWS requires it omitted in a root session.
   */
  public LoginProfile createLoginProfile(Caller caller, boolean withPassword) {
    return rootCall(
        "iam:CreateLoginProfile",
        caller,
        r -> {
          if (withPassword) {
            throw SimException.validation(
                "Password must be omitted when you make the request with an AssumeRoot session.");
          }
          if (r.profileCreated.isPresent()) {
            throw new SimException(
                "EntityAlreadyExists", 409, "Login Profile for User root already exists.");
          }
          r.profileCreated = Optional.of(now());
          r.password = false;
          return new LoginProfile(r.profileCreated.get(), false);
        });
  }

  /** iam:DeleteLoginProfile: NoSuchEntity when there is none. */
  public void deleteLoginProfile(Caller caller) {
    rootCall(
        "iam:DeleteLoginProfile",
        caller,
        r -> {
          if (r.profileCreated.isEmpty()) {
            throw SimException.noSuchEntity("Login Profile for User root cannot be found.");
          }
          r.profileCreated = Optional.empty();
          r.password = false;
          return null;
        });
  }

  /** iam:ListAccessKeys of the root user, paged by Marker. */
  public Page<AccessKey> listAccessKeys(
      Caller caller, Optional<String> marker, OptionalInt maxItems) {
    return rootCall(
        "iam:ListAccessKeys",
        caller,
        r ->
            Pagination.iam(
                "ListAccessKeys",
                r.keys.stream()
                    .map(k -> new AccessKey(k.id(), k.status(), k.created(), k.lastUsed()))
                    .toList(),
                marker,
                maxItems));
  }

  /** iam:GetAccessKeyLastUsed of one of the root user's keys. */
  public AccessKeyLastUsedView getAccessKeyLastUsed(Caller caller, String accessKeyId) {
    return rootCall(
        "iam:GetAccessKeyLastUsed",
        caller,
        r ->
            r.keys.stream()
                .filter(k -> k.id().equals(accessKeyId))
                .findFirst()
                .map(
                    k ->
                        new AccessKeyLastUsedView(
                            Optional.empty(),
                            k.lastUsed(),
                            k.lastUsed().isPresent() ? k.service() : "N/A",
                            k.lastUsed().isPresent() ? "us-east-1" : "N/A"))
                .orElseThrow(
                    () ->
                        SimException.noSuchEntity(
                            "The Access Key with id " + accessKeyId + " cannot be found.")));
  }

  /** iam:DeleteAccessKey: NoSuchEntity when it is gone. */
  public void deleteAccessKey(Caller caller, String accessKeyId) {
    rootCall(
        "iam:DeleteAccessKey",
        caller,
        r -> {
          if (!r.keys.removeIf(k -> k.id().equals(accessKeyId))) {
            throw SimException.noSuchEntity(
                "The Access Key with id " + accessKeyId + " cannot be found.");
          }
          return null;
        });
  }

  /** iam:ListSigningCertificates of the root user, paged by Marker. */
  public Page<SigningCertificate> listSigningCertificates(
      Caller caller, Optional<String> marker, OptionalInt maxItems) {
    return rootCall(
        "iam:ListSigningCertificates",
        caller,
        r -> Pagination.iam("ListSigningCertificates", r.certificates, marker, maxItems));
  }

  /** iam:DeleteSigningCertificate: NoSuchEntity when it is gone. */
  public void deleteSigningCertificate(Caller caller, String certificateId) {
    rootCall(
        "iam:DeleteSigningCertificate",
        caller,
        r -> {
          if (!r.certificates.removeIf(c -> c.id().equals(certificateId))) {
            throw SimException.noSuchEntity(
                "The Certificate with id " + certificateId + " cannot be found.");
          }
          return null;
        });
  }

  /** iam:ListMFADevices: the devices assigned (enabled) for the root user, paged by Marker. */
  public Page<MfaDevice> listMfaDevices(
      Caller caller, Optional<String> marker, OptionalInt maxItems) {
    return rootCall(
        "iam:ListMFADevices",
        caller,
        r ->
            Pagination.iam(
                "ListMFADevices",
                r.mfa.stream()
                    .filter(m -> m.enabled)
                    .map(m -> new MfaDevice(m.serial, m.virtual(), m.enableDate))
                    .toList(),
                marker,
                maxItems));
  }

  /** iam:DeactivateMFADevice: unassigns it; a virtual device remains until deleted. */
  public void deactivateMfaDevice(Caller caller, String serialNumber) {
    rootCall(
        "iam:DeactivateMFADevice",
        caller,
        r -> {
          var device =
              r.mfa.stream().filter(m -> m.serial.equals(serialNumber) && m.enabled).findFirst();
          if (device.isEmpty()) {
            throw SimException.noSuchEntity(
                "MFA Device with serial number " + serialNumber + " does not exist.");
          }
          device.get().enabled = false;
          if (!device.get().virtual()) {
            r.mfa.remove(device.get());
          }
          return null;
        });
  }

  /** iam:DeleteVirtualMFADevice: DeleteConflict while it is still enabled. */
  public void deleteVirtualMfaDevice(Caller caller, String serialNumber) {
    rootCall(
        "iam:DeleteVirtualMFADevice",
        caller,
        r -> {
          var device =
              r.mfa.stream().filter(m -> m.serial.equals(serialNumber) && m.virtual()).findFirst();
          if (device.isEmpty()) {
            throw SimException.noSuchEntity(
                "VirtualMFADevice with serial number " + serialNumber + " doesn't exist.");
          }
          if (device.get().enabled) {
            throw new SimException(
                "DeleteConflict",
                409,
                "MFA Device is still in use. Deactivate it before deleting it.");
          }
          r.mfa.remove(device.get());
          return null;
        });
  }

  // ---------------------------------------------------------------- STS

  /**
   * sts:AssumeRoot. The caller must be an administrator of the management account or of the IAM
   * delegated administrator; the target a member account that is ACTIVE; RootSessions enabled.
   *
   * @param targetPrincipal a 12-digit account id or {@code arn:aws:iam::ID:root}
   * @param taskPolicyArn one of the five root-task policy ARNs
   * @param durationSeconds 0..900, default 900
   */
  public SessionCredentials assumeRoot(
      Caller caller, String targetPrincipal, String taskPolicyArn, OptionalInt durationSeconds) {
    var target = parseTarget(targetPrincipal);
    Optional<TaskPolicy> policy;
    try {
      policy = Optional.of(TaskPolicy.fromArn(taskPolicyArn));
    } catch (IllegalArgumentException e) {
      policy = Optional.empty();
    }
    var requested = policy;
    return call(
        "sts:AssumeRoot",
        caller,
        target.map(AccountId::value),
        requested,
        p -> {
          if (p.session().isPresent()) {
            throw SimException.accessDenied(
                "User: " + p.arn() + " is not authorized to perform: sts:AssumeRoot");
          }
          int duration = durationSeconds.orElse(900);
          if (duration > 900 || duration < 0) {
            throw SimException.validation(
                "1 validation error detected: Value '"
                    + duration
                    + "' at 'durationSeconds' failed"
                    + " to satisfy constraint: Member must have value "
                    + (duration > 900
                        ? "less than or equal to 900"
                        : "greater than or equal to 0"));
          }
          if (target.isEmpty()) {
            throw SimException.validation(
                "TargetPrincipal must be a 12-digit account id or an arn:aws:iam::<account>:root"
                    + " ARN.");
          }
          if (requested.isEmpty()) {
            throw SimException.validation("TaskPolicyArn is not a valid root task policy ARN.");
          }
          var id = target.get();
          var denied =
              "User: "
                  + p.arn()
                  + " is not authorized to perform: sts:AssumeRoot on resource:"
                  + " arn:aws:iam::"
                  + id
                  + ":root";
          boolean delegatedAdmin =
              delegated.getOrDefault("iam.amazonaws.com", Map.of()).containsKey(p.account());
          if (!p.account().equals(management) && !delegatedAdmin) {
            throw SimException.accessDenied(denied);
          }
          if (!features.contains(OrgFeature.ROOT_SESSIONS)
              || !trustedAccess.containsKey("iam.amazonaws.com")) {
            throw SimException.accessDenied(
                denied + " because root sessions are not enabled in the organization");
          }
          var account = accounts.get(id);
          if (account == null) {
            throw SimException.accessDenied(
                denied + " because the account is not a member of the organization");
          }
          if (id.equals(management)) {
            throw SimException.accessDenied(denied + " because it is the management account");
          }
          if (account.state != AccountState.ACTIVE) {
            throw SimException.accessDenied(denied + " because the account is " + account.state);
          }
          var expires = now().plusSeconds(duration);
          purgeSessions();
          var session =
              new Session(
                  "ASIA" + randomId(16), "IQoJsim" + randomId(180), id, requested.get(), expires);
          sessions.put(session.accessKeyId, session);
          return new SessionCredentials(
              session.accessKeyId,
              "sim/" + randomId(36),
              session.token,
              expires,
              id,
              requested.get());
        });
  }

  private void purgeSessions() {
    if (sessions.size() > 20_000) {
      // Bounded memory: forget sessions that expired over an hour ago (they then answer
      // InvalidClientTokenId instead of ExpiredToken, as AWS eventually does).
      var cutoff = clock.instant().minusSeconds(3600);
      sessions.values().removeIf(s -> s.expires.isBefore(cutoff));
    }
  }

  private static Optional<AccountId> parseTarget(String targetPrincipal) {
    if (AccountId.isValid(targetPrincipal)) {
      return Optional.of(AccountId.of(targetPrincipal));
    }
    var m = ROOT_ARN.matcher(targetPrincipal);
    return m.matches() ? Optional.of(AccountId.of(m.group(1))) : Optional.empty();
  }

  /** sts:GetCallerIdentity. Never denied. */
  public IdentityView getCallerIdentity(Caller caller) {
    return call(
        "sts:GetCallerIdentity",
        caller,
        Optional.empty(),
        Optional.empty(),
        p ->
            new IdentityView(
                p.session().isPresent()
                    ? p.account().value()
                    : "AIDA" + Math.abs(p.account().hashCode()),
                p.account().value(),
                p.arn()));
  }
}
