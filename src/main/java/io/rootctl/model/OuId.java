package io.rootctl.model;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An organizational unit id, {@code ou-xxxx-xxxxxxxx} (AWS pattern
 * ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}).
 */
public record OuId(String value) implements Comparable<OuId> {
  private static final Pattern OU_ID = Pattern.compile("ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}");

  public OuId {
    Objects.requireNonNull(value, "value");
    if (!OU_ID.matcher(value).matches()) {
      throw new IllegalArgumentException("not an OU id (ou-xxxx-xxxxxxxx): '" + value + "'");
    }
  }

  public static OuId of(String text) {
    return new OuId(text);
  }

  public static boolean isValid(String text) {
    return OU_ID.matcher(text).matches();
  }

  @Override
  public int compareTo(OuId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
