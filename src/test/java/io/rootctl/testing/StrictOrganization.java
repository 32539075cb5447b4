package io.rootctl.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The strictest desired state, for end-to-end tests and benchmarks over generated organizations:
 * one Organization document (enforce, both features enabled, every root credential absent, password
 * recovery disabled) and nothing else.
 */
public final class StrictOrganization {
  private StrictOrganization() {}

  /** The Organization document, with {@code guards.maxActionsPerRun} set to {@code maxActions}. */
  public static String yaml(int maxActions) {
    return """
        apiVersion: rootctl.io/v1
        kind: Organization
        spec:
          mode: enforce
          features:
            rootCredentialsManagement: enabled
            rootSessions: enabled
          defaults:
            rootCredentials: absent
            passwordRecovery: disabled
          guards:
            maxActionsPerRun: %d
        """
        .formatted(maxActions);
  }

  /** Writes it as {@code dir/organization.yaml}; returns {@code dir}. */
  public static Path writeTo(Path dir, int maxActions) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("organization.yaml"), yaml(maxActions));
    return dir;
  }
}
