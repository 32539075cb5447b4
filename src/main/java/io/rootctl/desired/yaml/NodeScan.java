package io.rootctl.desired.yaml;

import io.rootctl.desired.Problem;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Visits every node of a composed document once (aliases share nodes, and a recursive alias makes a
 * cycle, so nodes are tracked by identity) and rejects what the language never needs: anchors and
 * aliases, and any tag beyond the plain YAML types. Nothing is ever constructed from a tag;
 * rejecting {@code !!javax.script.ScriptEngineManager} here is only so the user hears about it.
 */
final class NodeScan {
  private static final Set<Tag> PLAIN =
      Set.of(
          Tag.STR,
          Tag.INT,
          Tag.FLOAT,
          Tag.BOOL,
          Tag.NULL,
          Tag.TIMESTAMP,
          Tag.MAP,
          Tag.SEQ,
          Tag.MERGE);

  private NodeScan() {}

  static void check(SourceText source, Node root, List<Problem> problems) {
    Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    var pending = new ArrayDeque<Node>();
    pending.push(root);
    while (!pending.isEmpty()) {
      var node = pending.pop();
      if (!seen.add(node)) {
        continue;
      }
      if (node.getAnchor() != null) {
        problems.add(
            Problem.error(
                source.at(node),
                "anchors and aliases (&"
                    + node.getAnchor()
                    + ", *"
                    + node.getAnchor()
                    + ") are not supported: write each value out"));
      }
      if (!PLAIN.contains(node.getTag())) {
        problems.add(
            Problem.error(
                source.at(node),
                "unknown tag '"
                    + shortTag(node.getTag())
                    + "': tags are not supported (rootctl reads plain YAML only)"));
      }
      switch (node) {
        case MappingNode m ->
            m.getValue()
                .forEach(
                    t -> {
                      pending.push(t.getValueNode());
                      pending.push(t.getKeyNode());
                    });
        case SequenceNode s -> s.getValue().reversed().forEach(pending::push);
        default -> {}
      }
    }
  }

  /** {@code !!int} for the YAML core tags, the tag as written otherwise. */
  static String shortTag(Tag tag) {
    var value = tag.getValue();
    return value.startsWith(Tag.PREFIX) ? "!!" + value.substring(Tag.PREFIX.length()) : value;
  }
}
