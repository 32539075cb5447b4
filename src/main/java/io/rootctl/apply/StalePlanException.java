package io.rootctl.apply;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A saved plan no longer matches the live state: some account it touches changed since it was
 * planned. Nothing was applied. Carries every such account with its old and new fingerprint.
 */
public final class StalePlanException extends RuntimeException {
  private final List<StaleAccount> stale;

  public StalePlanException(List<StaleAccount> stale) {
    super(message(stale));
    this.stale = List.copyOf(stale);
  }

  private static String message(List<StaleAccount> stale) {
    return "the plan is stale; nothing was applied. Changed since planning: "
        + stale.stream()
            .map(
                s ->
                    "account "
                        + s.account()
                        + " (planned from "
                        + s.planned().shortForm()
                        + ", now "
                        + s.current().shortForm()
                        + ")")
            .collect(Collectors.joining(", "))
        + ". Run plan again.";
  }

  public List<StaleAccount> stale() {
    return stale;
  }

  /** The message listing every changed account; never null (said here for NullAway). */
  @Override
  public String getMessage() {
    return Objects.requireNonNull(super.getMessage());
  }
}
