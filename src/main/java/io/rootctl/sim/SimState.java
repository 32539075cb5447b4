package io.rootctl.sim;

import io.rootctl.live.AccessKey;
import io.rootctl.live.AccountState;
import io.rootctl.live.LoginProfile;
import io.rootctl.live.MfaDevice;
import io.rootctl.live.RootCredentials;
import io.rootctl.live.SigningCertificate;
import io.rootctl.model.AccountId;
import io.rootctl.model.OrgFeature;
import io.rootctl.model.TaskPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The state every simulated service reads and changes (moto's shared core state): the organization
 * and its root, the OU tree, the accounts and their root users, the IAM root features, trusted
 * access, delegated administrators, the administrators' long-term keys and the root sessions {@code
 * sts:AssumeRoot} issued. {@link #load(Fixture)} replaces it with a fixture's, {@link #snapshot()}
 * writes it back as one. Not thread-safe: the {@link CallPipeline}'s lock guards every access.
 */
final class SimState {
  private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

  /** An OU: {@code parent} is the root id or another OU's id. */
  static final class Ou {
    final String id;
    final String name;
    final String parent;

    Ou(String id, String name, String parent) {
      this.id = id;
      this.name = name;
      this.parent = parent;
    }
  }

  /** An account of the organization and its root user. */
  static final class Account {
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

  /** What a member account's root user holds. */
  static final class RootUser {
    Optional<Instant> profileCreated = Optional.empty();
    boolean password;
    Optional<Instant> passwordLastUsed = Optional.empty();
    final List<Key> keys = new ArrayList<>();
    final List<SigningCertificate> certificates = new ArrayList<>();
    final List<Mfa> mfa = new ArrayList<>();
  }

  /** A root access key; {@code service} is where it was last used ({@code N/A} if never). */
  record Key(
      String id, String status, Instant created, Optional<Instant> lastUsed, String service) {}

  /** A root MFA device; a deactivated virtual device stays until it is deleted. */
  static final class Mfa {
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

  /** A root session AssumeRoot issued. */
  record Session(
      String accessKeyId,
      String token,
      AccountId account,
      TaskPolicy policy,
      Instant expires,
      Instant created) {}

  String organizationId = "";
  AccountId management = AccountId.of("000000000000");
  String rootId = "";
  String rootName = "";
  final Map<String, Ou> units = new LinkedHashMap<>();
  final Map<AccountId, Account> accounts = new TreeMap<>();
  final EnumSet<OrgFeature> features = EnumSet.noneOf(OrgFeature.class);
  final Map<String, Instant> trustedAccess = new LinkedHashMap<>();
  final Map<String, Map<AccountId, Instant>> delegated = new LinkedHashMap<>();
  final Map<String, AdminCredentials> admins = new LinkedHashMap<>();
  final Map<String, Session> sessions = new HashMap<>();

  /** An IAM Identity Center access token: its user's role names in one account, until when. */
  record SsoToken(AccountId account, java.util.Set<String> roleNames, Instant expires) {}

  /** IAM Identity Center access tokens by token ({@link SsoPortalBackend}). */
  final Map<String, SsoToken> ssoTokens = new HashMap<>();

  /**
   * The AWS managed SCP every organization starts with, attached to the root, every OU and every
   * account, and to each OU or account added later (<a
   * href="https://docs.aws.amazon.com/organizations/latest/APIReference/API_AttachPolicy.html">AttachPolicy</a>:
   * Organizations "attaches a default SCP named FullAWSAccess to every root, OU, and account").
   */
  static final String FULL_AWS_ACCESS = "p-FullAWSAccess";

  /**
   * An Organizations policy ({@link OrganizationsBackend}): SERVICE_CONTROL_POLICY or
   * RESOURCE_CONTROL_POLICY, its JSON content, and the ids (root, OU, account) it is attached to.
   */
  static final class Policy {
    final String id;
    final String name;
    final String description;
    final String type;
    final String content;
    final boolean awsManaged;
    final java.util.Set<String> targets = new java.util.LinkedHashSet<>();

    Policy(
        String id,
        String name,
        String description,
        String type,
        String content,
        boolean awsManaged) {
      this.id = id;
      this.name = name;
      this.description = description;
      this.type = type;
      this.content = content;
      this.awsManaged = awsManaged;
    }
  }

  /**
   * Organizations policies by id, in creation order. Not part of a fixture: {@link #load} leaves
   * only {@code p-FullAWSAccess}, attached to the root, every OU and every account, as an
   * organization with SCPs enabled has.
   */
  final Map<String, Policy> policies = new LinkedHashMap<>();

  /** An S3 object: its bytes as text (the writer lock's JSON), ETag and last change. */
  record S3Object(String body, String contentType, String etag, Instant lastModified) {}

  /**
   * S3 buckets by name, each its objects by key ({@link S3Backend}). Not part of a fixture and kept
   * across {@link #load}: the buckets hold the writer lock, infrastructure beside the organization.
   */
  final Map<String, Map<String, S3Object>> buckets = new TreeMap<>();

  /**
   * The account that owns each bucket of {@link #buckets}; a bucket not listed (the writer lock's,
   * made by {@link S3Backend#ensureBucket}) belongs to the management account. Kept across {@link
   * #load} like the buckets.
   */
  final Map<String, AccountId> bucketOwners = new TreeMap<>();

  /** Each bucket's bucket policy (JSON, as put), by bucket name; absent: none. */
  final Map<String, String> bucketPolicies = new TreeMap<>();

  /** When each bucket was created, by name (ListBuckets' {@code CreationDate}). */
  final Map<String, Instant> bucketCreated = new TreeMap<>();

  /**
   * SQS queues by {@code ACCOUNT/NAME} ({@link SqsBackend}). Not part of a fixture and kept across
   * {@link #load}, as the buckets: the events queue is infrastructure beside the organization.
   */
  final Map<String, SqsState.Queue> queues = new TreeMap<>();

  /** How many ReceiveMessage calls wait in a long poll now. */
  int sqsLongPolls;

  /** The accounts in ListAccounts order; recomputed whenever an account is added. */
  List<Account> accountOrder = List.of();

  private SplittableRandom ids = new SplittableRandom(1);

  /**
   * Replaces the whole state with {@code fixture}'s; clears sessions and extra administrators.
   *
   * @throws IllegalArgumentException "invalid fixture: ..." when parents, nesting (at most 5
   *     levels), accounts or delegated administrators do not add up
   */
  void load(Fixture fixture) {
    units.clear();
    accounts.clear();
    features.clear();
    trustedAccess.clear();
    delegated.clear();
    admins.clear();
    sessions.clear();
    ssoTokens.clear();
    policies.clear();
    organizationId = fixture.organizationId();
    management = AccountId.of(fixture.managementAccountId());
    rootId = fixture.root().id();
    var full =
        new Policy(
            FULL_AWS_ACCESS,
            "FullAWSAccess",
            "Allows access to every operation",
            "SERVICE_CONTROL_POLICY",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\","
                + "\"Resource\":\"*\"}]}",
            true);
    full.targets.add(rootId);
    policies.put(full.id, full);
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
                  c.id(), c.status() == null ? "Active" : c.status(), time(c.uploaded(), joined)));
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
    full.targets.addAll(units.keySet());
    accounts.keySet().forEach(id -> full.targets.add(id.value()));
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
  }

  /**
   * The targets on {@code account}'s path whose policies apply to it: the root, each OU from the
   * top down, the account itself.
   */
  List<String> policyPath(AccountId account) {
    var chain = new ArrayList<String>();
    chain.add(account.value());
    for (var parent = existing(account).parent; !parent.equals(rootId); ) {
      chain.add(0, parent);
      parent = units.get(parent).parent;
    }
    chain.add(0, rootId);
    return chain;
  }

  /** Whether {@code id} is the root, an OU or an account: something a policy attaches to. */
  boolean isPolicyTarget(String id) {
    return isParent(id) || (AccountId.isValid(id) && accounts.containsKey(AccountId.of(id)));
  }

  private static Instant time(String text, Instant fallback) {
    return text == null ? fallback : Instant.parse(text);
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException("invalid fixture: " + message);
    }
  }

  /** The state written as a fixture: what {@link #load(Fixture)} reads back to the same state. */
  Fixture snapshot() {
    var ous = units.values().stream().map(o -> new Fixture.Ou(o.id, o.name, o.parent)).toList();
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
                  .map(m -> new Fixture.MfaDevice(m.serial, m.enableDate.toString(), m.enabled))
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
  }

  /** Whether {@code id} is the root or an OU. */
  boolean isParent(String id) {
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

  /** {@code length} characters of an AWS-style id, from the organization's seeded generator. */
  String randomId(int length) {
    var sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(ALNUM.charAt(ids.nextInt(ALNUM.length())));
    }
    return sb.toString();
  }

  /** A UUID-shaped id (lower-case hex), from the organization's seeded generator. */
  String uuid() {
    var sb = new StringBuilder(36);
    for (int i = 0; i < 32; i++) {
      if (i == 8 || i == 12 || i == 16 || i == 20) {
        sb.append('-');
      }
      sb.append(Character.forDigit(ids.nextInt(16), 16));
    }
    return sb.toString();
  }

  /** A fresh account id no account has, from the organization's seeded generator. */
  AccountId newAccountId() {
    AccountId id;
    do {
      id = AccountId.of(String.format("%012d", ids.nextLong(100_000_000_000L, 999_999_999_999L)));
    } while (accounts.containsKey(id));
    return id;
  }

  /**
   * The account {@code id}, for direct (non-API) access.
   *
   * @throws IllegalArgumentException when the organization has no such account
   */
  Account existing(AccountId id) {
    var account = accounts.get(id);
    if (account == null) {
      throw new IllegalArgumentException("no account " + id + " in the simulated organization");
    }
    return account;
  }

  /** The management account administrator's credentials. */
  AdminCredentials managementCredentials() {
    return admins.values().stream()
        .filter(a -> a.account().equals(management))
        .findFirst()
        .orElseThrow();
  }

  /** What {@code root} holds, in the engine's terms. */
  static RootCredentials credentials(RootUser r) {
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
}
