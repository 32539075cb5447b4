package io.rootctl.render;

import io.rootctl.model.Printable;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code rootctl audit} as a table: one row per account (id, name, OU path and id, state, status,
 * login profile and password, access keys, signing certificates, MFA devices), then the ids of
 * every credential and every observation error, then summary counts. Immutable.
 */
public final class AuditText {
  private static final List<String> HEADER =
      List.of(
          "ACCOUNT",
          "NAME",
          "OU",
          "OU ID",
          "STATE",
          "ROOT",
          "LOGIN PROFILE",
          "KEYS",
          "CERTS",
          "MFA");

  private final Style style;

  public AuditText(Style style) {
    this.style = style;
  }

  /** The whole inventory, ending in a newline. */
  public String render(Inventory inventory) {
    var table = new ArrayList<List<String>>();
    table.add(HEADER);
    for (var row : inventory.rows()) {
      boolean read = row.credentials().isPresent();
      table.add(
          List.of(
              row.account().value(),
              Printable.escape(row.name()),
              Printable.escape(row.ou().toString()),
              Printable.escape(row.ouId()),
              row.state().name(),
              row.status().label(),
              read ? login(row) : "-",
              read ? String.valueOf(row.accessKeys()) : "-",
              read ? String.valueOf(row.signingCertificates()) : "-",
              read ? mfa(row) : "-"));
    }
    var widths = new int[HEADER.size()];
    for (var line : table) {
      for (int i = 0; i < line.size(); i++) {
        widths[i] = Math.max(widths[i], line.get(i).length());
      }
    }
    var out = new StringBuilder();
    out.append(style.bold("Root credentials of organization " + inventory.organizationId()))
        .append("\n\n");
    for (int r = 0; r < table.size(); r++) {
      var line = table.get(r);
      var text = new StringBuilder();
      for (int i = 0; i < line.size(); i++) {
        var cell = line.get(i);
        text.append(i == line.size() - 1 ? cell : pad(cell, widths[i] + 2));
      }
      var rendered = text.toString().stripTrailing();
      if (r == 0) {
        rendered = style.bold(rendered);
      } else {
        var status = inventory.rows().get(r - 1).status();
        rendered =
            switch (status) {
              case CREDENTIALS -> style.yellow(rendered);
              case UNREADABLE -> style.red(rendered);
              case CLEAN, MANAGEMENT, INACTIVE -> rendered;
            };
      }
      out.append(rendered).append('\n');
    }
    details(inventory, out);
    out.append('\n').append(style.bold(summaryLine(inventory.summary()))).append('\n');
    return out.toString();
  }

  /**
   * {@code 11 accounts: 9 read (5 clean, 4 with root credentials), 0 unreadable, 2 not read (1
   * management, 1 inactive). Root credentials: 3 login profiles (2 with a password), 3 access keys
   * in 3 accounts, 1 signing certificate, 2 MFA devices (1 virtual, 1 hardware).}
   */
  public static String summaryLine(Inventory.Summary s) {
    return plural(s.accounts(), "account")
        + ": "
        + s.read()
        + " read ("
        + s.clean()
        + " clean, "
        + s.withCredentials()
        + " with root credentials), "
        + s.unreadable()
        + " unreadable, "
        + (s.management() + s.inactive())
        + " not read ("
        + s.management()
        + " management, "
        + s.inactive()
        + " inactive).\nRoot credentials: "
        + plural(s.loginProfiles(), "login profile")
        + " ("
        + s.passwords()
        + " with a password), "
        + plural(s.accessKeys(), "access key")
        + " in "
        + plural(s.accountsWithAccessKeys(), "account")
        + ", "
        + plural(s.signingCertificates(), "signing certificate")
        + ", "
        + plural(s.virtualMfa() + s.hardwareMfa(), "MFA device")
        + " ("
        + s.virtualMfa()
        + " virtual, "
        + s.hardwareMfa()
        + " hardware).";
  }

  private void details(Inventory inventory, StringBuilder out) {
    var lines = new ArrayList<String>();
    for (var row : inventory.rows()) {
      var id = row.account().value();
      row.error().ifPresent(e -> lines.add(id + "  " + style.red("error: " + e)));
      row.credentials()
          .ifPresent(
              c -> {
                c.accessKeys()
                    .forEach(
                        k ->
                            lines.add(
                                id
                                    + "  access key "
                                    + k.id()
                                    + " ("
                                    + k.status()
                                    + ", created "
                                    + k.created()
                                    + k.lastUsed().map(t -> ", last used " + t).orElse("")
                                    + ")"));
                c.signingCertificates()
                    .forEach(
                        s ->
                            lines.add(
                                id + "  signing certificate " + s.id() + " (" + s.status() + ")"));
                c.mfaDevices()
                    .forEach(
                        m ->
                            lines.add(
                                id
                                    + "  "
                                    + (m.virtual() ? "virtual" : "hardware")
                                    + " MFA device "
                                    + m.serialNumber()));
              });
    }
    if (!lines.isEmpty()) {
      out.append('\n').append("Details:\n");
      lines.forEach(l -> out.append("  ").append(Printable.escape(l)).append('\n'));
    }
  }

  private static String login(Inventory.Row row) {
    if (!row.loginProfile()) {
      return "none";
    }
    return row.passwordPresent()
        .map(p -> p ? "with password" : "no password")
        .orElse("password unknown");
  }

  private static String mfa(Inventory.Row row) {
    var parts = new ArrayList<String>();
    if (row.virtualMfa() > 0) {
      parts.add(row.virtualMfa() + " virtual");
    }
    if (row.hardwareMfa() > 0) {
      parts.add(row.hardwareMfa() + " hardware");
    }
    return parts.isEmpty() ? "0" : String.join(", ", parts);
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(Math.max(0, width - s.length()));
  }

  private static String plural(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
