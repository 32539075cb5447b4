package io.rootctl.desired;

import java.time.LocalDate;
import java.util.Optional;

/**
 * The justification an OU or Account document must carry when it relaxes the organization defaults.
 * It holds through {@code expires} (inclusive); from the next day on the relaxation lapses and the
 * inherited policy applies.
 */
public record PolicyException(
    String reason,
    String owner,
    Optional<String> ticket,
    LocalDate expires,
    SourceLocation location) {

  /** Whether the exception still holds on {@code today}. */
  public boolean isActiveOn(LocalDate today) {
    return !today.isAfter(expires);
  }
}
