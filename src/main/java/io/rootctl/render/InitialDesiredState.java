package io.rootctl.render;

import io.rootctl.live.LiveState;
import io.rootctl.live.ObservationFailed;
import io.rootctl.live.RootCredentials;
import io.rootctl.model.AccountId;
import io.rootctl.model.CredentialKind;
import io.rootctl.model.OrgFeature;
import io.rootctl.model.Printable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The desired-state files of {@code rootctl init --from-live}: a folder that matches the live
 * organization as it is, so that the first {@code rootctl plan} against it says "No changes". Pure:
 * a {@link LiveState} in, file texts out; the command writes them.
 *
 * <ul>
 *   <li>{@code organization.yaml}: {@code mode: observe}; each root feature {@code enabled} when it
 *       is on, {@code unmanaged} when it is off (never {@code disabled}: rootctl would then turn
 *       off a feature somebody enables later); the strict defaults ({@code rootCredentials:
 *       absent}, {@code passwordRecovery: disabled}) and the default guard.
 *   <li>{@code accounts/<id>.yaml} for every member account whose root user holds credentials:
 *       exactly the kinds it holds are {@code unmanaged} (a login profile also makes {@code
 *       passwordRecovery: unmanaged}, since deleting it deletes the password), under an exception
 *       with the given owner, reason, optional ticket and expiry.
 * </ul>
 *
 * <p>Every document carries comments that explain it. Text that comes from AWS (account names)
 * appears only in comments, escaped ({@link Printable#escape}); text from the user (owner, reason,
 * ticket) must be printable, and is written as double-quoted YAML.
 */
public final class InitialDesiredState {
  private InitialDesiredState() {}

  /** The file that holds the Organization document. */
  public static final String ORGANIZATION_FILE = "organization.yaml";

  /**
   * Who answers for the exceptions, and until when.
   *
   * @param owner who answers for every written exception (e-mail or team), printable, not blank
   * @param reason why the credentials are kept, printable, not blank
   * @param ticket a reference to a tracker, printable, or empty
   * @param expires the last day the exceptions hold
   */
  public record ExceptionSettings(
      String owner, String reason, Optional<String> ticket, LocalDate expires) {
    public ExceptionSettings {
      requirePrintable("owner", owner);
      requirePrintable("reason", reason);
      ticket.ifPresent(t -> requirePrintable("ticket", t));
    }
  }

  /**
   * Checks that {@code value} can be written as an exception field: not blank, one line, no control
   * or bidirectional-text character (the loader refuses them).
   *
   * @throws IllegalArgumentException naming {@code field} and what is wrong
   */
  public static void requirePrintable(String field, String value) {
    if (value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank");
    }
    int at = Printable.firstUnsafe(value);
    if (at >= 0) {
      throw new IllegalArgumentException(
          field
              + " must be printable text on one line; it has a control character at position "
              + (at + 1)
              + ": "
              + Printable.escape(value));
    }
  }

  /**
   * The member accounts whose root user holds at least one credential, in id order: the accounts
   * that get an Account document (and need an exception).
   */
  public static List<AccountId> accountsWithCredentials(LiveState live) {
    var ids = new ArrayList<AccountId>();
    live.roots().entrySet().stream()
        .sorted(java.util.Map.Entry.comparingByKey())
        .forEach(
            e -> {
              if (e.getValue() instanceof RootCredentials c && !c.isEmpty()) {
                ids.add(e.getKey());
              }
            });
    return List.copyOf(ids);
  }

  /** The member accounts that could not be read, in id order. */
  public static List<AccountId> unreadable(LiveState live) {
    return live.roots().entrySet().stream()
        .filter(e -> e.getValue() instanceof ObservationFailed)
        .map(java.util.Map.Entry::getKey)
        .sorted()
        .toList();
  }

  /**
   * The files, by path relative to the desired-state directory, in path order.
   *
   * @param today the day of the read, named in the comments
   * @param exception the exception for every Account document; empty only when no account holds
   *     credentials
   * @throws IllegalArgumentException when an account could not be read (its credentials are
   *     unknown, so no document can keep exactly them), or when accounts hold credentials and no
   *     exception settings are given
   */
  public static SortedMap<String, String> files(
      LiveState live, LocalDate today, Optional<ExceptionSettings> exception) {
    var unreadable = unreadable(live);
    if (!unreadable.isEmpty()) {
      throw new IllegalArgumentException(
          unreadable.size() + " account(s) could not be read: " + unreadable);
    }
    var files = new TreeMap<String, String>();
    files.put(ORGANIZATION_FILE, organization(live, today));
    var accounts = accountsWithCredentials(live);
    if (!accounts.isEmpty() && exception.isEmpty()) {
      throw new IllegalArgumentException(
          accounts.size() + " account(s) hold root credentials and need an exception");
    }
    for (var id : accounts) {
      var credentials = (RootCredentials) live.roots().get(id);
      files.put(
          "accounts/" + id.value() + ".yaml",
          account(live, id, java.util.Objects.requireNonNull(credentials), today, exception.get()));
    }
    return files;
  }

  private static String organization(LiveState live, LocalDate today) {
    var tree = live.tree();
    var y = new StringBuilder();
    y.append("# Written by `rootctl init --from-live` on ")
        .append(today)
        .append(" from organization ")
        .append(Printable.escape(tree.organizationId()))
        .append(" (management account ")
        .append(tree.managementAccount().value())
        .append(").\n");
    y.append("# It describes the organization as it was then, so the first `rootctl plan` shows\n");
    y.append(
        "# \"No changes\". Tighten it step by step: each change shows up in the plan first.\n");
    y.append("#\n");
    y.append("# The one Organization document: how rootctl runs, and the policy every member\n");
    y.append("# account gets unless an OrganizationalUnit or Account document says otherwise.\n");
    y.append("apiVersion: rootctl.io/v1\n");
    y.append("kind: Organization\n");
    y.append("spec:\n");
    y.append(
        "  # observe: plan and export metrics, never write. Switch to enforce once the plan\n");
    y.append("  # shows only what you want done.\n");
    y.append("  mode: observe\n\n");
    y.append(
        "  # The two IAM organization features of centralized root access, as they are now.\n");
    y.append("  # enabled: rootctl keeps the feature on. unmanaged: rootctl never touches it;\n");
    y.append(
        "  # write enabled to have rootctl turn it on (and trusted access for IAM with it).\n");
    y.append("  features:\n");
    for (var feature : OrgFeature.values()) {
      var on = live.enabledFeatures().contains(feature);
      y.append("    ")
          .append(feature.yamlName())
          .append(": ")
          .append(on ? "enabled" : "unmanaged")
          .append(on ? "    # on today\n" : "    # off today\n");
    }
    y.append("\n");
    y.append("  # The strict baseline: no root password, access key, signing certificate or MFA\n");
    y.append("  # device, and no password recovery. Accounts whose root user holds credentials\n");
    y.append("  # today keep them through their own Account document (accounts/), each with a\n");
    y.append("  # dated exception; when it expires, plan deletes what it kept.\n");
    y.append("  defaults:\n");
    y.append("    rootCredentials: absent\n");
    y.append("    passwordRecovery: disabled\n\n");
    y.append("  guards:\n");
    y.append("    # A run that would take more actions than this stops before the first one.\n");
    y.append("    maxActionsPerRun: 50\n");
    return y.toString();
  }

  private static String account(
      LiveState live,
      AccountId id,
      RootCredentials credentials,
      LocalDate today,
      ExceptionSettings exception) {
    var tree = live.tree();
    var member = tree.account(id);
    var name = member.map(m -> m.name()).orElse("");
    var where =
        member
            .map(
                m ->
                    Printable.escape(tree.pathOf(m).toString())
                        + (m.parentId().startsWith("ou-") ? " (" + m.parentId() + ")" : ""))
            .orElse("?");
    var present = credentials.present();
    var y = new StringBuilder();
    y.append("# Account ")
        .append(id.value())
        .append(name.isEmpty() ? "" : " (" + Printable.escape(name) + ")")
        .append(", in ")
        .append(where)
        .append(".\n");
    y.append("# Its root user held these credentials when `rootctl init --from-live` read it on ")
        .append(today)
        .append(":\n");
    for (var kind : CredentialKind.values()) {
      if (present.contains(kind)) {
        y.append("#   ").append(kind.yamlName()).append(": ").append(held(kind, credentials));
        y.append("\n");
      }
    }
    y.append(
        "# This document keeps exactly those kinds (unmanaged); every other kind follows the\n");
    y.append("# strict defaults. The exception ends on ")
        .append(exception.expires())
        .append(": from the next day the defaults apply\n");
    y.append("# again and plan deletes what is kept here. Remove a kind once it is gone, renew\n");
    y.append("# the exception to keep it longer.\n");
    y.append("apiVersion: rootctl.io/v1\n");
    y.append("kind: Account\n");
    y.append("metadata:\n");
    y.append("  name: ").append(quote(metadataName(id, name))).append("\n");
    y.append("spec:\n");
    y.append("  account: \"").append(id.value()).append("\"\n");
    if (present.contains(CredentialKind.PASSWORD)) {
      y.append(
          "  # The login profile carries the password and the ability to reset it; unmanaged\n");
      y.append(
          "  # leaves it to rootCredentials.password (deleting it would delete the password).\n");
      y.append("  passwordRecovery: unmanaged\n");
    }
    y.append("  rootCredentials:\n");
    for (var kind : CredentialKind.values()) {
      if (present.contains(kind)) {
        y.append("    ").append(kind.yamlName()).append(": unmanaged\n");
      }
    }
    y.append("  exception:\n");
    y.append("    reason: ").append(quote(exception.reason())).append("\n");
    y.append("    owner: ").append(quote(exception.owner())).append("\n");
    if (exception.ticket().isPresent()) {
      y.append("    ticket: ").append(quote(exception.ticket().get())).append("\n");
    }
    y.append("    expires: ").append(exception.expires()).append("\n");
    return y.toString();
  }

  private static String held(CredentialKind kind, RootCredentials c) {
    return switch (kind) {
      case PASSWORD ->
          "login profile"
              + c.passwordPresent()
                  .map(p -> p ? ", password set" : ", no password set (recovery allowed)")
                  .orElse("");
      case ACCESS_KEYS -> c.accessKeys().size() + " access key(s)";
      case SIGNING_CERTIFICATES -> c.signingCertificates().size() + " signing certificate(s)";
      case MFA_DEVICES ->
          c.mfaDevices().size()
              + " MFA device(s), "
              + c.mfaDevices().stream().filter(d -> !d.virtual()).count()
              + " of them hardware";
    };
  }

  /** A readable document name: the account name in lower-case letters, digits and dashes. */
  static String metadataName(AccountId id, String accountName) {
    var slug =
        accountName
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9]+", "-")
            .replaceAll("^-+|-+$", "");
    if (slug.length() > 48) {
      slug = slug.substring(0, 48).replaceAll("-+$", "");
    }
    return slug.isEmpty() ? "account-" + id.value() : slug;
  }

  /** {@code value} as a double-quoted YAML scalar; it holds no control character. */
  static String quote(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
