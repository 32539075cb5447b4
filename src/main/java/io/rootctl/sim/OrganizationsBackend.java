package io.rootctl.sim;

import io.rootctl.model.AccountId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * AWS Organizations, simulated over a {@link SimulatedOrganization}'s shared state (moto's {@code
 * organizations/models.py}): the tree walk, trusted access and delegated administrators rootctl
 * uses. Each public method is one API call: it takes the {@link Caller}, goes through the call
 * pipeline (faults, journal) and returns plain values or throws a {@link SimException} with
 * Organizations' error code. Reads need the management account or a delegated administrator; writes
 * the management account. Listings page as {@link Pagination#organizations} says. A view: construct
 * as many as convenient; all share the organization's state. Thread-safe.
 *
 * @see <a href="https://docs.aws.amazon.com/organizations/latest/APIReference/Welcome.html">AWS
 *     Organizations API Reference</a>
 */
public final class OrganizationsBackend {
  private final SimState state;
  private final CallPipeline pipeline;

  public OrganizationsBackend(SimulatedOrganization organization) {
    this.state = organization.state();
    this.pipeline = organization.pipeline();
  }

  private void requireOrganizationsReader(Principal p) {
    boolean delegatedAdmin =
        state.delegated.values().stream().anyMatch(m -> m.containsKey(p.account()));
    if (!p.account().equals(state.management) && !delegatedAdmin) {
      throw SimException.organizationsAccessDenied();
    }
  }

  private void requireManagement(Principal p) {
    if (!p.account().equals(state.management)) {
      throw SimException.organizationsAccessDenied();
    }
  }

  private String orgArn(String kind, String id) {
    return "arn:aws:organizations::"
        + state.management
        + ":"
        + kind
        + "/"
        + state.organizationId
        + "/"
        + id;
  }

  private String entityPath(String parentId) {
    var chain = new ArrayList<String>();
    for (var current = state.units.get(parentId);
        current != null;
        current = state.units.get(current.parent)) {
      chain.add(0, current.id);
    }
    return state.organizationId
        + "/"
        + state.rootId
        + "/"
        + (chain.isEmpty() ? "" : String.join("/", chain) + "/");
  }

  private AccountView view(SimState.Account a) {
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

  private OuView view(SimState.Ou o) {
    return new OuView(o.id, orgArn("ou", o.id), o.name, o.parent, entityPath(o.id));
  }

  /** organizations:DescribeOrganization. Any account of the organization may call it. */
  public OrganizationView describeOrganization(Caller caller) {
    return pipeline.call(
        "organizations:DescribeOrganization",
        caller,
        p -> {
          var m = state.accounts.get(state.management);
          return new OrganizationView(
              state.organizationId,
              "arn:aws:organizations::"
                  + state.management
                  + ":organization/"
                  + state.organizationId,
              "ALL",
              orgArn("account", state.management.value()),
              state.management.value(),
              m.email);
        });
  }

  /** organizations:ListRoots. */
  public Page<RootView> listRoots(Caller caller, Optional<String> nextToken, OptionalInt max) {
    return pipeline.call(
        "organizations:ListRoots",
        caller,
        p -> {
          requireOrganizationsReader(p);
          return Pagination.organizations(
              "ListRoots",
              List.of(new RootView(state.rootId, orgArn("root", state.rootId), state.rootName)),
              nextToken,
              max);
        });
  }

  /** organizations:ListOrganizationalUnitsForParent. */
  public Page<OuView> listOrganizationalUnitsForParent(
      Caller caller, String parentId, Optional<String> nextToken, OptionalInt max) {
    return pipeline.call(
        "organizations:ListOrganizationalUnitsForParent",
        caller,
        p -> {
          requireOrganizationsReader(p);
          requireParent(parentId);
          var children =
              state.units.values().stream()
                  .filter(o -> o.parent.equals(parentId))
                  .map(this::view)
                  .toList();
          return Pagination.organizations(
              "ListOrganizationalUnitsForParent:" + parentId, children, nextToken, max);
        });
  }

  private void requireParent(String parentId) {
    if (!state.isParent(parentId)) {
      throw new SimException(
          "ParentNotFoundException",
          400,
          "We can't find a root or OU with the ParentId that you specified.");
    }
  }

  /** organizations:ListAccountsForParent (direct children only). */
  public Page<AccountView> listAccountsForParent(
      Caller caller, String parentId, Optional<String> nextToken, OptionalInt max) {
    return pipeline.call(
        "organizations:ListAccountsForParent",
        caller,
        p -> {
          requireOrganizationsReader(p);
          requireParent(parentId);
          var children =
              state.accountOrder.stream().filter(a -> a.parent.equals(parentId)).toList();
          return Pagination.organizations(
                  "ListAccountsForParent:" + parentId, children, nextToken, max)
              .map(this::view);
        });
  }

  /**
   * organizations:ListChildren: the direct children of one root or OU of one type, ids only,
   * accounts in the order ListAccountsForParent lists them, OUs in the order
   * ListOrganizationalUnitsForParent does. The management account or a delegated administrator may
   * call it, as ListAccountsForParent.
   *
   * @param parentId a root ({@code r-}) or OU ({@code ou-}) id
   * @param childType {@code ACCOUNT} or {@code ORGANIZATIONAL_UNIT}
   * @param nextToken the previous page's token; empty for the first page
   * @param max {@code MaxResults}, 1..20 (default 20); the listing pages as {@link
   *     Pagination#organizations} says, with the occasional empty page that still carries a token
   * @throws SimException {@code AccessDeniedException} for a caller that is neither the management
   *     account nor a delegated administrator, {@code InvalidInputException} (reason {@code
   *     INVALID_ENUM}) for another ChildType and for a malformed NextToken or MaxResults, {@code
   *     ParentNotFoundException} for an unknown parent, and {@code TooManyRequestsException} when
   *     throttled ({@link FaultSettings#organizationsLimits()})
   * @see <a
   *     href="https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListChildren.html">ListChildren</a>
   */
  public Page<ChildView> listChildren(
      Caller caller,
      String parentId,
      String childType,
      Optional<String> nextToken,
      OptionalInt max) {
    return pipeline.call(
        "organizations:ListChildren",
        caller,
        p -> {
          requireOrganizationsReader(p);
          List<ChildView> children =
              switch (childType) {
                case "ACCOUNT" -> {
                  requireParent(parentId);
                  yield state.accountOrder.stream()
                      .filter(a -> a.parent.equals(parentId))
                      .map(a -> new ChildView(a.id.value(), "ACCOUNT"))
                      .toList();
                }
                case "ORGANIZATIONAL_UNIT" -> {
                  requireParent(parentId);
                  yield state.units.values().stream()
                      .filter(o -> o.parent.equals(parentId))
                      .map(o -> new ChildView(o.id, "ORGANIZATIONAL_UNIT"))
                      .toList();
                }
                default ->
                    throw SimException.invalidInput(
                        "INVALID_ENUM",
                        "You specified an invalid value for ChildType: "
                            + childType
                            + ". Valid values are ACCOUNT and ORGANIZATIONAL_UNIT.");
              };
          return Pagination.organizations(
              "ListChildren:" + parentId + ":" + childType, children, nextToken, max);
        });
  }

  /**
   * organizations:DescribeAccount: one account of the organization, the management account
   * included, with its current name, email and state.
   *
   * @param accountId twelve digits
   * @throws SimException {@code AccessDeniedException} for a caller that is neither the management
   *     account nor a delegated administrator, {@code InvalidInputException} (reason {@code
   *     INVALID_SYNTAX_ACCOUNT_ID}) for an id that is not twelve digits, {@code
   *     AccountNotFoundException} for an account not in the organization, and {@code
   *     TooManyRequestsException} when throttled ({@link FaultSettings#organizationsLimits()})
   * @see <a
   *     href="https://docs.aws.amazon.com/organizations/latest/APIReference/API_DescribeAccount.html">DescribeAccount</a>
   */
  public AccountView describeAccount(Caller caller, String accountId) {
    return pipeline.call(
        "organizations:DescribeAccount",
        caller,
        p -> {
          requireOrganizationsReader(p);
          if (!AccountId.isValid(accountId)) {
            throw SimException.invalidInput(
                "INVALID_SYNTAX_ACCOUNT_ID", "You provided an invalid account ID: " + accountId);
          }
          var account = state.accounts.get(AccountId.of(accountId));
          if (account == null) {
            throw new SimException(
                "AccountNotFoundException", 400, "You specified an account that doesn't exist.");
          }
          return view(account);
        });
  }

  /** organizations:ListAccounts (every account, the management account included). */
  public Page<AccountView> listAccounts(
      Caller caller, Optional<String> nextToken, OptionalInt max) {
    return pipeline.call(
        "organizations:ListAccounts",
        caller,
        p -> {
          requireOrganizationsReader(p);
          return Pagination.organizations("ListAccounts", state.accountOrder, nextToken, max)
              .map(this::view);
        });
  }

  /** organizations:ListParents of an account id or OU id. */
  public Page<ParentView> listParents(
      Caller caller, String childId, Optional<String> nextToken, OptionalInt max) {
    return pipeline.call(
        "organizations:ListParents",
        caller,
        p -> {
          requireOrganizationsReader(p);
          String parent;
          if (AccountId.isValid(childId) && state.accounts.containsKey(AccountId.of(childId))) {
            parent = state.accounts.get(AccountId.of(childId)).parent;
          } else if (state.units.containsKey(childId)) {
            parent = state.units.get(childId).parent;
          } else {
            throw new SimException(
                "ChildNotFoundException",
                400,
                "We can't find an organizational unit (OU) or AWS account with the ChildId that you"
                    + " specified.");
          }
          var view =
              new ParentView(parent, parent.equals(state.rootId) ? "ROOT" : "ORGANIZATIONAL_UNIT");
          return Pagination.organizations("ListParents:" + childId, List.of(view), nextToken, max);
        });
  }

  /** organizations:EnableAWSServiceAccess. Management account only; idempotent. */
  public void enableAwsServiceAccess(Caller caller, String servicePrincipal) {
    pipeline.call(
        "organizations:EnableAWSServiceAccess",
        caller,
        p -> {
          requireManagement(p);
          if (!servicePrincipal.matches("[\\w+=,.@-]{1,128}")) {
            throw SimException.invalidInput(
                "UNRECOGNIZED_SERVICE_PRINCIPAL",
                "You specified a service principal that isn't recognized.");
          }
          state.trustedAccess.putIfAbsent(servicePrincipal, pipeline.now());
          return null;
        });
  }

  /** organizations:ListAWSServiceAccessForOrganization. */
  public Page<ServiceAccessView> listAwsServiceAccessForOrganization(
      Caller caller, Optional<String> nextToken, OptionalInt max) {
    return pipeline.call(
        "organizations:ListAWSServiceAccessForOrganization",
        caller,
        p -> {
          requireOrganizationsReader(p);
          var list =
              state.trustedAccess.entrySet().stream()
                  .map(e -> new ServiceAccessView(e.getKey(), e.getValue()))
                  .toList();
          return Pagination.organizations(
              "ListAWSServiceAccessForOrganization", list, nextToken, max);
        });
  }

  /** organizations:RegisterDelegatedAdministrator. Management account only. */
  public void registerDelegatedAdministrator(
      Caller caller, String accountId, String servicePrincipal) {
    pipeline.call(
        "organizations:RegisterDelegatedAdministrator",
        caller,
        p -> {
          requireManagement(p);
          if (!AccountId.isValid(accountId)
              || !state.accounts.containsKey(AccountId.of(accountId))) {
            throw new SimException(
                "AccountNotFoundException",
                400,
                "We can't find an AWS account with the AccountId that you specified.");
          }
          var id = AccountId.of(accountId);
          if (id.equals(state.management)) {
            throw new SimException(
                "ConstraintViolationException",
                400,
                "You cannot register the management account of the organization as a delegated"
                    + " administrator for an AWS service.",
                Optional.of("CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR"));
          }
          var registered =
              state.delegated.computeIfAbsent(servicePrincipal, k -> new LinkedHashMap<>());
          if (registered.containsKey(id)) {
            throw new SimException(
                "AccountAlreadyRegisteredException",
                400,
                "The provided account is already a delegated administrator for your organization.");
          }
          registered.put(id, pipeline.now());
          return null;
        });
  }

  /** organizations:ListDelegatedAdministrators, for one service principal or all. */
  public Page<DelegatedAdministratorView> listDelegatedAdministrators(
      Caller caller,
      Optional<String> servicePrincipal,
      Optional<String> nextToken,
      OptionalInt max) {
    return pipeline.call(
        "organizations:ListDelegatedAdministrators",
        caller,
        p -> {
          requireOrganizationsReader(p);
          var since = new TreeMap<AccountId, Instant>();
          state.delegated.forEach(
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
                              view(state.accounts.get(e.getKey())), e.getValue()))
                  .toList();
          return Pagination.organizations(
              "ListDelegatedAdministrators:" + servicePrincipal.orElse(""), list, nextToken, max);
        });
  }

  // ------------------------------------------------------------ policies (SCPs and RCPs)

  private static final java.util.Set<String> POLICY_TYPES =
      java.util.Set.of("SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY");

  private static void requirePolicyType(String type) {
    if (!POLICY_TYPES.contains(type)) {
      throw SimException.invalidInput(
          "INVALID_ENUM_POLICY_TYPE",
          "You specified an invalid value for the policy type: the emulator models"
              + " SERVICE_CONTROL_POLICY and RESOURCE_CONTROL_POLICY.");
    }
  }

  private SimState.Policy requirePolicy(String policyId) {
    if (!policyId.matches("p-[0-9a-zA-Z_]{8,128}")) {
      throw SimException.invalidInput(
          "INVALID_SYNTAX_POLICY_ID", "You specified an invalid policy ID: " + policyId + ".");
    }
    var policy = state.policies.get(policyId);
    if (policy == null) {
      throw new SimException(
          "PolicyNotFoundException",
          400,
          "We can't find a policy with the PolicyId that you specified.");
    }
    return policy;
  }

  private void requireTarget(String targetId) {
    if (!state.isPolicyTarget(targetId)) {
      throw new SimException(
          "TargetNotFoundException",
          400,
          "We can't find a root, OU, account, or policy with the TargetId that you specified.");
    }
  }

  private PolicyView view(SimState.Policy p) {
    var arn =
        p.awsManaged
            ? "arn:aws:organizations::aws:policy/"
                + p.type.toLowerCase(java.util.Locale.ROOT)
                + "/"
                + p.id
            : orgArn("policy", p.type.toLowerCase(java.util.Locale.ROOT) + "/" + p.id);
    return new PolicyView(p.id, arn, p.name, p.description, p.type, p.awsManaged, p.content);
  }

  /**
   * organizations:CreatePolicy. Management account only.
   *
   * @throws SimException DuplicatePolicyException for a name in use,
   *     MalformedPolicyDocumentException for content that is not a JSON policy with a Statement
   */
  public PolicyView createPolicy(
      Caller caller, String name, String description, String type, String content) {
    return pipeline.call(
        "organizations:CreatePolicy",
        caller,
        p -> {
          requireManagement(p);
          requirePolicyType(type);
          if (state.policies.values().stream().anyMatch(x -> x.name.equals(name))) {
            throw new SimException(
                "DuplicatePolicyException", 400, "A policy with the same name already exists.");
          }
          try {
            io.rootctl.preflight.OrganizationPolicy.parse("p-new", name, type, content);
          } catch (RuntimeException e) {
            throw new SimException(
                "MalformedPolicyDocumentException",
                400,
                "The provided policy document doesn't meet the requirements of the specified"
                    + " policy type.");
          }
          var id = "p-" + state.randomId(8).toLowerCase(java.util.Locale.ROOT);
          var policy = new SimState.Policy(id, name, description, type, content, false);
          state.policies.put(id, policy);
          return view(policy);
        });
  }

  /**
   * organizations:AttachPolicy to a root, OU or account. Management account only.
   *
   * @throws SimException DuplicatePolicyAttachmentException when already attached
   */
  public void attachPolicy(Caller caller, String policyId, String targetId) {
    pipeline.call(
        "organizations:AttachPolicy",
        caller,
        p -> {
          requireManagement(p);
          var policy = requirePolicy(policyId);
          requireTarget(targetId);
          if (!policy.targets.add(targetId)) {
            throw new SimException(
                "DuplicatePolicyAttachmentException",
                400,
                "The selected policy is already attached to the specified target.");
          }
          return null;
        });
  }

  /**
   * organizations:DetachPolicy. Management account only.
   *
   * @throws SimException PolicyNotAttachedException when not attached there
   */
  public void detachPolicy(Caller caller, String policyId, String targetId) {
    pipeline.call(
        "organizations:DetachPolicy",
        caller,
        p -> {
          requireManagement(p);
          var policy = requirePolicy(policyId);
          requireTarget(targetId);
          if (!policy.targets.remove(targetId)) {
            throw new SimException(
                "PolicyNotAttachedException",
                400,
                "The policy isn't attached to the specified target in the specified root.");
          }
          return null;
        });
  }

  /** organizations:ListPolicies of one type (summaries: {@link PolicyView#content} is empty). */
  public Page<PolicyView> listPolicies(
      Caller caller, String filter, Optional<String> nextToken, OptionalInt max) {
    return pipeline.call(
        "organizations:ListPolicies",
        caller,
        p -> {
          requireOrganizationsReader(p);
          requirePolicyType(filter);
          var list =
              state.policies.values().stream()
                  .filter(x -> x.type.equals(filter))
                  .map(this::view)
                  .toList();
          return Pagination.organizations("ListPolicies:" + filter, list, nextToken, max);
        });
  }

  /**
   * organizations:ListPoliciesForTarget: the policies of one type attached directly to a target.
   */
  public Page<PolicyView> listPoliciesForTarget(
      Caller caller, String targetId, String filter, Optional<String> nextToken, OptionalInt max) {
    return pipeline.call(
        "organizations:ListPoliciesForTarget",
        caller,
        p -> {
          requireOrganizationsReader(p);
          requirePolicyType(filter);
          requireTarget(targetId);
          var list =
              state.policies.values().stream()
                  .filter(x -> x.type.equals(filter) && x.targets.contains(targetId))
                  .map(this::view)
                  .toList();
          return Pagination.organizations(
              "ListPoliciesForTarget:" + targetId + ":" + filter, list, nextToken, max);
        });
  }

  /**
   * organizations:ListTargetsForPolicy: the roots, OUs and accounts {@code policyId} is attached to
   * directly, in the order they were attached. The management account or a delegated administrator
   * may call it, as ListPoliciesForTarget.
   *
   * @param policyId {@code p-} and 8 to 128 letters, digits or underscores
   * @param nextToken the previous page's token; empty for the first page
   * @param max {@code MaxResults}, 1..20 (default 20); the listing pages as {@link
   *     Pagination#organizations} says, with the occasional empty page that still carries a token
   * @throws SimException {@code AccessDeniedException} for a caller that is neither the management
   *     account nor a delegated administrator, {@code InvalidInputException} for a malformed policy
   *     id, NextToken or MaxResults, {@code PolicyNotFoundException} for an unknown policy, and
   *     {@code TooManyRequestsException} when throttled ({@link
   *     FaultSettings#organizationsLimits()})
   * @see <a
   *     href="https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListTargetsForPolicy.html">ListTargetsForPolicy</a>
   */
  public Page<PolicyTargetView> listTargetsForPolicy(
      Caller caller, String policyId, Optional<String> nextToken, OptionalInt max) {
    return pipeline.call(
        "organizations:ListTargetsForPolicy",
        caller,
        p -> {
          requireOrganizationsReader(p);
          var policy = requirePolicy(policyId);
          var targets = policy.targets.stream().map(this::target).toList();
          return Pagination.organizations(
              "ListTargetsForPolicy:" + policyId, targets, nextToken, max);
        });
  }

  /** A policy target's summary, with its ARN as AWS forms it for roots, OUs and accounts. */
  private PolicyTargetView target(String id) {
    if (id.equals(state.rootId)) {
      return new PolicyTargetView(id, orgArn("root", id), state.rootName, "ROOT");
    }
    var ou = state.units.get(id);
    if (ou != null) {
      return new PolicyTargetView(id, orgArn("ou", id), ou.name, "ORGANIZATIONAL_UNIT");
    }
    var account = state.existing(AccountId.of(id));
    return new PolicyTargetView(id, orgArn("account", id), account.name, "ACCOUNT");
  }

  /** organizations:DescribePolicy, with its content. */
  public PolicyView describePolicy(Caller caller, String policyId) {
    return pipeline.call(
        "organizations:DescribePolicy",
        caller,
        p -> {
          requireOrganizationsReader(p);
          return view(requirePolicy(policyId));
        });
  }
}
