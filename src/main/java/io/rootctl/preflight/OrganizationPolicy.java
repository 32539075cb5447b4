package io.rootctl.preflight;

import java.util.List;

/**
 * An Organizations policy as DescribePolicy returns it, parsed.
 *
 * @param id {@code p-...}
 * @param name the policy's name
 * @param type {@code SERVICE_CONTROL_POLICY} or {@code RESOURCE_CONTROL_POLICY}
 * @param statements its statements, in document order
 */
public record OrganizationPolicy(String id, String name, String type, List<Statement> statements) {
  public OrganizationPolicy {
    statements = List.copyOf(statements);
  }

  /** Parses {@code document} (the policy's JSON {@code Content}). */
  public static OrganizationPolicy parse(String id, String name, String type, String document) {
    return new OrganizationPolicy(id, name, type, PolicyDocuments.statements(document));
  }
}
