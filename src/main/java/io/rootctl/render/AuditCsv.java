package io.rootctl.render;

import io.rootctl.live.RootCredentials;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code rootctl audit --format csv}: RFC 4180, one header line and one line per account; lists of
 * ids are space-separated within a field. Columns added later come last ({@code ou_id}), so readers
 * that index columns by position keep working. Immutable.
 */
public final class AuditCsv {
  /** The columns, in order. */
  public static final List<String> COLUMNS =
      List.of(
          "account",
          "name",
          "ou",
          "state",
          "status",
          "login_profile",
          "password_present",
          "access_keys",
          "access_key_ids",
          "signing_certificates",
          "signing_certificate_ids",
          "mfa_virtual",
          "mfa_hardware",
          "mfa_serials",
          "error",
          "ou_id");

  private AuditCsv() {}

  /** The CSV text, lines ending in CRLF as RFC 4180 says. */
  public static String render(Inventory inventory) {
    var out = new StringBuilder(String.join(",", COLUMNS)).append("\r\n");
    for (var row : inventory.rows()) {
      var c = row.credentials();
      boolean read = c.isPresent();
      var fields =
          List.of(
              row.account().value(),
              row.name(),
              row.ou().toString(),
              row.state().name(),
              row.status().label(),
              read ? String.valueOf(row.loginProfile()) : "",
              row.passwordPresent().map(String::valueOf).orElse(""),
              read ? String.valueOf(row.accessKeys()) : "",
              c.map(AuditCsv::keyIds).orElse(""),
              read ? String.valueOf(row.signingCertificates()) : "",
              c.map(
                      x ->
                          x.signingCertificates().stream()
                              .map(s -> s.id())
                              .collect(Collectors.joining(" ")))
                  .orElse(""),
              read ? String.valueOf(row.virtualMfa()) : "",
              read ? String.valueOf(row.hardwareMfa()) : "",
              c.map(
                      x ->
                          x.mfaDevices().stream()
                              .map(m -> m.serialNumber())
                              .collect(Collectors.joining(" ")))
                  .orElse(""),
              row.error().orElse(""),
              row.ouId());
      out.append(fields.stream().map(AuditCsv::field).collect(Collectors.joining(",")))
          .append("\r\n");
    }
    return out.toString();
  }

  private static String keyIds(RootCredentials c) {
    return c.accessKeys().stream().map(k -> k.id()).collect(Collectors.joining(" "));
  }

  private static String field(String value) {
    if (value.contains(",")
        || value.contains("\"")
        || value.contains("\n")
        || value.contains("\r")) {
      return '"' + value.replace("\"", "\"\"") + '"';
    }
    return value;
  }
}
