package io.rootctl.desired.yaml;

import io.rootctl.desired.CredentialSetting;
import io.rootctl.desired.FeatureSetting;
import io.rootctl.desired.Located;
import io.rootctl.desired.OuSelector;
import io.rootctl.desired.PolicyException;
import io.rootctl.desired.PolicySettings;
import io.rootctl.desired.Problem;
import io.rootctl.desired.RecoverySetting;
import io.rootctl.desired.SourceLocation;
import io.rootctl.desired.yaml.ParsedDocument.ParsedException;
import io.rootctl.model.AccountId;
import io.rootctl.model.CredentialKind;
import io.rootctl.model.Mode;
import io.rootctl.model.OrgFeature;
import io.rootctl.model.OuId;
import io.rootctl.model.OuPath;
import io.rootctl.model.Printable;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Checks one composed document against the language (DESIGN.md section 2) and reads what is valid
 * of it. Every problem is added to the list; nothing stops at the first.
 */
final class DocumentReader {
  static final String API_VERSION = "rootctl.io/v1";
  static final List<String> KINDS = List.of("Organization", "OrganizationalUnit", "Account");

  private static final List<String> DOCUMENT_KEYS =
      List.of("apiVersion", "kind", "metadata", "spec");
  private static final List<String> ORGANIZATION_KEYS =
      List.of("mode", "features", "defaults", "guards");
  private static final List<String> UNIT_KEYS =
      List.of("ou", "rootCredentials", "passwordRecovery", "exception");
  private static final List<String> ACCOUNT_KEYS =
      List.of("account", "rootCredentials", "passwordRecovery", "exception");
  private static final List<String> POLICY_KEYS = List.of("rootCredentials", "passwordRecovery");
  private static final List<String> EXCEPTION_KEYS =
      List.of("reason", "owner", "ticket", "expires");
  private static final Pattern ISO_DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
  private static final Pattern POSITIVE_INT = Pattern.compile("[1-9][0-9]{0,8}");
  private static final Pattern DIGITS = Pattern.compile("[0-9]+");

  private final SourceText source;
  private final List<Problem> problems;

  DocumentReader(SourceText source, List<Problem> problems) {
    this.source = source;
    this.problems = problems;
  }

  /** The document, or empty for an empty document ({@code ---} alone) or an unreadable one. */
  Optional<ParsedDocument> read(Node root) {
    NodeScan.check(source, root, problems);
    if (YamlMapping.isNull(root)) {
      return Optional.empty();
    }
    if (!(root instanceof MappingNode node)) {
      error(
          root,
          "a document must be a mapping with apiVersion, kind, metadata and spec, not "
              + describe(root));
      return Optional.empty();
    }
    var at = source.at(root);
    var doc = YamlMapping.of(source, "", at, node, DOCUMENT_KEYS, problems);
    checkApiVersion(doc);
    var kind = kind(doc);
    if (kind.isEmpty()) {
      return Optional.empty();
    }
    boolean named = !kind.get().equals("Organization");
    var name = metadataName(doc, named);
    var spec = doc.get("spec");
    if (spec.isEmpty()) {
      problems.add(Problem.error(doc.missingAt("spec"), "missing spec"));
    }
    var specMap = spec.flatMap(e -> mapping(doc.pathOf("spec"), e, kindKeys(kind.get())));
    return switch (kind.get()) {
      case "Organization" -> specMap.map(s -> organization(at, s));
      case "OrganizationalUnit" -> specMap.map(s -> unit(at, name, s));
      default -> specMap.map(s -> account(at, name, s));
    };
  }

  private static List<String> kindKeys(String kind) {
    return switch (kind) {
      case "Organization" -> ORGANIZATION_KEYS;
      case "OrganizationalUnit" -> UNIT_KEYS;
      default -> ACCOUNT_KEYS;
    };
  }

  private void checkApiVersion(YamlMapping doc) {
    var v = doc.get("apiVersion");
    if (v.isEmpty()) {
      problems.add(
          Problem.error(
              doc.missingAt("apiVersion"), "missing apiVersion: write apiVersion: " + API_VERSION));
    } else if (!(v.get().value() instanceof ScalarNode s) || !s.getValue().equals(API_VERSION)) {
      error(
          v.get().value(),
          "unknown apiVersion " + quoted(v.get().value()) + ": expected " + API_VERSION);
    }
  }

  private Optional<String> kind(YamlMapping doc) {
    var v = doc.get("kind");
    if (v.isEmpty()) {
      problems.add(
          Problem.error(
              doc.missingAt("kind"), "missing kind: expected " + DidYouMean.orList(KINDS)));
      return Optional.empty();
    }
    if (v.get().value() instanceof ScalarNode s && KINDS.contains(s.getValue())) {
      return Optional.of(s.getValue());
    }
    var message =
        "unknown kind " + quoted(v.get().value()) + ": expected " + DidYouMean.orList(KINDS);
    if (v.get().value() instanceof ScalarNode s) {
      message +=
          new DidYouMean(KINDS)
              .nearest(s.getValue())
              .map(n -> " (did you mean '" + n + "'?)")
              .orElse("");
    }
    error(v.get().value(), message);
    return Optional.empty();
  }

  private String metadataName(YamlMapping doc, boolean required) {
    var metadata = doc.get("metadata").flatMap(e -> mapping("metadata", e, List.of("name")));
    var name = metadata.flatMap(m -> text(m, "name"));
    if (name.isEmpty() && required && metadata.map(m -> !m.isWritten("name")).orElse(true)) {
      var at = metadata.map(m -> m.missingAt("name")).orElse(doc.missingAt("metadata"));
      problems.add(
          Problem.error(
              at, "missing metadata.name: name the document, e.g. metadata: {name: sandbox}"));
    }
    return name.orElse("");
  }

  private ParsedDocument organization(SourceLocation at, YamlMapping spec) {
    var mode = choice(spec, "mode", Mode.values(), Mode::yamlName).orElse(Mode.OBSERVE);
    var features = new EnumMap<OrgFeature, FeatureSetting>(OrgFeature.class);
    spec.get("features")
        .flatMap(
            e ->
                mapping(
                    spec.pathOf("features"),
                    e,
                    Arrays.stream(OrgFeature.values()).map(OrgFeature::yamlName).toList()))
        .ifPresent(
            f -> {
              for (var feature : OrgFeature.values()) {
                choice(f, feature.yamlName(), FeatureSetting.values(), FeatureSetting::yamlName)
                    .ifPresent(v -> features.put(feature, v));
              }
            });
    var defaults =
        spec.get("defaults")
            .flatMap(e -> mapping(spec.pathOf("defaults"), e, POLICY_KEYS))
            .map(this::settings)
            .orElse(PolicySettings.none());
    checkDefaultsContradiction(defaults);
    var max =
        spec.get("guards")
            .flatMap(e -> mapping(spec.pathOf("guards"), e, List.of("maxActionsPerRun")))
            .map(this::maxActionsPerRun)
            .orElse(OptionalInt.empty());
    return new ParsedDocument.Organization(at, mode, features, defaults, max);
  }

  private ParsedDocument unit(SourceLocation at, String name, YamlMapping spec) {
    var selector = spec.get("ou").flatMap(this::selector);
    if (spec.get("ou").isEmpty()) {
      problems.add(
          Problem.error(
              spec.missingAt("ou"),
              "missing spec.ou: the OU's path from the root (/Root/Name) or its id (ou-...)"));
    }
    var settings = settings(spec);
    checkContradiction(settings);
    return new ParsedDocument.Unit(at, name, selector, settings, exception(spec));
  }

  private ParsedDocument account(SourceLocation at, String name, YamlMapping spec) {
    var id = spec.get("account").flatMap(this::accountId);
    if (spec.get("account").isEmpty()) {
      problems.add(
          Problem.error(
              spec.missingAt("account"), "missing spec.account: the 12-digit account id, quoted"));
    }
    var settings = settings(spec);
    checkContradiction(settings);
    return new ParsedDocument.Account(at, name, id, settings, exception(spec));
  }

  /** {@code rootCredentials} and {@code passwordRecovery} of a spec or of the defaults. */
  private PolicySettings settings(YamlMapping map) {
    var credentials = new EnumMap<CredentialKind, Located<CredentialSetting>>(CredentialKind.class);
    map.get("rootCredentials")
        .ifPresent(e -> rootCredentials(map.pathOf("rootCredentials"), e, credentials));
    var recovery =
        map.get("passwordRecovery")
            .flatMap(
                e ->
                    choice(
                            map.pathOf("passwordRecovery"),
                            e.value(),
                            RecoverySetting.values(),
                            RecoverySetting::yamlName)
                        .map(v -> new Located<>(v, source.at(e.value()))));
    return new PolicySettings(credentials, recovery);
  }

  private void rootCredentials(
      String path, YamlMapping.Entry e, EnumMap<CredentialKind, Located<CredentialSetting>> out) {
    var kinds = Arrays.stream(CredentialKind.values()).map(CredentialKind::yamlName).toList();
    switch (e.value()) {
      case ScalarNode s -> {
        var v = choice(path, s, CredentialSetting.values(), CredentialSetting::yamlName);
        v.ifPresent(
            setting -> {
              for (var kind : CredentialKind.values()) {
                out.put(kind, new Located<>(setting, source.at(s)));
              }
            });
      }
      case MappingNode m -> {
        var map = YamlMapping.of(source, path, source.at(e.key()), m, kinds, problems);
        for (var kind : CredentialKind.values()) {
          map.get(kind.yamlName())
              .flatMap(
                  k ->
                      choice(
                              map.pathOf(kind.yamlName()),
                              k.value(),
                              CredentialSetting.values(),
                              CredentialSetting::yamlName)
                          .map(v -> new Located<>(v, source.at(k.value()))))
              .ifPresent(v -> out.put(kind, v));
        }
      }
      default ->
          error(
              e.value(),
              path
                  + " must be absent, unmanaged or a mapping of "
                  + DidYouMean.orList(kinds).replace(" or ", " and ")
                  + ", not "
                  + describe(e.value()));
    }
  }

  /** Within one document: disabled recovery deletes the login profile that holds the password. */
  private void checkContradiction(PolicySettings s) {
    var password = s.rootCredentials().get(CredentialKind.PASSWORD);
    var recovery = s.passwordRecovery();
    if (password != null
        && password.value() == CredentialSetting.UNMANAGED
        && recovery.isPresent()
        && recovery.get().value() == RecoverySetting.DISABLED) {
      problems.add(
          Problem.error(
              password.location(),
              "rootCredentials.password is unmanaged but passwordRecovery is disabled (line "
                  + recovery.get().location().line()
                  + "): deleting the login profile deletes the"
                  + " password; set passwordRecovery: unmanaged"));
    }
  }

  /** The Organization defaults, with disabled recovery being the default when unwritten. */
  private void checkDefaultsContradiction(PolicySettings s) {
    var password = s.rootCredentials().get(CredentialKind.PASSWORD);
    if (password != null
        && password.value() == CredentialSetting.UNMANAGED
        && s.passwordRecovery().isEmpty()) {
      problems.add(
          Problem.error(
              password.location(),
              "defaults.rootCredentials.password is unmanaged but defaults.passwordRecovery is"
                  + " disabled (the default when unwritten): deleting the login profile deletes the"
                  + " password; set passwordRecovery: unmanaged"));
    } else {
      checkContradiction(s);
    }
  }

  private OptionalInt maxActionsPerRun(YamlMapping guards) {
    var e = guards.get("maxActionsPerRun");
    if (e.isEmpty()) {
      return OptionalInt.empty();
    }
    if (e.get().value() instanceof ScalarNode s
        && s.getTag().equals(Tag.INT)
        && POSITIVE_INT.matcher(s.getValue()).matches()) {
      return OptionalInt.of(Integer.parseInt(s.getValue()));
    }
    error(
        e.get().value(),
        "spec.guards.maxActionsPerRun must be a positive integer (1 to 999999999), not "
            + describe(e.get().value()));
    return OptionalInt.empty();
  }

  private Optional<ParsedException> exception(YamlMapping spec) {
    var entry = spec.entries().get("exception");
    if (entry == null) {
      return Optional.empty();
    }
    var keyAt = source.at(entry.key());
    var path = spec.pathOf("exception");
    var map = spec.get("exception").flatMap(e -> mapping(path, e, EXCEPTION_KEYS));
    if (map.isEmpty()) {
      if (YamlMapping.isNull(entry.value())) {
        problems.add(Problem.error(keyAt, path + " is empty: give reason, owner and expires"));
      }
      return Optional.of(new ParsedException(keyAt, Optional.empty(), keyAt));
    }
    var m = map.get();
    var reason = text(m, "reason");
    var owner = text(m, "owner");
    var ticket = text(m, "ticket");
    if (!m.isWritten("reason")) {
      problems.add(
          Problem.error(
              m.missingAt("reason"),
              "missing " + path + ".reason: why the defaults are relaxed here"));
    }
    if (!m.isWritten("owner")) {
      problems.add(
          Problem.error(
              m.missingAt("owner"), "missing " + path + ".owner: who answers for this exception"));
    }
    var expiresEntry = m.get("expires");
    var expiresAt = expiresEntry.map(e -> source.at(e.value())).orElse(keyAt);
    Optional<LocalDate> expires = Optional.empty();
    if (expiresEntry.isEmpty()) {
      problems.add(
          Problem.error(
              m.missingAt("expires"),
              "missing " + path + ".expires: the last day (YYYY-MM-DD) the exception holds"));
    } else {
      expires = date(path + ".expires", expiresEntry.get().value());
    }
    Optional<PolicyException> value =
        reason.isPresent() && owner.isPresent() && expires.isPresent()
            ? Optional.of(
                new PolicyException(reason.get(), owner.get(), ticket, expires.get(), keyAt))
            : Optional.empty();
    return Optional.of(new ParsedException(keyAt, value, expiresAt));
  }

  private Optional<LocalDate> date(String path, Node node) {
    // YAML resolves an unquoted 2027-01-31 as a timestamp; quoted, it is a string. Both are
    // fine, as long as the text is a calendar date and nothing more.
    if (node instanceof ScalarNode s
        && (s.getTag().equals(Tag.TIMESTAMP) || s.getTag().equals(Tag.STR))
        && ISO_DATE.matcher(s.getValue()).matches()) {
      try {
        return Optional.of(LocalDate.parse(s.getValue()));
      } catch (DateTimeParseException e) {
        error(node, path + " " + quoted(node) + " is not a calendar date");
        return Optional.empty();
      }
    }
    error(node, path + " must be a date written YYYY-MM-DD, not " + describe(node));
    return Optional.empty();
  }

  private Optional<Located<AccountId>> accountId(YamlMapping.Entry e) {
    var node = e.value();
    if (!(node instanceof ScalarNode s)) {
      error(node, "spec.account must be a quoted 12-digit account id, not " + describe(node));
      return Optional.empty();
    }
    // The coercion traps: unquoted, 012345670123 is an octal int to YAML 1.1, 1.2e11 a float,
    // 123456789012 an int, and 012345678901 is a string here but an int to YAML 1.2 parsers and
    // a float to others. The tag and the style say what YAML made of it; only a quoted string
    // means the same to every reader.
    var quoted =
        s.getScalarStyle() == DumperOptions.ScalarStyle.DOUBLE_QUOTED
            || s.getScalarStyle() == DumperOptions.ScalarStyle.SINGLE_QUOTED;
    if (!quoted) {
      if (AccountId.isValid(s.getValue())) {
        error(node, "account id must be a quoted string: write \"" + s.getValue() + "\"");
      } else {
        error(
            node, "account id must be a quoted string of exactly 12 digits, not " + describe(node));
      }
      return Optional.empty();
    }
    if (!AccountId.isValid(s.getValue())) {
      var detail =
          DIGITS.matcher(s.getValue()).matches() ? " (" + s.getValue().length() + " digits)" : "";
      error(
          node, "account id must be exactly 12 digits, not '" + show(s.getValue()) + "'" + detail);
      return Optional.empty();
    }
    return Optional.of(new Located<>(AccountId.of(s.getValue()), source.at(node)));
  }

  private Optional<Located<OuSelector>> selector(YamlMapping.Entry e) {
    var node = e.value();
    var expected = "a path from the root (/Root/Name/...) or an OU id (ou-xxxx-xxxxxxxx)";
    if (!(node instanceof ScalarNode s) || !s.getTag().equals(Tag.STR)) {
      error(node, "spec.ou must be " + expected + ", not " + describe(node));
      return Optional.empty();
    }
    var text = s.getValue();
    if (!printable("spec.ou", node, text)) {
      return Optional.empty();
    }
    if (text.startsWith("/")) {
      try {
        var path = OuPath.parse(text);
        if (!path.segments().get(0).equals("Root")) {
          var rest = path.segments().get(0).equalsIgnoreCase("Root") ? text.substring(5) : text;
          error(node, "spec.ou '" + show(text) + "' must start at the root: /Root" + show(rest));
          return Optional.empty();
        }
        if (path.depth() == 0) {
          error(
              node,
              "spec.ou '/Root' is the organization root: settings for every account belong in"
                  + " the Organization document's defaults");
          return Optional.empty();
        }
        return Optional.of(new Located<>(new OuSelector.ByPath(path), source.at(node)));
      } catch (IllegalArgumentException ex) {
        error(
            node,
            "spec.ou '"
                + show(text)
                + "' is not a valid path: expected /Root/Name/... with no empty names");
        return Optional.empty();
      }
    }
    if (text.startsWith("ou-")) {
      if (OuId.isValid(text)) {
        return Optional.of(new Located<>(new OuSelector.ById(OuId.of(text)), source.at(node)));
      }
      error(
          node,
          "spec.ou '"
              + show(text)
              + "' is not a valid OU id: ou-, 4 to 32 lowercase letters or digits,"
              + " a dash, then 8 to 32 more");
      return Optional.empty();
    }
    error(node, "spec.ou must be " + expected + ", not '" + show(text) + "'");
    return Optional.empty();
  }

  // --- generic readers -------------------------------------------------------------------

  private Optional<YamlMapping> mapping(String path, YamlMapping.Entry e, List<String> keys) {
    if (e.value() instanceof MappingNode m) {
      return Optional.of(YamlMapping.of(source, path, source.at(e.key()), m, keys, problems));
    }
    error(e.value(), path + " must be a mapping, not " + describe(e.value()));
    return Optional.empty();
  }

  /**
   * Whether {@code value} (read from {@code node}) is text that prints as it reads: no control
   * character, line break or bidirectional-text control ({@link Printable}). Written escaped in a
   * double-quoted string ({@code "\e[2J"}) such characters would clear a terminal, forge an output
   * line or reorder what a reviewer sees; they are reported here, at the value.
   */
  private boolean printable(String path, Node node, String value) {
    int at = Printable.firstUnsafe(value);
    if (at < 0) {
      return true;
    }
    int c = value.codePointAt(at);
    error(
        node,
        path
            + " contains "
            + describeUnsafe(c)
            + " ("
            + Printable.codePoint(c)
            + ") at character "
            + (value.codePointCount(0, at) + 1)
            + ": names, owners, reasons, tickets and OU paths must be printable text on one line"
            + (c == '\n' ? " (a folded block, >, joins its lines with spaces)" : ""));
    return false;
  }

  private static String describeUnsafe(int c) {
    return switch (c) {
      case '\n', '\r', 0x2028, 0x2029 -> "a line break";
      case '\t' -> "a tab";
      case 0x1b -> "an escape character";
      default -> Character.isISOControl(c) ? "a control character" : "a bidirectional-text control";
    };
  }

  /** A free-text value (names, reasons): any non-empty scalar of printable text, stripped. */
  private Optional<String> text(YamlMapping map, String key) {
    var e = map.get(key);
    if (e.isEmpty()) {
      return Optional.empty();
    }
    if (e.get().value() instanceof ScalarNode s) {
      if (s.getValue().isBlank()) {
        error(s, map.pathOf(key) + " must not be blank");
        return Optional.empty();
      }
      var value = s.getValue().strip();
      return printable(map.pathOf(key), s, value) ? Optional.of(value) : Optional.empty();
    }
    error(e.get().value(), map.pathOf(key) + " must be a string, not " + describe(e.get().value()));
    return Optional.empty();
  }

  private <E extends Enum<E>> Optional<E> choice(
      YamlMapping map, String key, E[] values, java.util.function.Function<E, String> yaml) {
    return map.get(key).flatMap(e -> choice(map.pathOf(key), e.value(), values, yaml));
  }

  private <E extends Enum<E>> Optional<E> choice(
      String path, Node node, E[] values, java.util.function.Function<E, String> yaml) {
    var names = Arrays.stream(values).map(yaml).toList();
    if (node instanceof ScalarNode s) {
      for (var v : values) {
        if (yaml.apply(v).equals(s.getValue())) {
          return Optional.of(v);
        }
      }
      var message =
          "unknown value '"
              + show(s.getValue())
              + "' for "
              + path
              + ": expected "
              + DidYouMean.orList(names);
      message +=
          new DidYouMean(names)
              .nearest(s.getValue())
              .map(n -> " (did you mean '" + n + "'?)")
              .orElse("");
      if (s.getTag().equals(Tag.BOOL)) {
        message += " (unquoted, YAML reads " + show(s.getValue()) + " as a boolean)";
      }
      error(node, message);
    } else {
      error(node, path + " must be " + DidYouMean.orList(names) + ", not " + describe(node));
    }
    return Optional.empty();
  }

  private void error(Node node, String message) {
    problems.add(Problem.error(source.at(node), message));
  }

  /** How a node reads in a message: "a mapping", "the int 42", "the string 'x'". */
  static String describe(Node node) {
    return switch (node) {
      case MappingNode m -> "a mapping";
      case SequenceNode s -> "a list";
      case ScalarNode s -> {
        var tag = s.getTag();
        if (tag.equals(Tag.NULL)) {
          yield "an empty value";
        } else if (tag.equals(Tag.STR)) {
          yield "the string '" + show(s.getValue()) + "'";
        } else if (tag.equals(Tag.INT)) {
          yield "the int " + show(s.getValue());
        } else if (tag.equals(Tag.FLOAT)) {
          yield "the float " + show(s.getValue());
        } else if (tag.equals(Tag.BOOL)) {
          yield "the boolean " + show(s.getValue());
        } else if (tag.equals(Tag.TIMESTAMP)) {
          yield "the timestamp " + show(s.getValue());
        } else {
          yield "'" + show(s.getValue()) + "'";
        }
      }
      default -> "an unsupported node";
    };
  }

  private static String quoted(Node node) {
    return node instanceof ScalarNode s ? "'" + show(s.getValue()) + "'" : describe(node);
  }

  /** A value as it may appear in a one-line message: control characters escaped, long ones cut. */
  static String show(String value) {
    var cut = value.codePointCount(0, value.length()) > 60;
    var head = cut ? value.substring(0, value.offsetByCodePoints(0, 60)) : value;
    return Printable.escape(head) + (cut ? "…" : "");
  }
}
