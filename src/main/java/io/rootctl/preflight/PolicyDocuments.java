package io.rootctl.preflight;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Parses IAM policy documents (the JSON grammar of the IAM User Guide) into {@link Statement}s. */
final class PolicyDocuments {
  private static final ObjectMapper JSON = new ObjectMapper();

  private PolicyDocuments() {}

  /**
   * The statements of {@code document}.
   *
   * @throws IllegalArgumentException when it is not a policy document (not JSON, no {@code
   *     Statement}, an {@code Effect} other than Allow or Deny, a value of the wrong shape)
   */
  static List<Statement> statements(String document) {
    JsonNode root;
    try {
      root = JSON.readTree(document);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a JSON policy document: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject() || !root.has("Statement")) {
      throw new IllegalArgumentException("not a policy document: no Statement");
    }
    var node = root.get("Statement");
    var list = new ArrayList<JsonNode>();
    if (node.isArray()) {
      node.forEach(list::add);
    } else {
      list.add(node);
    }
    var statements = new ArrayList<Statement>();
    for (var s : list) {
      if (!s.isObject()) {
        throw new IllegalArgumentException("a Statement is not an object");
      }
      var effect = s.path("Effect").asText("");
      if (!effect.equals("Allow") && !effect.equals("Deny")) {
        throw new IllegalArgumentException("Effect must be Allow or Deny, not '" + effect + "'");
      }
      var conditions = new LinkedHashMap<String, Map<String, List<String>>>();
      var condition = s.get("Condition");
      if (condition != null) {
        if (!condition.isObject()) {
          throw new IllegalArgumentException("Condition is not an object");
        }
        condition
            .fields()
            .forEachRemaining(
                op -> {
                  if (!op.getValue().isObject()) {
                    throw new IllegalArgumentException(
                        "Condition " + op.getKey() + " is not an object");
                  }
                  var keys = new LinkedHashMap<String, List<String>>();
                  op.getValue()
                      .fields()
                      .forEachRemaining(
                          k -> keys.put(k.getKey(), strings(k.getValue(), k.getKey())));
                  conditions.put(op.getKey(), keys);
                });
      }
      statements.add(
          new Statement(
              Optional.ofNullable(s.get("Sid")).map(JsonNode::asText),
              effect.equals("Deny"),
              strings(s.get("Action"), "Action"),
              strings(s.get("NotAction"), "NotAction"),
              strings(s.get("Resource"), "Resource"),
              strings(s.get("NotResource"), "NotResource"),
              conditions));
    }
    return statements;
  }

  private static List<String> strings(JsonNode node, String field) {
    if (node == null) {
      return List.of();
    }
    if (node.isValueNode()) {
      return List.of(node.asText());
    }
    if (node.isArray()) {
      var values = new ArrayList<String>();
      for (var v : node) {
        if (!v.isValueNode()) {
          throw new IllegalArgumentException(field + " holds a value that is not a string");
        }
        values.add(v.asText());
      }
      return values;
    }
    throw new IllegalArgumentException(field + " is neither a string nor a list");
  }
}
