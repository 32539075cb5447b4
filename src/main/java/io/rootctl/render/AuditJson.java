package io.rootctl.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code rootctl audit --format json}:
 *
 * <pre>{@code
 * {"organizationId": "o-…", "managementAccount": "111111111111",
 *  "accounts": [{"account", "name", "ou", "ouId", "state", "status", "loginProfile", "passwordPresent",
 *                "accessKeys": [{"id", "status", "created", "lastUsed"}],
 *                "signingCertificates": [{"id", "status"}],
 *                "mfaDevices": [{"serialNumber", "type": "virtual"|"hardware"}], "error"}],
 *  "summary": {"accounts", "read", "clean", "withCredentials", "unreadable", "management",
 *              "inactive", "loginProfiles", "passwords", "accessKeys", "accountsWithAccessKeys",
 *              "signingCertificates", "virtualMfa", "hardwareMfa"}}
 * }</pre>
 *
 * An account that was not read has {@code null} credential fields and, when it failed, an {@code
 * error}. Immutable.
 */
public final class AuditJson {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private AuditJson() {}

  record Key(String id, String status, String created, @Nullable String lastUsed) {}

  record Certificate(String id, String status) {}

  record Mfa(String serialNumber, String type) {}

  record AccountDto(
      String account,
      String name,
      String ou,
      String ouId,
      String state,
      String status,
      @Nullable Boolean loginProfile,
      @Nullable Boolean passwordPresent,
      @Nullable List<Key> accessKeys,
      @Nullable List<Certificate> signingCertificates,
      @Nullable List<Mfa> mfaDevices,
      @Nullable String error) {}

  record Document(
      String organizationId,
      String managementAccount,
      List<AccountDto> accounts,
      Inventory.Summary summary) {}

  /** The JSON document, ending in a newline. */
  public static String render(Inventory inventory) {
    var accounts =
        inventory.rows().stream()
            .map(
                r -> {
                  var c = r.credentials();
                  return new AccountDto(
                      r.account().value(),
                      r.name(),
                      r.ou().toString(),
                      r.ouId(),
                      r.state().name(),
                      r.status().label(),
                      c.map(x -> x.loginProfile().isPresent()).orElse(null),
                      r.passwordPresent().orElse(null),
                      c.map(
                              x ->
                                  x.accessKeys().stream()
                                      .map(
                                          k ->
                                              new Key(
                                                  k.id(),
                                                  k.status(),
                                                  k.created().toString(),
                                                  k.lastUsed().map(Object::toString).orElse(null)))
                                      .toList())
                          .orElse(null),
                      c.map(
                              x ->
                                  x.signingCertificates().stream()
                                      .map(s -> new Certificate(s.id(), s.status()))
                                      .toList())
                          .orElse(null),
                      c.map(
                              x ->
                                  x.mfaDevices().stream()
                                      .map(
                                          m ->
                                              new Mfa(
                                                  m.serialNumber(),
                                                  m.virtual() ? "virtual" : "hardware"))
                                      .toList())
                          .orElse(null),
                      r.error().orElse(null));
                })
            .toList();
    try {
      return JSON.writeValueAsString(
              new Document(
                  inventory.organizationId(),
                  inventory.managementAccount().value(),
                  accounts,
                  inventory.summary()))
          + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the audit JSON", e);
    }
  }
}
