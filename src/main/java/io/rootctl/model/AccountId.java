package io.rootctl.model;

import java.util.Objects;
import java.util.regex.Pattern;

/** An AWS account id: exactly twelve decimal digits, leading zeros significant. */
public record AccountId(String value) implements Comparable<AccountId> {
  private static final Pattern TWELVE_DIGITS = Pattern.compile("[0-9]{12}");

  public AccountId {
    Objects.requireNonNull(value, "value");
    if (!TWELVE_DIGITS.matcher(value).matches()) {
      throw new IllegalArgumentException("not a 12-digit AWS account id: '" + value + "'");
    }
  }

  /** Parses {@code text} as an account id; {@link IllegalArgumentException} when it is not one. */
  public static AccountId of(String text) {
    return new AccountId(text);
  }

  /** True when {@code text} is exactly twelve digits. */
  public static boolean isValid(String text) {
    return TWELVE_DIGITS.matcher(text).matches();
  }

  @Override
  public int compareTo(AccountId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
