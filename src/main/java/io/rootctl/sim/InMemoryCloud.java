package io.rootctl.sim;

import io.rootctl.cloud.CloudException;
import io.rootctl.cloud.OrganizationClient;
import io.rootctl.cloud.RetryableCloudException;
import io.rootctl.cloud.RootSession;
import io.rootctl.cloud.RootSessionClient;
import io.rootctl.cloud.TerminalCloudException;
import io.rootctl.cloud.TerminalCloudException.Kind;
import io.rootctl.cloud.WriteResult;
import io.rootctl.live.AccessKey;
import io.rootctl.live.LoginProfile;
import io.rootctl.live.MemberAccount;
import io.rootctl.live.MfaDevice;
import io.rootctl.live.OrganizationTree;
import io.rootctl.live.OrganizationalUnit;
import io.rootctl.live.RootCredentials;
import io.rootctl.live.SigningCertificate;
import io.rootctl.model.AccountId;
import io.rootctl.model.OrgFeature;
import io.rootctl.model.OuId;
import io.rootctl.model.OuPath;
import io.rootctl.model.TaskPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The engine's cloud ports ({@link OrganizationClient}, {@link RootSessionClient}, {@link
 * RootSession}) over a {@link SimulatedOrganization}, in process: the fast twin of the AWS adapter
 * talking to the emulator. It calls the same operations the adapter calls, page by page, as the
 * management account's administrator, so the simulation's rules, faults and journal apply, and it
 * translates errors exactly as the adapter does: throttling and 5xx are {@link
 * RetryableCloudException}; AccessDenied is ACCESS_DENIED; ExpiredToken is SESSION_EXPIRED;
 * ServiceAccessNotEnabled and Organization* are NOT_ENABLED; NoSuchEntity on a delete and
 * EntityAlreadyExists on CreateLoginProfile are success. Thread-safe.
 */
public final class InMemoryCloud implements OrganizationClient, RootSessionClient {
  private final SimulatedOrganization organization;
  private final OrganizationsBackend organizations;
  private final IamBackend iam;
  private final StsBackend sts;
  private final Caller caller;
  private final AtomicLong requests = new AtomicLong();

  /** Ports acting as the management account's administrator. */
  public InMemoryCloud(SimulatedOrganization organization) {
    this(organization, organization.managementCredentials());
  }

  /** Ports acting with {@code credentials} (e.g. a delegated administrator's). */
  public InMemoryCloud(SimulatedOrganization organization, AdminCredentials credentials) {
    this.organization = organization;
    this.organizations = new OrganizationsBackend(organization);
    this.iam = new IamBackend(organization);
    this.sts = new StsBackend(organization);
    this.caller = credentials.caller();
  }

  /** The demo organization, without faults, on {@code clock}. */
  public static InMemoryCloud demo(Clock clock) {
    return new InMemoryCloud(SimulatedOrganization.of(Fixture.demo(), clock));
  }

  /** The simulation behind these ports: for drift, faults and the journal. */
  public SimulatedOrganization organization() {
    return organization;
  }

  /** Every call made through these ports (and any other client of the same simulation). */
  public CallJournal journal() {
    return organization.journal();
  }

  /** Makes the next {@code times} calls of {@code operation} throttle (e.g. iam:ListAccessKeys). */
  public void throttleNext(String operation, int times) {
    organization.failNext(
        operation, times, Faults.throttled(operation.substring(0, operation.indexOf(':'))));
  }

  /** Makes the next {@code times} calls of {@code operation} fail with {@code error}. */
  public void failNext(String operation, int times, SimException error) {
    organization.failNext(operation, times, error);
  }

  /** How many root sessions were opened in {@code account} with {@code policy}. */
  public long sessionsOpened(AccountId account, TaskPolicy policy) {
    return journal()
        .count(
            k ->
                k.operation().equals("sts:AssumeRoot")
                    && k.account().equals(Optional.of(account.value()))
                    && k.policy().equals(Optional.of(policy))
                    && k.outcome().equals(CallJournal.OK));
  }

  // ---------------------------------------------------------------- OrganizationClient

  @Override
  public OrganizationTree describeOrganization() {
    var org =
        call(
            "organizations:DescribeOrganization",
            Optional.empty(),
            () -> organizations.describeOrganization(caller));
    var roots =
        all(
            "organizations:ListRoots",
            Optional.empty(),
            t -> organizations.listRoots(caller, t, OptionalInt.empty()));
    var root = roots.get(0);
    var units = new ArrayList<OrganizationalUnit>();
    var accounts = new ArrayList<MemberAccount>();
    var queue = new ArrayDeque<Map.Entry<String, OuPath>>();
    queue.add(Map.entry(root.id(), OuPath.root(root.name())));
    while (!queue.isEmpty()) {
      var parent = queue.removeFirst();
      var parentId = parent.getKey();
      for (var ou :
          all(
              "organizations:ListOrganizationalUnitsForParent",
              Optional.empty(),
              t ->
                  organizations.listOrganizationalUnitsForParent(
                      caller, parentId, t, OptionalInt.empty()))) {
        var path = parent.getValue().child(ou.name());
        units.add(new OrganizationalUnit(OuId.of(ou.id()), ou.name(), parentId, path));
        queue.addLast(Map.entry(ou.id(), path));
      }
      for (var a :
          all(
              "organizations:ListAccountsForParent",
              Optional.empty(),
              t -> organizations.listAccountsForParent(caller, parentId, t, OptionalInt.empty()))) {
        accounts.add(new MemberAccount(a.id(), a.name(), a.email(), a.state(), parentId));
      }
    }
    return new OrganizationTree(
        org.id(), AccountId.of(org.managementAccountId()), root.id(), root.name(), units, accounts);
  }

  @Override
  public io.rootctl.cloud.OrganizationProfile profile() {
    var org =
        call(
            "organizations:DescribeOrganization",
            Optional.empty(),
            () -> organizations.describeOrganization(caller));
    var identity =
        call("sts:GetCallerIdentity", Optional.empty(), () -> sts.getCallerIdentity(caller));
    var admins =
        all(
            "organizations:ListDelegatedAdministrators",
            Optional.empty(),
            t ->
                organizations.listDelegatedAdministrators(
                    caller, Optional.of(IAM_SERVICE_PRINCIPAL), t, OptionalInt.empty()));
    return new io.rootctl.cloud.OrganizationProfile(
        org.featureSet(),
        AccountId.of(org.managementAccountId()),
        AccountId.of(identity.account()),
        admins.stream().map(a -> a.account().id()).toList());
  }

  @Override
  public List<io.rootctl.cloud.PolicySummary> listPolicies(String type) {
    return all(
            "organizations:ListPolicies",
            Optional.empty(),
            t -> organizations.listPolicies(caller, type, t, OptionalInt.empty()))
        .stream()
        .map(p -> new io.rootctl.cloud.PolicySummary(p.id(), p.name(), p.type(), p.awsManaged()))
        .toList();
  }

  @Override
  public List<io.rootctl.cloud.PolicyTarget> targetsForPolicy(String policyId) {
    return all(
            "organizations:ListTargetsForPolicy",
            Optional.empty(),
            t -> organizations.listTargetsForPolicy(caller, policyId, t, OptionalInt.empty()))
        .stream()
        .map(t -> new io.rootctl.cloud.PolicyTarget(t.targetId(), t.type(), t.name()))
        .toList();
  }

  @Override
  public io.rootctl.cloud.PolicyDocument describePolicy(String policyId) {
    var policy =
        call(
            "organizations:DescribePolicy",
            Optional.empty(),
            () -> organizations.describePolicy(caller, policyId));
    return new io.rootctl.cloud.PolicyDocument(
        policy.id(), policy.name(), policy.type(), policy.content());
  }

  @Override
  public Set<OrgFeature> enabledRootFeatures() {
    return call(
            "iam:ListOrganizationsFeatures",
            Optional.empty(),
            () -> iam.listOrganizationsFeatures(caller))
        .enabledFeatures();
  }

  @Override
  public boolean trustedAccessEnabled(String servicePrincipal) {
    return all(
            "organizations:ListAWSServiceAccessForOrganization",
            Optional.empty(),
            t -> organizations.listAwsServiceAccessForOrganization(caller, t, OptionalInt.empty()))
        .stream()
        .anyMatch(s -> s.servicePrincipal().equals(servicePrincipal));
  }

  @Override
  public void enableTrustedAccess(String servicePrincipal) {
    call(
        "organizations:EnableAWSServiceAccess",
        Optional.empty(),
        () -> {
          organizations.enableAwsServiceAccess(caller, servicePrincipal);
          return null;
        });
  }

  @Override
  public void enableRootFeature(OrgFeature feature) {
    switch (feature) {
      case ROOT_CREDENTIALS_MANAGEMENT ->
          call(
              "iam:EnableOrganizationsRootCredentialsManagement",
              Optional.empty(),
              () -> iam.enableOrganizationsRootCredentialsManagement(caller));
      case ROOT_SESSIONS ->
          call(
              "iam:EnableOrganizationsRootSessions",
              Optional.empty(),
              () -> iam.enableOrganizationsRootSessions(caller));
    }
  }

  @Override
  public void disableRootFeature(OrgFeature feature) {
    switch (feature) {
      case ROOT_CREDENTIALS_MANAGEMENT ->
          call(
              "iam:DisableOrganizationsRootCredentialsManagement",
              Optional.empty(),
              () -> iam.disableOrganizationsRootCredentialsManagement(caller));
      case ROOT_SESSIONS ->
          call(
              "iam:DisableOrganizationsRootSessions",
              Optional.empty(),
              () -> iam.disableOrganizationsRootSessions(caller));
    }
  }

  // ---------------------------------------------------------------- RootSessionClient

  @Override
  public RootSession open(AccountId account, TaskPolicy policy, Duration duration) {
    if (duration.compareTo(MAX_DURATION) > 0 || duration.isNegative()) {
      throw new IllegalArgumentException("a root session lasts at most 900 s, not " + duration);
    }
    var credentials =
        call(
            "sts:AssumeRoot",
            Optional.of(account.value()),
            () ->
                sts.assumeRoot(
                    caller,
                    account.value(),
                    policy.arn(),
                    OptionalInt.of((int) duration.toSeconds())));
    return new Session(credentials);
  }

  /** One root session over the simulation. */
  private final class Session implements RootSession {
    private final SessionCredentials credentials;
    private final Optional<String> account;
    private boolean closed;

    Session(SessionCredentials credentials) {
      this.credentials = credentials;
      this.account = Optional.of(credentials.account().value());
    }

    private Caller caller() {
      if (closed) {
        throw new IllegalStateException("root session " + credentials.accessKeyId() + " is closed");
      }
      return credentials.caller();
    }

    @Override
    public AccountId account() {
      return credentials.account();
    }

    @Override
    public TaskPolicy policy() {
      return credentials.policy();
    }

    @Override
    public Instant expiresAt() {
      return credentials.expiration();
    }

    @Override
    public Optional<String> accessKeyId() {
      return Optional.of(credentials.accessKeyId());
    }

    @Override
    public RootCredentials readRootCredentials() {
      var c = caller();
      boolean audit = credentials.policy() == TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS;
      Optional<Map<String, Integer>> summary =
          audit
              ? Optional.of(call("iam:GetAccountSummary", account, () -> iam.getAccountSummary(c)))
              : Optional.empty();
      Optional<LoginProfile> profile;
      try {
        profile = Optional.of(iam.getLoginProfile(c));
      } catch (SimException e) {
        if (!e.errorCode().equals("NoSuchEntity")) {
          throw translate("iam:GetLoginProfile", account, e);
        }
        profile = Optional.empty();
      }
      List<AccessKey> keys = List.of();
      if (present(summary, "AccountAccessKeysPresent")) {
        keys =
            all("iam:ListAccessKeys", account, m -> iam.listAccessKeys(c, m, OptionalInt.empty()))
                .stream()
                .map(
                    k ->
                        new AccessKey(
                            k.id(),
                            k.status(),
                            k.created(),
                            call(
                                    "iam:GetAccessKeyLastUsed",
                                    account,
                                    () -> iam.getAccessKeyLastUsed(c, k.id()))
                                .lastUsed()))
                .toList();
      }
      List<SigningCertificate> certificates =
          present(summary, "AccountSigningCertificatesPresent")
              ? all(
                  "iam:ListSigningCertificates",
                  account,
                  m -> iam.listSigningCertificates(c, m, OptionalInt.empty()))
              : List.of();
      List<MfaDevice> devices =
          present(summary, "AccountMFAEnabled")
              ? all(
                  "iam:ListMFADevices", account, m -> iam.listMfaDevices(c, m, OptionalInt.empty()))
              : List.of();
      return new RootCredentials(
          profile,
          summary.map(s -> s.getOrDefault("AccountPasswordPresent", 0) == 1),
          keys,
          certificates,
          devices);
    }

    /** Without a summary (delete sessions cannot read it), every kind is listed. */
    private static boolean present(Optional<Map<String, Integer>> summary, String key) {
      return summary.map(s -> s.getOrDefault(key, 0) > 0).orElse(true);
    }

    @Override
    public WriteResult deleteLoginProfile() {
      var c = caller();
      return idempotent("iam:DeleteLoginProfile", "NoSuchEntity", () -> iam.deleteLoginProfile(c));
    }

    @Override
    public WriteResult deleteAccessKey(String accessKeyId) {
      var c = caller();
      return idempotent(
          "iam:DeleteAccessKey", "NoSuchEntity", () -> iam.deleteAccessKey(c, accessKeyId));
    }

    @Override
    public WriteResult deleteSigningCertificate(String certificateId) {
      var c = caller();
      return idempotent(
          "iam:DeleteSigningCertificate",
          "NoSuchEntity",
          () -> iam.deleteSigningCertificate(c, certificateId));
    }

    @Override
    public WriteResult deactivateMfaDevice(String serialNumber) {
      var c = caller();
      return idempotent(
          "iam:DeactivateMFADevice",
          "NoSuchEntity",
          () -> iam.deactivateMfaDevice(c, serialNumber));
    }

    @Override
    public WriteResult deleteVirtualMfaDevice(String serialNumber) {
      var c = caller();
      return idempotent(
          "iam:DeleteVirtualMFADevice",
          "NoSuchEntity",
          () -> iam.deleteVirtualMfaDevice(c, serialNumber));
    }

    @Override
    public WriteResult createLoginProfile() {
      var c = caller();
      return idempotent(
          "iam:CreateLoginProfile", "EntityAlreadyExists", () -> iam.createLoginProfile(c, false));
    }

    private WriteResult idempotent(String operation, String doneCode, Runnable body) {
      try {
        body.run();
        return WriteResult.DONE;
      } catch (SimException e) {
        if (!e.errorCode().equals(doneCode)) {
          throw translate(operation, account, e);
        }
        return WriteResult.ALREADY_DONE;
      }
    }

    @Override
    public void close() {
      closed = true;
    }

    @Override
    public String toString() {
      return "RootSession["
          + credentials.account()
          + ", "
          + credentials.policy().policyName()
          + ", expires "
          + credentials.expiration()
          + "]";
    }
  }

  // ---------------------------------------------------------------- translation

  private <T> T call(String operation, Optional<String> account, Supplier<T> body) {
    try {
      return body.get();
    } catch (SimException e) {
      throw translate(operation, account, e);
    }
  }

  /** Every item of a listing: follows the token until absent, empty pages included. */
  private <T> List<T> all(
      String operation, Optional<String> account, Function<Optional<String>, Page<T>> page) {
    var items = new ArrayList<T>();
    Optional<String> token = Optional.empty();
    do {
      var from = token;
      var current = call(operation, account, () -> page.apply(from));
      items.addAll(current.items());
      token = current.next();
    } while (token.isPresent());
    return items;
  }

  private CloudException translate(String operation, Optional<String> account, SimException e) {
    var requestId = String.format("inmem-%08d", requests.incrementAndGet());
    if (e.throttling() || e.serverFault()) {
      return new RetryableCloudException(
          operation, account, e.errorCode(), requestId, e.getMessage(), e);
    }
    return new TerminalCloudException(
        kind(e.errorCode()), operation, account, e.errorCode(), requestId, e.getMessage(), e);
  }

  private static final Map<String, Kind> KINDS = kinds();

  private static Map<String, Kind> kinds() {
    var map = new HashMap<String, Kind>();
    for (var code :
        List.of(
            "AccessDenied",
            "AccessDeniedException",
            "InvalidClientTokenId",
            "UnrecognizedClientException",
            "CallerIsNotManagementAccountException",
            "AccountNotManagementOrDelegatedAdministratorException")) {
      map.put(code, Kind.ACCESS_DENIED);
    }
    for (var code : List.of("ExpiredToken", "ExpiredTokenException")) {
      map.put(code, Kind.SESSION_EXPIRED);
    }
    for (var code :
        List.of(
            "ServiceAccessNotEnabledException",
            "OrganizationNotFoundException",
            "OrganizationNotInAllFeaturesModeException",
            "AWSOrganizationsNotInUseException")) {
      map.put(code, Kind.NOT_ENABLED);
    }
    for (var code :
        List.of(
            "ValidationError",
            "InvalidInputException",
            "NoSuchEntity",
            "EntityAlreadyExists",
            "DeleteConflict",
            "ParentNotFoundException",
            "ChildNotFoundException",
            "ConstraintViolationException",
            "AccountNotFoundException",
            "TargetNotFoundException",
            "PolicyNotFoundException",
            "AccountAlreadyRegisteredException")) {
      map.put(code, Kind.INVALID_REQUEST);
    }
    return Map.copyOf(map);
  }

  private static Kind kind(String errorCode) {
    var kind = KINDS.get(errorCode);
    if (kind == null && errorCode.endsWith("Exception")) {
      // AWS's API reference lists some codes without the suffix the wire carries (e.g.
      // https://docs.aws.amazon.com/IAM/latest/APIReference/API_EnableOrganizationsRootSessions.html):
      // match both forms.
      kind = KINDS.get(errorCode.substring(0, errorCode.length() - "Exception".length()));
    }
    if (kind == null) {
      kind = KINDS.get(errorCode + "Exception");
    }
    return kind == null ? Kind.UNKNOWN : kind;
  }
}
