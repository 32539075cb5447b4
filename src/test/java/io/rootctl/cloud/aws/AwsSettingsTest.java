package io.rootctl.cloud.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AwsSettingsTest {

  @Test
  void refusesTheGlobalStsEndpointBecauseAssumeRootFailsThere() {
    assertThatThrownBy(() -> AwsSettings.defaults().withRegion("aws-global"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("AssumeRoot");
  }

  @Test
  void defaultsToUsEast1AndTheDefaultCredentialChain() {
    var settings = AwsSettings.defaults();
    assertThat(settings.region()).isEqualTo("us-east-1");
    assertThat(settings.profile()).isEmpty();
    assertThat(settings.endpoint()).isEmpty();
    assertThat(settings.credentials()).isEmpty();
  }

  @Test
  void neverShowsAStaticSecret() {
    var keys = new AwsSettings.StaticCredentials("AKIAEMULATOR", "very-secret-value");
    assertThat(AwsSettings.defaults().withCredentials(keys).toString())
        .contains("AKIAEMULATOR")
        .doesNotContain("very-secret-value");
  }

  record Case(String name, String reason, Duration requested, int expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> durations() {
    return Stream.of(
        new Case("whole seconds", "asked exactly", Duration.ofSeconds(70), 70),
        new Case("fraction", "rounded up so the work fits", Duration.ofMillis(1_500), 2),
        new Case("zero", "at least one second", Duration.ZERO, 1),
        new Case("too long", "AssumeRoot lasts at most 900 s", Duration.ofMinutes(20), 900));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("durations")
  void asksAssumeRootForNoLongerThanTheWorkNeeds(Case c) {
    assertThat(AwsRootSessionClient.durationSeconds(c.requested()))
        .as(c.reason())
        .isEqualTo(c.expected());
  }
}
