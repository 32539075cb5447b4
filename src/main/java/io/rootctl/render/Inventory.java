package io.rootctl.render;

import io.rootctl.live.AccountState;
import io.rootctl.live.LiveState;
import io.rootctl.live.ObservationFailed;
import io.rootctl.live.RootCredentials;
import io.rootctl.model.AccountId;
import io.rootctl.model.OuPath;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The root-credential inventory {@code rootctl audit} prints, as rows: every account of the
 * organization with what its root user holds, or why it was not read. A projection of a {@link
 * LiveState} for {@link AuditText}, {@link AuditCsv} and {@link AuditJson}; it decides nothing.
 *
 * @param organizationId the organization's id
 * @param managementAccount the management account, listed but never read
 * @param rows one per account, sorted by id
 */
public record Inventory(String organizationId, AccountId managementAccount, List<Row> rows) {

  public Inventory {
    rows = List.copyOf(rows);
  }

  /** Where an account's root user stands in the inventory. */
  public enum Status {
    /** Read: no root credentials of any kind. */
    CLEAN,
    /** Read: some root credential exists. */
    CREDENTIALS,
    /** Could not be read; see the row's error. */
    UNREADABLE,
    /** The management account: centralized root access does not cover it. */
    MANAGEMENT,
    /** Suspended, closing or closed: not read. */
    INACTIVE;

    /** The lower-case name used in tables, CSV and JSON. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One account.
   *
   * @param ou the path of the root or OU that directly holds the account
   * @param ouId the id of that root ({@code r-...}) or OU ({@code ou-...}), which survives a rename
   *     or a move
   * @param credentials what the root user holds, when it was read
   * @param error why it could not be read, when it could not
   */
  public record Row(
      AccountId account,
      String name,
      OuPath ou,
      String ouId,
      AccountState state,
      Status status,
      Optional<RootCredentials> credentials,
      Optional<String> error) {

    public int accessKeys() {
      return credentials.map(c -> c.accessKeys().size()).orElse(0);
    }

    public int signingCertificates() {
      return credentials.map(c -> c.signingCertificates().size()).orElse(0);
    }

    public int virtualMfa() {
      return credentials
          .map(c -> (int) c.mfaDevices().stream().filter(m -> m.virtual()).count())
          .orElse(0);
    }

    public int hardwareMfa() {
      return credentials
          .map(c -> (int) c.mfaDevices().stream().filter(m -> !m.virtual()).count())
          .orElse(0);
    }

    public boolean loginProfile() {
      return credentials.map(c -> c.loginProfile().isPresent()).orElse(false);
    }

    /** AccountPasswordPresent, when read. */
    public Optional<Boolean> passwordPresent() {
      return credentials.flatMap(RootCredentials::passwordPresent);
    }
  }

  /** The inventory of {@code live}: every account of its tree. */
  public static Inventory of(LiveState live) {
    var tree = live.tree();
    var rows =
        tree.accounts().stream()
            .map(
                a -> {
                  var observation = Optional.ofNullable(live.roots().get(a.id()));
                  Status status;
                  Optional<RootCredentials> credentials = Optional.empty();
                  Optional<String> error = Optional.empty();
                  if (tree.isManagement(a.id())) {
                    status = Status.MANAGEMENT;
                  } else if (observation.isEmpty()) {
                    status = Status.INACTIVE;
                  } else {
                    switch (observation.get()) {
                      case RootCredentials c -> {
                        credentials = Optional.of(c);
                        status = c.isEmpty() ? Status.CLEAN : Status.CREDENTIALS;
                      }
                      case ObservationFailed f -> {
                        error = Optional.of(f.reason());
                        status = Status.UNREADABLE;
                      }
                    }
                  }
                  return new Row(
                      a.id(),
                      a.name(),
                      tree.pathOf(a),
                      a.parentId(),
                      a.state(),
                      status,
                      credentials,
                      error);
                })
            .toList();
    return new Inventory(tree.organizationId(), tree.managementAccount(), rows);
  }

  /** Accounts with {@code status}. */
  public int count(Status status) {
    return (int) rows.stream().filter(r -> r.status() == status).count();
  }

  /** The counts behind the summary line. */
  public record Summary(
      int accounts,
      int read,
      int clean,
      int withCredentials,
      int unreadable,
      int management,
      int inactive,
      int loginProfiles,
      int passwords,
      int accessKeys,
      int accountsWithAccessKeys,
      int signingCertificates,
      int virtualMfa,
      int hardwareMfa) {}

  public Summary summary() {
    return new Summary(
        rows.size(),
        count(Status.CLEAN) + count(Status.CREDENTIALS),
        count(Status.CLEAN),
        count(Status.CREDENTIALS),
        count(Status.UNREADABLE),
        count(Status.MANAGEMENT),
        count(Status.INACTIVE),
        (int) rows.stream().filter(Row::loginProfile).count(),
        (int) rows.stream().filter(r -> r.passwordPresent().orElse(false)).count(),
        rows.stream().mapToInt(Row::accessKeys).sum(),
        (int) rows.stream().filter(r -> r.accessKeys() > 0).count(),
        rows.stream().mapToInt(Row::signingCertificates).sum(),
        rows.stream().mapToInt(Row::virtualMfa).sum(),
        rows.stream().mapToInt(Row::hardwareMfa).sum());
  }
}
