package io.rootctl.sim;

import io.rootctl.cloud.Sleeper;
import io.rootctl.live.AccountState;
import io.rootctl.live.RootCredentials;
import io.rootctl.live.SigningCertificate;
import io.rootctl.model.AccountId;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An AWS organization with centralized root access, simulated: the core every simulated service
 * shares. It holds the {@link SimState} (the organization, its root and OU tree, its accounts and
 * their root users, the IAM root features, trusted access, delegated administrators and the root
 * sessions {@code sts:AssumeRoot} issued) and the {@link CallPipeline} every API call goes through
 * (caller resolution, task-policy check, injected {@link Faults}, the {@link CallJournal}). The
 * APIs themselves live in one backend per AWS service, constructed over this core: {@link
 * OrganizationsBackend}, {@link IamBackend} and {@link StsBackend} (as moto's per-service {@code
 * models.py}); docs/emulator.md says how a new service joins. This class loads fixtures, writes the
 * state back as one, and offers drift helpers that change the state directly (not API calls:
 * neither journaled nor faulted). Time comes from the injected clock. Thread-safe: one lock guards
 * the state.
 */
public final class SimulatedOrganization {
  /** The administrator IAM user every {@link AdminCredentials} belongs to. */
  public static final String ADMIN_USER = "rootctl-admin";

  private final SimState state = new SimState();
  private final CallPipeline pipeline;
  private final RootActivityEvents events;
  private Fixture initial;

  /**
   * @param fixture the organization to start from (and to go back to on {@link #reset()})
   * @param clock the time for session expiry, token buckets and timestamps
   * @param faults which faults to inject
   * @param sleeper waits out injected latency
   * @throws IllegalArgumentException when the fixture does not add up ("invalid fixture: ...")
   */
  public SimulatedOrganization(
      Fixture fixture, Clock clock, FaultSettings faults, Sleeper sleeper) {
    this.pipeline = new CallPipeline(state, clock, new Faults(faults, clock, sleeper));
    this.initial = fixture;
    this.events = new RootActivityEvents(this);
    load(fixture);
    if (clock instanceof AdjustableClock adjustable) {
      adjustable.onAdvance(pipeline::signalChange);
    }
  }

  /** A simulation without faults, whose latency (none) is never slept. */
  public static SimulatedOrganization of(Fixture fixture, Clock clock) {
    return new SimulatedOrganization(fixture, clock, FaultSettings.none(), d -> {});
  }

  /** The shared state, for the service backends (always accessed under the pipeline's lock). */
  SimState state() {
    return state;
  }

  /**
   * The root-activity events (CloudTrail through EventBridge into an SQS queue): where they go, the
   * delivery delay, and the sign-in, GuardDuty and raw events a test injects.
   */
  public RootActivityEvents events() {
    return events;
  }

  /** The call pipeline, for the service backends. */
  CallPipeline pipeline() {
    return pipeline;
  }

  private void load(Fixture fixture) {
    pipeline.locked(
        () -> {
          initial = fixture;
          state.load(fixture);
          return null;
        });
  }

  /** Goes back to the fixture this simulation started from; clears the journal and sessions. */
  public void reset() {
    load(pipeline.locked(() -> initial));
    pipeline.journal().clear();
    pipeline.faults().clearQueued();
  }

  /**
   * The current state, written as a fixture (what {@code GET /_sim/state} returns and {@code
   * rootctl sim --dump-fixture} writes): loading it gives the same state, root sessions aside.
   */
  public Fixture snapshot() {
    return pipeline.locked(state::snapshot);
  }

  // ---------------------------------------------------------------- drift

  /** Drift: gives {@code account}'s root user a new active access key; returns its id. */
  public String addRootAccessKey(AccountId account) {
    return pipeline.locked(
        () -> {
          var id = "AKIA" + state.randomId(16);
          state
              .existing(account)
              .root
              .keys
              .add(new SimState.Key(id, "Active", pipeline.now(), Optional.empty(), "N/A"));
          events.humanRootCall(
              account,
              "CreateAccessKey",
              null,
              Map.of(
                  "accessKey",
                  Map.of(
                      "accessKeyId",
                      id,
                      "status",
                      "Active",
                      "createDate",
                      RootActivityEvents.iamDate(pipeline.now()))));
          return id;
        });
  }

  /** Drift: gives {@code account}'s root user a login profile, with or without a password. */
  public void addRootLoginProfile(AccountId account, boolean password) {
    pipeline.locked(
        () -> {
          var root = state.existing(account).root;
          var existed = root.profileCreated.isPresent();
          root.profileCreated = Optional.of(root.profileCreated.orElse(pipeline.now()));
          root.password = password;
          events.humanRootCall(
              account,
              existed ? "UpdateLoginProfile" : "CreateLoginProfile",
              Map.of("passwordResetRequired", false),
              existed
                  ? null
                  : Map.of(
                      "loginProfile",
                      Map.of(
                          "createDate",
                          RootActivityEvents.iamDate(root.profileCreated.get()),
                          "passwordResetRequired",
                          false)));
          return null;
        });
  }

  /** Drift: gives {@code account}'s root user a signing certificate; returns its id. */
  public String addRootSigningCertificate(AccountId account) {
    return pipeline.locked(
        () -> {
          var id = state.randomId(24);
          state
              .existing(account)
              .root
              .certificates
              .add(new SigningCertificate(id, "Active", pipeline.now()));
          events.humanRootCall(
              account,
              "UploadSigningCertificate",
              null,
              Map.of(
                  "certificate",
                  Map.of(
                      "certificateId",
                      id,
                      "status",
                      "Active",
                      "uploadDate",
                      RootActivityEvents.iamDate(pipeline.now()))));
          return id;
        });
  }

  /** Drift: gives {@code account}'s root user an enabled MFA device; returns its serial. */
  public String addRootMfaDevice(AccountId account, boolean virtual) {
    return pipeline.locked(
        () -> {
          var root = state.existing(account).root;
          var serial =
              virtual
                  ? "arn:aws:iam::"
                      + account
                      + ":mfa/root-account-mfa-device"
                      + (root.mfa.isEmpty() ? "" : "-" + state.randomId(4).toLowerCase())
                  : "GAKT" + state.randomId(12);
          root.mfa.add(new SimState.Mfa(serial, pipeline.now(), true));
          if (virtual) {
            events.humanRootCall(
                account,
                "CreateVirtualMFADevice",
                Map.of(
                    "virtualMFADeviceName",
                    serial.substring(serial.indexOf("mfa/") + 4),
                    "path",
                    "/"),
                Map.of("virtualMFADevice", Map.of("serialNumber", serial)));
          }
          events.humanRootCall(account, "EnableMFADevice", Map.of("serialNumber", serial), null);
          return serial;
        });
  }

  /** Suspends {@code account} (Organizations State SUSPENDED). */
  public void suspend(AccountId account) {
    pipeline.locked(
        () -> {
          state.existing(account).state = AccountState.SUSPENDED;
          return null;
        });
  }

  /**
   * Adds an ACTIVE account without root credentials under {@code parentId}, with the default SCP
   * FullAWSAccess attached as AWS attaches it to every account; returns its id.
   */
  public AccountId addAccount(String name, String email, String parentId) {
    return pipeline.locked(
        () -> {
          if (!state.isParent(parentId)) {
            throw new IllegalArgumentException("no root or OU " + parentId);
          }
          var id = state.newAccountId();
          state.accounts.put(
              id,
              new SimState.Account(id, name, email, parentId, AccountState.ACTIVE, pipeline.now()));
          state.accountOrder = List.copyOf(state.accounts.values());
          // A new account gets the default SCP, as every account does (SimState#FULL_AWS_ACCESS).
          state.policies.get(SimState.FULL_AWS_ACCESS).targets.add(id.value());
          return id;
        });
  }

  /**
   * Creates an Organizations policy and attaches it to {@code targetId} (the root, an OU or an
   * account), as CreatePolicy then AttachPolicy would, without going through the call pipeline;
   * returns its id ({@code p-...}).
   *
   * @param type {@code SERVICE_CONTROL_POLICY} or {@code RESOURCE_CONTROL_POLICY}
   * @param content the policy's JSON document
   * @throws IllegalArgumentException for an unknown type or target, a name in use or content that
   *     is not a policy document
   */
  public String attachPolicy(String name, String type, String content, String targetId) {
    if (!type.equals("SERVICE_CONTROL_POLICY") && !type.equals("RESOURCE_CONTROL_POLICY")) {
      throw new IllegalArgumentException(
          "policy type must be SERVICE_CONTROL_POLICY or"
              + " RESOURCE_CONTROL_POLICY, not "
              + type);
    }
    try {
      io.rootctl.preflight.OrganizationPolicy.parse("p-new", name, type, content);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a policy document: " + e.getMessage(), e);
    }
    return pipeline.locked(
        () -> {
          if (!state.isPolicyTarget(targetId)) {
            throw new IllegalArgumentException("no root, OU or account " + targetId);
          }
          if (state.policies.values().stream().anyMatch(p -> p.name.equals(name))) {
            throw new IllegalArgumentException("a policy named " + name + " exists");
          }
          var id = "p-" + state.randomId(8).toLowerCase(java.util.Locale.ROOT);
          var policy = new SimState.Policy(id, name, "", type, content, false);
          policy.targets.add(targetId);
          state.policies.put(id, policy);
          return id;
        });
  }

  /** Issues long-term administrator credentials in {@code account} (e.g. a delegated admin). */
  public AdminCredentials addAdminCredentials(AccountId account) {
    return pipeline.locked(
        () -> {
          state.existing(account);
          var creds =
              new AdminCredentials(
                  account, "AKIA" + state.randomId(16), "sim/" + state.randomId(36));
          state.admins.put(creds.accessKeyId(), creds);
          return creds;
        });
  }

  // ---------------------------------------------------------------- direct reads

  /** What {@code account}'s root user holds now, read directly (not an API call; not journaled). */
  public RootCredentials rootCredentials(AccountId account) {
    return pipeline.locked(() -> SimState.credentials(state.existing(account).root));
  }

  /**
   * The account whose credentials {@code caller} holds (a session's account, an administrator's
   * account), if the key is known. A lookup, not an API call: not journaled, never faulted.
   */
  public Optional<AccountId> accountOf(Caller caller) {
    return pipeline.locked(
        () -> {
          var admin = state.admins.get(caller.accessKeyId());
          if (admin != null) {
            return Optional.of(admin.account());
          }
          return Optional.ofNullable(state.sessions.get(caller.accessKeyId()))
              .map(SimState.Session::account);
        });
  }

  /** The management account administrator's credentials. */
  public AdminCredentials managementCredentials() {
    return pipeline.locked(state::managementCredentials);
  }

  /** The organization's id, {@code o-...}. */
  public String organizationId() {
    return pipeline.locked(() -> state.organizationId);
  }

  /** The management account's id. */
  public AccountId managementAccount() {
    return pipeline.locked(() -> state.management);
  }

  /** How many accounts the organization has, the management account included. */
  public int accountCount() {
    return pipeline.locked(state.accounts::size);
  }

  // ---------------------------------------------------------------- journal, clock, faults

  /** Every call answered so far. */
  public CallJournal journal() {
    return pipeline.journal();
  }

  /** The clock this simulation reads. */
  public Clock clock() {
    return pipeline.clock();
  }

  /** The faults injected now. */
  public FaultSettings faultSettings() {
    return pipeline.faults().settings();
  }

  /** Replaces the fault settings; token buckets start full again. */
  public void setFaultSettings(FaultSettings settings) {
    pipeline.faults().apply(settings);
  }

  /** Makes the next {@code times} calls of {@code operation} ({@code iam:ListAccessKeys}) fail. */
  public void failNext(String operation, int times, SimException error) {
    pipeline.faults().failNext(operation, times, error);
  }

  /**
   * Makes the next {@code times} calls of {@code operation} ({@code service:Operation}) take effect
   * and then answer a 5xx (commit then fail), as when AWS commits a write and its answer is lost.
   */
  public void commitThenFailNext(String operation, int times) {
    pipeline.faults().commitThenFailNext(operation, times);
  }

  /**
   * Makes every call of {@code operation} about {@code account} (the target of {@code
   * sts:AssumeRoot}, the account of a root session's IAM call) fail with {@code error} until {@link
   * #stopFailing}, as a service control policy that denies it in that one account would. Calls
   * queued by {@link #failNext} fail first.
   */
  public void failAlways(String operation, AccountId account, SimException error) {
    pipeline.faults().failAlways(operation, account.value(), error);
  }

  /** Lifts {@link #failAlways} for {@code operation} about {@code account}. */
  public void stopFailing(String operation, AccountId account) {
    pipeline.faults().stopFailing(operation, account.value());
  }
}
