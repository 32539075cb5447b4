package io.rootctl.plan;

import io.rootctl.model.AccountId;
import io.rootctl.model.OuId;
import io.rootctl.model.OuPath;

/**
 * One {@code --target}: a member account, or an OU (by path or id) with its whole subtree. Written
 * {@code account:111122223333}, {@code ou:/Root/Workloads} or {@code ou:ou-ab12-cdef3456}.
 */
public sealed interface Target {

  /** One member account. */
  record Account(AccountId id) implements Target {
    @Override
    public String toString() {
      return "account:" + id;
    }
  }

  /** Every account beneath the OU at this path (the root path selects the whole organization). */
  record UnitPath(OuPath path) implements Target {
    @Override
    public String toString() {
      return "ou:" + path;
    }
  }

  /** Every account beneath the OU with this id. */
  record UnitId(OuId id) implements Target {
    @Override
    public String toString() {
      return "ou:" + id;
    }
  }

  /**
   * Parses {@code account:ID}, {@code ou:/PATH} or {@code ou:OU-ID}; {@link
   * IllegalArgumentException} naming the expected forms otherwise.
   */
  static Target parse(String text) {
    var colon = text.indexOf(':');
    var kind = colon < 0 ? "" : text.substring(0, colon);
    var value = colon < 0 ? "" : text.substring(colon + 1);
    try {
      return switch (kind) {
        case "account" -> new Account(AccountId.of(value));
        case "ou" ->
            value.startsWith("/") ? new UnitPath(OuPath.parse(value)) : new UnitId(OuId.of(value));
        default -> throw new IllegalArgumentException("unknown kind '" + kind + "'");
      };
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "invalid target '"
              + text
              + "' ("
              + e.getMessage()
              + "); expected account:ID (12 digits), ou:/Root/PATH or ou:ou-xxxx-xxxxxxxx",
          e);
    }
  }
}
