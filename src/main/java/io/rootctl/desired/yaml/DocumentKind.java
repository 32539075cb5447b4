package io.rootctl.desired.yaml;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The kinds of desired-state document, in the order messages list them, each with its YAML name
 * ({@code kind: OrganizationalUnit}) and the keys its {@code spec} may hold.
 */
enum DocumentKind {
  ORGANIZATION("Organization", List.of("mode", "features", "defaults", "guards")),
  ORGANIZATIONAL_UNIT(
      "OrganizationalUnit", List.of("ou", "rootCredentials", "passwordRecovery", "exception")),
  ACCOUNT("Account", List.of("account", "rootCredentials", "passwordRecovery", "exception"));

  private static final List<String> YAML_NAMES =
      Arrays.stream(values()).map(DocumentKind::yamlName).toList();

  private final String yamlName;
  private final List<String> specKeys;

  DocumentKind(String yamlName, List<String> specKeys) {
    this.yamlName = yamlName;
    this.specKeys = specKeys;
  }

  /** The value of {@code kind:}, e.g. {@code OrganizationalUnit}. */
  String yamlName() {
    return yamlName;
  }

  /** The keys {@code spec} may hold. */
  List<String> specKeys() {
    return specKeys;
  }

  /** Whether the document needs {@code metadata.name}: all but the one Organization document. */
  boolean named() {
    return this != ORGANIZATION;
  }

  /** Every kind's YAML name, in declaration order. */
  static List<String> yamlNames() {
    return YAML_NAMES;
  }

  /** The kind written {@code yamlName} exactly (case-sensitive), or empty. */
  static Optional<DocumentKind> ofYaml(String yamlName) {
    return Arrays.stream(values()).filter(k -> k.yamlName.equals(yamlName)).findFirst();
  }
}
