package io.rootctl.desired.yaml;

import io.rootctl.desired.Problem;
import io.rootctl.desired.SourceLocation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * One YAML mapping checked against the keys the language allows there. Construction reports
 * duplicate keys, keys that are not plain strings and unknown keys (with the nearest known key);
 * lookups then see only the known keys, first occurrence wins.
 *
 * @param path the dotted path of this mapping for messages, e.g. {@code spec.rootCredentials}, or
 *     empty for a document
 * @param at where the mapping is attached: its key, or the document start
 */
record YamlMapping(SourceText source, String path, SourceLocation at, Map<String, Entry> entries) {

  /** A known key with its value. */
  record Entry(ScalarNode key, Node value) {}

  static YamlMapping of(
      SourceText source,
      String path,
      SourceLocation at,
      MappingNode node,
      List<String> knownKeys,
      List<Problem> problems) {
    var entries = new LinkedHashMap<String, Entry>();
    var seen = new LinkedHashMap<String, ScalarNode>();
    var hint = new DidYouMean(knownKeys);
    for (var tuple : node.getValue()) {
      if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
        problems.add(
            Problem.error(
                source.at(tuple.getKeyNode()), "keys must be plain strings" + where(path)));
        continue;
      }
      var name = key.getValue();
      var first = seen.putIfAbsent(name, key);
      if (first != null) {
        var f = source.at(first);
        problems.add(
            Problem.error(
                source.at(key),
                "duplicate key '"
                    + FieldReader.show(name)
                    + "'"
                    + where(path)
                    + " (first at line "
                    + f.line()
                    + ", column "
                    + f.column()
                    + ")"));
        continue;
      }
      if (knownKeys.contains(name)) {
        entries.put(name, new Entry(key, tuple.getValueNode()));
      } else {
        var message = "unknown key '" + FieldReader.show(name) + "'" + where(path);
        message +=
            hint.nearest(name)
                .map(n -> ": did you mean '" + n + "'?")
                .orElse(": expected " + DidYouMean.orList(knownKeys));
        problems.add(Problem.error(source.at(key), message));
      }
    }
    return new YamlMapping(source, path, at, Map.copyOf(entries));
  }

  private static String where(String path) {
    return path.isEmpty() ? "" : " in " + path;
  }

  /** {@code spec.account} for key {@code account} of {@code spec}. */
  String pathOf(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /**
   * The value of {@code key}; a YAML null ({@code key:} with nothing after it) counts as absent.
   */
  Optional<Entry> get(String key) {
    var e = entries.get(key);
    if (e == null || isNull(e.value())) {
      return Optional.empty();
    }
    return Optional.of(e);
  }

  /** Whether {@code key} is written with a value (right or wrong), so "missing" would mislead. */
  boolean isWritten(String key) {
    return get(key).isPresent();
  }

  /** The place to report a missing {@code key}: the key itself if written empty, else this map. */
  SourceLocation missingAt(String key) {
    var e = entries.get(key);
    return e == null ? at : source.at(e.key());
  }

  static boolean isNull(Node node) {
    return node instanceof ScalarNode s && s.getTag().equals(org.yaml.snakeyaml.nodes.Tag.NULL);
  }
}
