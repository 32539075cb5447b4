package io.rootctl.desired.yaml;

import static io.rootctl.desired.yaml.FieldReader.describe;
import static io.rootctl.desired.yaml.FieldReader.show;

import io.rootctl.desired.Located;
import io.rootctl.desired.OuSelector;
import io.rootctl.desired.SourceLocation;
import io.rootctl.model.OuId;
import io.rootctl.model.OuPath;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads the spec of an {@link DocumentKind#ORGANIZATIONAL_UNIT OrganizationalUnit} document: the OU
 * it selects ({@code ou}, a path or an id), its settings and its exception.
 */
final class OrganizationalUnitReader {
  private final FieldReader fields;
  private final SettingsReader settings;

  OrganizationalUnitReader(FieldReader fields, SettingsReader settings) {
    this.fields = fields;
    this.settings = settings;
  }

  /** The document named {@code name}, starting at {@code at}, with the spec {@code spec}. */
  ParsedDocument read(SourceLocation at, String name, YamlMapping spec) {
    var selector = spec.get("ou").flatMap(this::selector);
    if (spec.get("ou").isEmpty()) {
      fields.error(
          spec.missingAt("ou"),
          "missing spec.ou: the OU's path from the root (/Root/Name) or its id (ou-...)");
    }
    var read = settings.settings(spec);
    settings.checkContradiction(read);
    return new ParsedDocument.Unit(at, name, selector, read, settings.exception(spec));
  }

  private Optional<Located<OuSelector>> selector(YamlMapping.Entry e) {
    var node = e.value();
    var expected = "a path from the root (/Root/Name/...) or an OU id (ou-xxxx-xxxxxxxx)";
    if (!(node instanceof ScalarNode s) || !s.getTag().equals(Tag.STR)) {
      fields.error(node, "spec.ou must be " + expected + ", not " + describe(node));
      return Optional.empty();
    }
    var text = s.getValue();
    if (!fields.printable("spec.ou", node, text)) {
      return Optional.empty();
    }
    if (text.startsWith("/")) {
      try {
        var path = OuPath.parse(text);
        if (!path.segments().get(0).equals("Root")) {
          var rest = path.segments().get(0).equalsIgnoreCase("Root") ? text.substring(5) : text;
          fields.error(
              node, "spec.ou '" + show(text) + "' must start at the root: /Root" + show(rest));
          return Optional.empty();
        }
        if (path.depth() == 0) {
          fields.error(
              node,
              "spec.ou '/Root' is the organization root: settings for every account belong in"
                  + " the Organization document's defaults");
          return Optional.empty();
        }
        return Optional.of(new Located<>(new OuSelector.ByPath(path), fields.at(node)));
      } catch (IllegalArgumentException ex) {
        fields.error(
            node,
            "spec.ou '"
                + show(text)
                + "' is not a valid path: expected /Root/Name/... with no empty names");
        return Optional.empty();
      }
    }
    if (text.startsWith("ou-")) {
      if (OuId.isValid(text)) {
        return Optional.of(new Located<>(new OuSelector.ById(OuId.of(text)), fields.at(node)));
      }
      fields.error(
          node,
          "spec.ou '"
              + show(text)
              + "' is not a valid OU id: ou-, 4 to 32 lowercase letters or digits,"
              + " a dash, then 8 to 32 more");
      return Optional.empty();
    }
    fields.error(node, "spec.ou must be " + expected + ", not '" + show(text) + "'");
    return Optional.empty();
  }
}
