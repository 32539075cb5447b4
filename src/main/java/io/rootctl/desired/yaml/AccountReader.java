package io.rootctl.desired.yaml;

import static io.rootctl.desired.yaml.FieldReader.describe;
import static io.rootctl.desired.yaml.FieldReader.show;

import io.rootctl.desired.Located;
import io.rootctl.desired.SourceLocation;
import io.rootctl.model.AccountId;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads the spec of an {@link DocumentKind#ACCOUNT Account} document: the account id (a quoted
 * 12-digit string), its settings and its exception.
 */
final class AccountReader {
  private static final Pattern DIGITS = Pattern.compile("[0-9]+");

  private final FieldReader fields;
  private final SettingsReader settings;

  AccountReader(FieldReader fields, SettingsReader settings) {
    this.fields = fields;
    this.settings = settings;
  }

  /** The document named {@code name}, starting at {@code at}, with the spec {@code spec}. */
  ParsedDocument read(SourceLocation at, String name, YamlMapping spec) {
    var id = spec.get("account").flatMap(this::accountId);
    if (spec.get("account").isEmpty()) {
      fields.error(
          spec.missingAt("account"), "missing spec.account: the 12-digit account id, quoted");
    }
    var read = settings.settings(spec);
    settings.checkContradiction(read);
    return new ParsedDocument.Account(at, name, id, read, settings.exception(spec));
  }

  private Optional<Located<AccountId>> accountId(YamlMapping.Entry e) {
    var node = e.value();
    if (!(node instanceof ScalarNode s)) {
      fields.error(
          node, "spec.account must be a quoted 12-digit account id, not " + describe(node));
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
        fields.error(node, "account id must be a quoted string: write \"" + s.getValue() + "\"");
      } else {
        fields.error(
            node, "account id must be a quoted string of exactly 12 digits, not " + describe(node));
      }
      return Optional.empty();
    }
    if (!AccountId.isValid(s.getValue())) {
      var detail =
          DIGITS.matcher(s.getValue()).matches() ? " (" + s.getValue().length() + " digits)" : "";
      fields.error(
          node, "account id must be exactly 12 digits, not '" + show(s.getValue()) + "'" + detail);
      return Optional.empty();
    }
    return Optional.of(new Located<>(AccountId.of(s.getValue()), fields.at(node)));
  }
}
