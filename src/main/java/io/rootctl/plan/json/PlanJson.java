package io.rootctl.plan.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.rootctl.desired.CredentialSetting;
import io.rootctl.live.Fingerprint;
import io.rootctl.model.AccountId;
import io.rootctl.model.CredentialKind;
import io.rootctl.model.Mode;
import io.rootctl.model.OuPath;
import io.rootctl.model.Printable;
import io.rootctl.plan.AccountAction;
import io.rootctl.plan.AccountChange;
import io.rootctl.plan.NeedsPerson;
import io.rootctl.plan.OrganizationAction;
import io.rootctl.plan.OrganizationChange;
import io.rootctl.plan.Plan;
import io.rootctl.plan.PlanSummary;
import io.rootctl.plan.PreflightWarning;
import io.rootctl.plan.Skip;
import io.rootctl.plan.SkipReason;
import io.rootctl.plan.Unreadable;
import io.rootctl.plan.json.PlanDocument.AccountDocument;
import io.rootctl.plan.json.PlanDocument.NeedsPersonDocument;
import io.rootctl.plan.json.PlanDocument.OrganizationDocument;
import io.rootctl.plan.json.PlanDocument.PreflightWarningDocument;
import io.rootctl.plan.json.PlanDocument.SkipDocument;
import io.rootctl.plan.json.PlanDocument.SummaryDocument;
import io.rootctl.plan.json.PlanDocument.TargetDocument;
import io.rootctl.plan.json.PlanDocument.UnreadTargetDocument;
import io.rootctl.plan.json.PlanDocument.UnreadableDocument;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Writes a {@link Plan} as JSON and reads it back, losslessly: {@code read(write(plan))} equals
 * {@code plan}. Output is deterministic (fields in a fixed order, the plan's own ordering of
 * accounts and actions), pretty-printed with two-space indents and a trailing newline.
 *
 * <p>Format version 4 (3 had no {@code needsPerson}, {@code preflightWarnings} and {@code
 * preflightUnreadTargets}; 2 had no {@code ouId}; 1 counted unreadable accounts as skipped):
 *
 * <pre>
 * {formatVersion, desiredRevision, createdAt (ISO-8601), mode (enforce|observe), applicable,
 *  organization: null | {actions: [{type, ...}], reasons},
 *  accounts: [{account, name, ou, ouId, basedOn, actions: [{type, ..., taskPolicy}], reasons}],
 *  inSync: [account ids], skipped: [{account, name, reason, detail}],
 *  unreadable: [{account, name, reason}],
 *  needsPerson: [{account, name, ou, ouId, requirement (mfaDevices), value (required|hardware),
 *                 found, reason}],
 *  summary: {toDelete, toAllow, featuresToEnable, featuresToDisable, accountsChanged,
 *            accountsInSync, accountsSkipped, accountsUnreadable, accountsNeedingPerson},
 *  preflightWarnings: [{policyId, policyName, policyType, statement, target: {type, id, name},
 *                       taskPolicy, actions, certain, accounts, message}],
 *  preflightUnreadTargets: [{target: {type, id, name}, error, message}]}
 * </pre>
 *
 * Reading is strict: another format version, an unknown field or action type, a missing or
 * malformed value, an account action under the organization (or the reverse), an account with no
 * actions, an account listed twice, a task policy that is not the one the action needs, {@code
 * applicable} disagreeing with {@code mode}, and a {@code summary} that disagrees with the counts
 * of the plan's own parts (the summary is written for readers, never trusted) all fail with a
 * {@link PlanFormatException} naming the JSON path. A plan read back is still only a request: the
 * engine checks it against the desired state and the live organization before applying it.
 * Immutable and thread-safe.
 */
public final class PlanJson {

  private final ObjectMapper mapper;
  private final ObjectWriter writer;

  public PlanJson() {
    this.mapper =
        JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // a key written twice is refused by the parser, never resolved as "the last wins"
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();
    ActionDocuments.register(mapper);
    var indenter = new DefaultIndenter("  ", "\n");
    var printer =
        new DefaultPrettyPrinter()
            .withSeparators(
                Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator(""));
    printer.indentArraysWith(indenter);
    printer.indentObjectsWith(indenter);
    this.writer = mapper.writer(printer);
  }

  // --- writing ---------------------------------------------------------------------------------

  /** The plan as pretty-printed JSON ending in a newline. */
  public String write(Plan plan) {
    try {
      return writer.writeValueAsString(document(plan)) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize a plan: " + e.getOriginalMessage(), e);
    }
  }

  private static PlanDocument document(Plan plan) {
    var s = plan.summary();
    return new PlanDocument(
        plan.formatVersion(),
        plan.desiredRevision(),
        plan.createdAt().toString(),
        plan.mode().yamlName(),
        plan.applicable(),
        plan.organization()
            .map(
                o ->
                    new OrganizationDocument(
                        o.actions().stream().map(ActionDocuments::document).toList(), o.reasons()))
            .orElse(null),
        plan.accounts().stream()
            .map(
                a ->
                    new AccountDocument(
                        a.account().value(),
                        a.accountName(),
                        a.ou().toString(),
                        a.ouId(),
                        a.basedOn().sha256(),
                        a.actions().stream().map(ActionDocuments::document).toList(),
                        a.reasons()))
            .toList(),
        plan.inSync().stream().map(AccountId::value).toList(),
        plan.skipped().stream()
            .map(
                k ->
                    new SkipDocument(
                        k.account().value(), k.accountName(), k.reason().name(), k.detail()))
            .toList(),
        plan.unreadable().stream()
            .map(u -> new UnreadableDocument(u.account().value(), u.accountName(), u.reason()))
            .toList(),
        plan.needsPerson().stream()
            .map(
                n ->
                    new NeedsPersonDocument(
                        n.account().value(),
                        n.accountName(),
                        n.ou().toString(),
                        n.ouId(),
                        n.kind().yamlName(),
                        n.requirement().yamlName(),
                        n.found(),
                        n.reason()))
            .toList(),
        new SummaryDocument(
            s.toDelete(),
            s.toAllow(),
            s.featuresToEnable(),
            s.featuresToDisable(),
            s.accountsChanged(),
            s.accountsInSync(),
            s.accountsSkipped(),
            s.accountsUnreadable(),
            s.accountsNeedingPerson()),
        plan.preflightWarnings().stream()
            .map(
                w ->
                    new PreflightWarningDocument(
                        w.policyId(),
                        w.policyName(),
                        w.policyType(),
                        w.statement().orElse(null),
                        target(w.target()),
                        w.taskPolicy(),
                        w.actions(),
                        w.certain(),
                        w.accounts().stream().map(AccountId::value).toList(),
                        w.message()))
            .toList(),
        plan.preflightUnreadTargets().stream()
            .map(u -> new UnreadTargetDocument(target(u.target()), u.error(), u.message()))
            .toList());
  }

  private static TargetDocument target(PreflightWarning.PolicyTarget target) {
    return new TargetDocument(target.type(), target.id(), target.name());
  }

  // --- reading ---------------------------------------------------------------------------------

  /**
   * Reads a plan written by {@link #write}; {@link PlanFormatException} naming the problem and its
   * JSON path when {@code json} is not a plan of {@link Plan#FORMAT_VERSION}.
   */
  public Plan read(String json) throws PlanFormatException {
    JsonNode tree;
    try {
      tree = mapper.readTree(json);
    } catch (JsonProcessingException e) {
      throw new PlanFormatException("$", notJson(e), e);
    }
    if (tree == null || tree.isMissingNode() || !tree.isObject()) {
      throw new PlanFormatException("$", "expected a JSON object (a rootctl plan)");
    }
    var version = tree.get("formatVersion");
    if (version == null || version.isNull()) {
      throw new PlanFormatException("$.formatVersion", "missing; is this a rootctl plan?");
    }
    if (!version.isInt()) {
      throw new PlanFormatException("$.formatVersion", "expected an integer, found " + version);
    }
    if (version.intValue() != Plan.FORMAT_VERSION) {
      throw new PlanFormatException(
          "$.formatVersion",
          "unsupported format version "
              + version.intValue()
              + "; this rootctl reads format"
              + " version "
              + Plan.FORMAT_VERSION
              + (version.intValue() > Plan.FORMAT_VERSION
                  ? " (the plan was written by a newer rootctl; use that version to apply it)"
                  : version.intValue() > 0
                      ? " (the plan was written by an older rootctl; run rootctl plan again"
                          + " and apply the new plan)"
                      : ""));
    }
    PlanDocument doc;
    try {
      doc = mapper.treeToValue(tree, PlanDocument.class);
    } catch (JsonMappingException e) {
      throw new PlanFormatException(path(e), problem(e), e);
    } catch (JsonProcessingException e) {
      throw new PlanFormatException("$", e.getOriginalMessage(), e);
    }
    return plan(doc);
  }

  private static Plan plan(PlanDocument doc) throws PlanFormatException {
    var mode = mode(required(doc.mode(), "$.mode"));
    boolean applicable = required(doc.applicable(), "$.applicable");
    if (applicable != (mode == Mode.ENFORCE)) {
      throw new PlanFormatException(
          "$.applicable", applicable + " contradicts mode " + mode.yamlName());
    }
    var organization = Optional.<OrganizationChange>empty();
    if (doc.organization() != null) {
      organization = Optional.of(organization(doc.organization()));
    }
    var accounts = new ArrayList<AccountChange>();
    var accountDocs = required(doc.accounts(), "$.accounts");
    for (int i = 0; i < accountDocs.size(); i++) {
      accounts.add(
          account(required(accountDocs.get(i), "$.accounts[" + i + "]"), "$.accounts[" + i + "]"));
    }
    var inSync = new ArrayList<AccountId>();
    var inSyncDocs = required(doc.inSync(), "$.inSync");
    for (int i = 0; i < inSyncDocs.size(); i++) {
      inSync.add(accountId(inSyncDocs.get(i), "$.inSync[" + i + "]"));
    }
    var skipped = new ArrayList<Skip>();
    var skippedDocs = required(doc.skipped(), "$.skipped");
    for (int i = 0; i < skippedDocs.size(); i++) {
      var at = "$.skipped[" + i + "]";
      var k = required(skippedDocs.get(i), at);
      skipped.add(
          new Skip(
              accountId(k.account(), at + ".account"),
              required(k.name(), at + ".name"),
              skipReason(required(k.reason(), at + ".reason"), at + ".reason"),
              required(k.detail(), at + ".detail")));
    }
    var unreadable = new ArrayList<Unreadable>();
    var unreadableDocs = required(doc.unreadable(), "$.unreadable");
    for (int i = 0; i < unreadableDocs.size(); i++) {
      var at = "$.unreadable[" + i + "]";
      var u = required(unreadableDocs.get(i), at);
      unreadable.add(
          new Unreadable(
              accountId(u.account(), at + ".account"),
              required(u.name(), at + ".name"),
              required(u.reason(), at + ".reason")));
    }
    var needsPerson = new ArrayList<NeedsPerson>();
    var needsPersonDocs = required(doc.needsPerson(), "$.needsPerson");
    for (int i = 0; i < needsPersonDocs.size(); i++) {
      var at = "$.needsPerson[" + i + "]";
      needsPerson.add(needsPerson(required(needsPersonDocs.get(i), at), at));
    }
    var warnings = new ArrayList<PreflightWarning>();
    var warningDocs = required(doc.preflightWarnings(), "$.preflightWarnings");
    for (int i = 0; i < warningDocs.size(); i++) {
      warnings.add(
          preflightWarning(
              required(warningDocs.get(i), "$.preflightWarnings[" + i + "]"),
              "$.preflightWarnings[" + i + "]"));
    }
    var unreadTargets = new ArrayList<PreflightWarning.UnreadTarget>();
    var unreadTargetDocs = required(doc.preflightUnreadTargets(), "$.preflightUnreadTargets");
    for (int i = 0; i < unreadTargetDocs.size(); i++) {
      var at = "$.preflightUnreadTargets[" + i + "]";
      var u = required(unreadTargetDocs.get(i), at);
      unreadTargets.add(
          new PreflightWarning.UnreadTarget(
              target(u.target(), at + ".target"),
              required(u.error(), at + ".error"),
              required(u.message(), at + ".message")));
    }
    var plan =
        new Plan(
            Plan.FORMAT_VERSION,
            required(doc.desiredRevision(), "$.desiredRevision"),
            instant(required(doc.createdAt(), "$.createdAt"), "$.createdAt"),
            mode,
            organization,
            accounts,
            inSync,
            skipped,
            unreadable,
            needsPerson,
            warnings,
            unreadTargets);
    checkEachAccountOnce(plan);
    checkNeedsPerson(plan);
    checkSummary(required(doc.summary(), "$.summary"), plan.summary());
    return plan;
  }

  /** An account stands in one place of a plan: changed, in sync, skipped or unreadable. */
  private static void checkEachAccountOnce(Plan plan) throws PlanFormatException {
    var seen = new HashMap<AccountId, String>();
    for (int i = 0; i < plan.accounts().size(); i++) {
      once(seen, plan.accounts().get(i).account(), "$.accounts[" + i + "].account");
    }
    for (int i = 0; i < plan.inSync().size(); i++) {
      once(seen, plan.inSync().get(i), "$.inSync[" + i + "]");
    }
    for (int i = 0; i < plan.skipped().size(); i++) {
      once(seen, plan.skipped().get(i).account(), "$.skipped[" + i + "].account");
    }
    for (int i = 0; i < plan.unreadable().size(); i++) {
      once(seen, plan.unreadable().get(i).account(), "$.unreadable[" + i + "].account");
    }
  }

  /**
   * An account that needs a person is never in sync, skipped or unreadable (it may have actions),
   * and is listed there at most once.
   */
  private static void checkNeedsPerson(Plan plan) throws PlanFormatException {
    var elsewhere = new HashMap<AccountId, String>();
    for (int i = 0; i < plan.inSync().size(); i++) {
      elsewhere.put(plan.inSync().get(i), "$.inSync[" + i + "]");
    }
    for (int i = 0; i < plan.skipped().size(); i++) {
      elsewhere.put(plan.skipped().get(i).account(), "$.skipped[" + i + "].account");
    }
    for (int i = 0; i < plan.unreadable().size(); i++) {
      elsewhere.put(plan.unreadable().get(i).account(), "$.unreadable[" + i + "].account");
    }
    var seen = new HashMap<AccountId, String>();
    for (int i = 0; i < plan.needsPerson().size(); i++) {
      var at = "$.needsPerson[" + i + "].account";
      var id = plan.needsPerson().get(i).account();
      once(seen, id, at);
      if (elsewhere.containsKey(id)) {
        throw new PlanFormatException(
            at,
            "account "
                + id
                + " needs a person but is also listed at "
                + elsewhere.get(id)
                + "; the plan does not add up");
      }
    }
  }

  private static NeedsPerson needsPerson(NeedsPersonDocument doc, String at)
      throws PlanFormatException {
    OuPath ou;
    try {
      ou = OuPath.parse(required(doc.ou(), at + ".ou"));
    } catch (IllegalArgumentException e) {
      throw new PlanFormatException(at + ".ou", String.valueOf(e.getMessage()));
    }
    var kindName = required(doc.requirement(), at + ".requirement");
    var kind =
        java.util.Arrays.stream(CredentialKind.values())
            .filter(k -> k.yamlName().equals(kindName) && k == CredentialKind.MFA_DEVICES)
            .findFirst()
            .orElseThrow(() -> new PlanFormatException(at + ".requirement", "expected mfaDevices"));
    var valueName = required(doc.value(), at + ".value");
    var value =
        java.util.Arrays.stream(CredentialSetting.values())
            .filter(v -> v.isRequirement() && v.yamlName().equals(valueName))
            .findFirst()
            .orElseThrow(
                () -> new PlanFormatException(at + ".value", "expected required or hardware"));
    return new NeedsPerson(
        accountId(doc.account(), at + ".account"),
        required(doc.name(), at + ".name"),
        ou,
        ouId(doc.ouId(), at + ".ouId"),
        kind,
        value,
        required(doc.found(), at + ".found"),
        required(doc.reason(), at + ".reason"));
  }

  private static void once(Map<AccountId, String> seen, AccountId account, String at)
      throws PlanFormatException {
    var first = seen.putIfAbsent(account, at);
    if (first != null) {
      throw new PlanFormatException(
          at,
          "account " + account + " is already listed at " + first + "; the plan does not add up");
    }
  }

  /**
   * The summary is written for readers of the JSON; rootctl never trusts it. One that disagrees
   * with the plan's own actions means the file was edited: refused.
   */
  private static void checkSummary(SummaryDocument written, PlanSummary computed)
      throws PlanFormatException {
    var stored =
        new PlanSummary(
            written.toDelete(),
            written.toAllow(),
            written.featuresToEnable(),
            written.featuresToDisable(),
            written.accountsChanged(),
            written.accountsInSync(),
            written.accountsSkipped(),
            written.accountsUnreadable(),
            written.accountsNeedingPerson());
    if (!stored.equals(computed)) {
      var differences = new ArrayList<String>();
      differ(differences, "toDelete", stored.toDelete(), computed.toDelete());
      differ(differences, "toAllow", stored.toAllow(), computed.toAllow());
      differ(
          differences, "featuresToEnable", stored.featuresToEnable(), computed.featuresToEnable());
      differ(
          differences,
          "featuresToDisable",
          stored.featuresToDisable(),
          computed.featuresToDisable());
      differ(differences, "accountsChanged", stored.accountsChanged(), computed.accountsChanged());
      differ(differences, "accountsInSync", stored.accountsInSync(), computed.accountsInSync());
      differ(differences, "accountsSkipped", stored.accountsSkipped(), computed.accountsSkipped());
      differ(
          differences,
          "accountsUnreadable",
          stored.accountsUnreadable(),
          computed.accountsUnreadable());
      differ(
          differences,
          "accountsNeedingPerson",
          stored.accountsNeedingPerson(),
          computed.accountsNeedingPerson());
      throw new PlanFormatException(
          "$.summary",
          "does not match the plan's own actions and accounts ("
              + String.join("; ", differences)
              + "); the plan was changed after it was made");
    }
  }

  /** "toDelete: the file says 0, the plan's own actions count 6", when they differ. */
  private static void differ(List<String> out, String field, int written, int counted) {
    if (written != counted) {
      out.add(
          field
              + ": the file says "
              + written
              + ", the plan's own "
              + (field.startsWith("accounts") ? "entries" : "actions")
              + " count "
              + counted);
    }
  }

  private static OrganizationChange organization(OrganizationDocument doc)
      throws PlanFormatException {
    var actions = new ArrayList<OrganizationAction>();
    var docs = required(doc.actions(), "$.organization.actions");
    for (int i = 0; i < docs.size(); i++) {
      var at = "$.organization.actions[" + i + "]";
      var action = ActionDocuments.action(required(docs.get(i), at), at);
      if (!(action instanceof OrganizationAction a)) {
        throw new PlanFormatException(
            at + ".type", "an account action cannot be an organization change");
      }
      actions.add(a);
    }
    return new OrganizationChange(
        actions,
        strings(required(doc.reasons(), "$.organization.reasons"), "$.organization.reasons"));
  }

  private static AccountChange account(AccountDocument doc, String at) throws PlanFormatException {
    var actions = new ArrayList<AccountAction>();
    var docs = required(doc.actions(), at + ".actions");
    if (docs.isEmpty()) {
      throw new PlanFormatException(
          at + ".actions", "empty; an account without actions belongs in $.inSync");
    }
    for (int i = 0; i < docs.size(); i++) {
      var actionAt = at + ".actions[" + i + "]";
      var action = ActionDocuments.action(required(docs.get(i), actionAt), actionAt);
      if (!(action instanceof AccountAction a)) {
        throw new PlanFormatException(
            actionAt + ".type", "an organization action cannot be an account change");
      }
      actions.add(a);
    }
    Fingerprint fingerprint;
    try {
      fingerprint = new Fingerprint(required(doc.basedOn(), at + ".basedOn"));
    } catch (IllegalArgumentException e) {
      throw new PlanFormatException(at + ".basedOn", String.valueOf(e.getMessage()));
    }
    OuPath ou;
    try {
      ou = OuPath.parse(required(doc.ou(), at + ".ou"));
    } catch (IllegalArgumentException e) {
      throw new PlanFormatException(at + ".ou", String.valueOf(e.getMessage()));
    }
    return new AccountChange(
        accountId(doc.account(), at + ".account"),
        required(doc.name(), at + ".name"),
        ou,
        ouId(doc.ouId(), at + ".ouId"),
        fingerprint,
        actions,
        strings(required(doc.reasons(), at + ".reasons"), at + ".reasons"));
  }

  private static final java.util.Set<String> POLICY_TYPES =
      java.util.Set.of("SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY");

  private static final java.util.Set<String> TARGET_TYPES =
      java.util.Set.of("ROOT", "ORGANIZATIONAL_UNIT", "ACCOUNT");

  private static PreflightWarning preflightWarning(PreflightWarningDocument doc, String at)
      throws PlanFormatException {
    var type = required(doc.policyType(), at + ".policyType");
    if (!POLICY_TYPES.contains(type)) {
      throw new PlanFormatException(
          at + ".policyType",
          "expected SERVICE_CONTROL_POLICY or RESOURCE_CONTROL_POLICY, found '" + type + "'");
    }
    var accounts = new ArrayList<AccountId>();
    var accountDocs = required(doc.accounts(), at + ".accounts");
    for (int i = 0; i < accountDocs.size(); i++) {
      accounts.add(accountId(accountDocs.get(i), at + ".accounts[" + i + "]"));
    }
    return new PreflightWarning(
        required(doc.policyId(), at + ".policyId"),
        required(doc.policyName(), at + ".policyName"),
        type,
        Optional.ofNullable(doc.statement()),
        target(doc.target(), at + ".target"),
        required(doc.taskPolicy(), at + ".taskPolicy"),
        strings(required(doc.actions(), at + ".actions"), at + ".actions"),
        required(doc.certain(), at + ".certain"),
        accounts,
        required(doc.message(), at + ".message"));
  }

  private static PreflightWarning.PolicyTarget target(@Nullable TargetDocument doc, String at)
      throws PlanFormatException {
    var target = required(doc, at);
    var type = required(target.type(), at + ".type");
    if (!TARGET_TYPES.contains(type)) {
      throw new PlanFormatException(
          at + ".type", "expected ROOT, ORGANIZATIONAL_UNIT or ACCOUNT, found '" + type + "'");
    }
    return new PreflightWarning.PolicyTarget(
        type, required(target.id(), at + ".id"), required(target.name(), at + ".name"));
  }

  // --- values ----------------------------------------------------------------------------------

  private static final java.util.regex.Pattern PARENT_ID =
      java.util.regex.Pattern.compile("r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}");

  /** The id of the root ({@code r-...}) or OU ({@code ou-...}) that holds an account. */
  static String ouId(@Nullable String value, String at) throws PlanFormatException {
    var id = required(value, at);
    if (!PARENT_ID.matcher(id).matches()) {
      throw new PlanFormatException(
          at, "expected a root id r-xxxx or an OU id ou-xxxx-xxxxxxxx, found " + id);
    }
    return id;
  }

  static <T> T required(@Nullable T value, String at) throws PlanFormatException {
    if (value == null) {
      throw new PlanFormatException(at, "missing (null)");
    }
    return value;
  }

  private static List<String> strings(List<? extends @Nullable String> values, String at)
      throws PlanFormatException {
    var out = new ArrayList<String>();
    for (int i = 0; i < values.size(); i++) {
      out.add(required(values.get(i), at + "[" + i + "]"));
    }
    return out;
  }

  private static AccountId accountId(@Nullable String text, String at) throws PlanFormatException {
    var value = required(text, at);
    if (!AccountId.isValid(value)) {
      throw new PlanFormatException(at, "not a 12-digit account id: '" + value + "'");
    }
    return AccountId.of(value);
  }

  private static Mode mode(String text) throws PlanFormatException {
    for (var m : Mode.values()) {
      if (m.yamlName().equals(text)) {
        return m;
      }
    }
    throw new PlanFormatException("$.mode", "expected enforce or observe, found '" + text + "'");
  }

  private static Instant instant(String text, String at) throws PlanFormatException {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new PlanFormatException(at, "not an ISO-8601 instant: '" + text + "'");
    }
  }

  private static SkipReason skipReason(String text, String at) throws PlanFormatException {
    try {
      return SkipReason.valueOf(text);
    } catch (IllegalArgumentException e) {
      throw new PlanFormatException(
          at, "expected one of " + List.of(SkipReason.values()) + ", found '" + text + "'");
    }
  }

  /** Jackson's problem in the plan's words, where we know them. */
  private static String problem(JsonMappingException e) {
    return switch (e) {
      case UnrecognizedPropertyException u -> "unknown field '" + u.getPropertyName() + "'";
      case InvalidTypeIdException t ->
          t.getTypeId() == null
              ? "missing action type"
              : "unknown action type '" + t.getTypeId() + "'";
      case MismatchedInputException m
          when m.getOriginalMessage().startsWith("Missing creator property") ->
          "missing";
      default -> e.getOriginalMessage();
    };
  }

  /** Jackson's reference path as {@code $.accounts[0].actions[1].type}. */
  private static String path(JsonMappingException e) {
    var path = new StringBuilder("$");
    for (var ref : e.getPath()) {
      if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      } else if (ref.getFieldName() != null) {
        path.append('.').append(ref.getFieldName());
      }
    }
    return path.toString();
  }

  /**
   * Why {@code json} is not a plan file: a key written twice (Jackson's strict duplicate detection,
   * which reports it as "Duplicate field 'name'") is named with its place; anything else is not
   * valid JSON.
   */
  private static String notJson(JsonProcessingException e) {
    var message = String.valueOf(e.getOriginalMessage());
    if (message.startsWith("Duplicate field ")
        && e.getProcessor() instanceof JsonParser parser
        && parser.getParsingContext().getCurrentName() != null) {
      return "duplicate key '"
          + Printable.escape(parser.getParsingContext().getCurrentName())
          + "'"
          + where(e.getLocation())
          + ": a plan file names each key once; it was changed after it was made (run rootctl"
          + " plan -out FILE again)";
    }
    return "not valid JSON: " + message + where(e.getLocation());
  }

  private static String where(@Nullable JsonLocation location) {
    return location == null || location.getLineNr() < 0
        ? ""
        : String.format(
            Locale.ROOT, " (line %d, column %d)", location.getLineNr(), location.getColumnNr());
  }
}
