package io.rootctl.cli;

import java.time.Duration;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses Go-style durations as the chart and git-sync write them: one or more number-unit pairs,
 * units {@code h}, {@code m}, {@code s} and {@code ms}, e.g. {@code 5m}, {@code 1h}, {@code 90s},
 * {@code 1m30s}. Anything else is a usage error.
 */
public final class DurationConverter implements ITypeConverter<Duration> {
  private static final Pattern WHOLE = Pattern.compile("(?:[0-9]+(?:ms|h|m|s))+");
  private static final Pattern PART = Pattern.compile("([0-9]+)(ms|h|m|s)");

  @Override
  public Duration convert(String value) {
    return parse(value);
  }

  /** The duration {@code text} denotes; {@link TypeConversionException} when it is not one. */
  public static Duration parse(String text) {
    if (!WHOLE.matcher(text).matches()) {
      throw new TypeConversionException(
          "'" + text + "' is not a duration: write e.g. 90s, 5m, 1h or 1m30s");
    }
    var total = Duration.ZERO;
    var m = PART.matcher(text);
    while (m.find()) {
      long n;
      try {
        n = Long.parseLong(m.group(1));
      } catch (NumberFormatException e) {
        throw new TypeConversionException("'" + text + "' is too long a duration");
      }
      total =
          total.plus(
              switch (m.group(2)) {
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                case "s" -> Duration.ofSeconds(n);
                default -> Duration.ofMillis(n);
              });
    }
    if (total.isZero()) {
      throw new TypeConversionException("'" + text + "' must be longer than zero");
    }
    return total;
  }
}
