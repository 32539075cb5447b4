package io.rootctl.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ApplyOptionsTest {

  @Test
  void oneAccountAtATimeWithOneAttemptIsTheLeastAllowed() {
    var least = new ApplyOptions("run-1", 1, 1);

    assertThat(least.parallelism()).isEqualTo(1);
    assertThat(least.maxAttempts()).isEqualTo(1);
    assertThat(least.stopRequested().getAsBoolean()).as("never stops early").isFalse();
  }

  @Test
  void refusesNoParallelismNoAttemptsAndABlankRunId() {
    assertThatThrownBy(() -> new ApplyOptions("run-1", 0, 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ApplyOptions("run-1", 10, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ApplyOptions(" ", 10, 3))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void defaultsToTenAccountsAtOnceAndThreeAttempts() {
    var defaults = ApplyOptions.defaults("run-1");

    assertThat(defaults.runId()).isEqualTo("run-1");
    assertThat(defaults.parallelism()).isEqualTo(ApplyOptions.DEFAULT_PARALLELISM).isEqualTo(10);
    assertThat(defaults.maxAttempts()).isEqualTo(ApplyOptions.DEFAULT_MAX_ATTEMPTS).isEqualTo(3);
  }

  @Test
  void keepsEverythingElseWhenOneThingChanges() {
    var stopping = ApplyOptions.defaults("run-1").withStopSignal(() -> true).withParallelism(2);

    assertThat(stopping.stopRequested().getAsBoolean()).isTrue();
    assertThat(stopping.parallelism()).isEqualTo(2);
    assertThat(stopping.runId()).isEqualTo("run-1");
    assertThat(stopping.maxAttempts()).isEqualTo(3);
  }
}
