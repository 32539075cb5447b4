package io.rootctl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {
  record Case(String name, String reason, String text, Duration expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> valid() {
    return Stream.of(
        new Case("5m", "the chart's default interval", "5m", Duration.ofMinutes(5)),
        new Case("1h", "the default resync", "1h", Duration.ofHours(1)),
        new Case("90s", "seconds past a minute", "90s", Duration.ofSeconds(90)),
        new Case("1m30s", "pairs add up, as in Go", "1m30s", Duration.ofSeconds(90)),
        new Case("1h30m", "hours and minutes", "1h30m", Duration.ofMinutes(90)),
        new Case("500ms", "milliseconds for tests", "500ms", Duration.ofMillis(500)),
        new Case("2m500ms", "ms is not m followed by s", "2m500ms", Duration.ofMillis(120_500)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valid")
  void parsesGoStyleDurations(Case c) {
    assertThat(DurationConverter.parse(c.text())).as(c.reason()).isEqualTo(c.expected());
  }

  static Stream<Case> invalid() {
    return Stream.of(
        new Case("bare number", "a unit is required", "300", null),
        new Case("empty", "nothing is not a duration", "", null),
        new Case("zero", "an interval of zero would spin", "0s", null),
        new Case("days", "d is not a Go unit", "1d", null),
        new Case("space", "no spaces", "1m 30s", null),
        new Case("negative", "no sign", "-5m", null),
        new Case("decimal", "no fractions", "1.5h", null),
        new Case("ISO-8601", "PT5M is Java's, not the chart's", "PT5M", null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void refusesAnythingElse(Case c) {
    assertThatThrownBy(() -> DurationConverter.parse(c.text()))
        .as(c.reason())
        .isInstanceOf(TypeConversionException.class);
  }
}
