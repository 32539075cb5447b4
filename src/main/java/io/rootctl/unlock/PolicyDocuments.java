package io.rootctl.unlock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** Policy documents as text: shown pretty-printed, and checked before they are sent. */
public final class PolicyDocuments {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private PolicyDocuments() {}

  /**
   * {@code policy} indented two spaces per level when it is JSON; otherwise as it is (AWS stores
   * what it accepted, and the user should see exactly that).
   */
  public static String pretty(String policy) {
    try {
      return JSON.writeValueAsString(JSON.readTree(policy));
    } catch (JsonProcessingException e) {
      return policy;
    }
  }

  /**
   * Checks that {@code policy} is a JSON object with a {@code Statement} member: what both S3 and
   * SQS require of a policy document.
   *
   * @return {@code policy}, unchanged
   * @throws IllegalArgumentException saying where the JSON is broken, or what is missing
   * @see <a
   *     href="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html">IAM
   *     JSON policy grammar</a>
   */
  public static String requireDocument(String policy) {
    com.fasterxml.jackson.databind.JsonNode root;
    try {
      root = JSON.readTree(policy);
    } catch (JsonProcessingException e) {
      var where = e.getLocation();
      throw new IllegalArgumentException(
          "not valid JSON"
              + (where == null
                  ? ""
                  : " at line " + where.getLineNr() + ", column " + where.getColumnNr())
              + ": "
              + e.getOriginalMessage(),
          e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("not a policy document: it must be a JSON object");
    }
    if (!root.has("Statement")) {
      throw new IllegalArgumentException("not a policy document: it has no \"Statement\"");
    }
    return policy;
  }
}
