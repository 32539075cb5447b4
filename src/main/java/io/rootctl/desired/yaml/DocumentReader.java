package io.rootctl.desired.yaml;

import static io.rootctl.desired.yaml.FieldReader.describe;
import static io.rootctl.desired.yaml.FieldReader.quoted;

import io.rootctl.desired.Problem;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Checks one composed document against the language (docs/desired-state.md) and reads what is valid
 * of it: the envelope ({@code apiVersion}, {@code kind}, {@code metadata}, {@code spec}) here, the
 * spec by the reader for its {@link DocumentKind}. Every problem is added to the list; nothing
 * stops at the first.
 */
final class DocumentReader {
  static final String API_VERSION = "rootctl.io/v1";

  private static final List<String> DOCUMENT_KEYS =
      List.of("apiVersion", "kind", "metadata", "spec");

  private final SourceText source;
  private final List<Problem> problems;
  private final FieldReader fields;
  private final OrganizationReader organization;
  private final OrganizationalUnitReader unit;
  private final AccountReader account;

  DocumentReader(SourceText source, List<Problem> problems) {
    this.source = source;
    this.problems = problems;
    this.fields = new FieldReader(source, problems);
    var settings = new SettingsReader(fields);
    this.organization = new OrganizationReader(fields, settings);
    this.unit = new OrganizationalUnitReader(fields, settings);
    this.account = new AccountReader(fields, settings);
  }

  /** The document, or empty for an empty document ({@code ---} alone) or an unreadable one. */
  Optional<ParsedDocument> read(Node root) {
    NodeScan.check(source, root, problems);
    if (YamlMapping.isNull(root)) {
      return Optional.empty();
    }
    if (!(root instanceof MappingNode node)) {
      fields.error(
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
    var name = metadataName(doc, kind.get().named());
    var spec = doc.get("spec");
    if (spec.isEmpty()) {
      fields.error(doc.missingAt("spec"), "missing spec");
    }
    var specMap = spec.flatMap(e -> fields.mapping(doc.pathOf("spec"), e, kind.get().specKeys()));
    return specMap.map(
        s ->
            switch (kind.get()) {
              case ORGANIZATION -> organization.read(at, s);
              case ORGANIZATIONAL_UNIT -> unit.read(at, name, s);
              case ACCOUNT -> account.read(at, name, s);
            });
  }

  private void checkApiVersion(YamlMapping doc) {
    var v = doc.get("apiVersion");
    if (v.isEmpty()) {
      fields.error(
          doc.missingAt("apiVersion"), "missing apiVersion: write apiVersion: " + API_VERSION);
    } else if (!(v.get().value() instanceof ScalarNode s) || !s.getValue().equals(API_VERSION)) {
      fields.error(
          v.get().value(),
          "unknown apiVersion " + quoted(v.get().value()) + ": expected " + API_VERSION);
    }
  }

  private Optional<DocumentKind> kind(YamlMapping doc) {
    var kinds = DocumentKind.yamlNames();
    var v = doc.get("kind");
    if (v.isEmpty()) {
      fields.error(doc.missingAt("kind"), "missing kind: expected " + DidYouMean.orList(kinds));
      return Optional.empty();
    }
    if (v.get().value() instanceof ScalarNode s) {
      var kind = DocumentKind.ofYaml(s.getValue());
      if (kind.isPresent()) {
        return kind;
      }
    }
    var message =
        "unknown kind " + quoted(v.get().value()) + ": expected " + DidYouMean.orList(kinds);
    if (v.get().value() instanceof ScalarNode s) {
      message +=
          new DidYouMean(kinds)
              .nearest(s.getValue())
              .map(n -> " (did you mean '" + n + "'?)")
              .orElse("");
    }
    fields.error(v.get().value(), message);
    return Optional.empty();
  }

  private String metadataName(YamlMapping doc, boolean required) {
    var metadata = doc.get("metadata").flatMap(e -> fields.mapping("metadata", e, List.of("name")));
    var name = metadata.flatMap(m -> fields.text(m, "name"));
    if (name.isEmpty() && required && metadata.map(m -> !m.isWritten("name")).orElse(true)) {
      var at = metadata.map(m -> m.missingAt("name")).orElse(doc.missingAt("metadata"));
      fields.error(at, "missing metadata.name: name the document, e.g. metadata: {name: sandbox}");
    }
    return name.orElse("");
  }
}
