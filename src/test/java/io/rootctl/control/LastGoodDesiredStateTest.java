package io.rootctl.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootctl.desired.yaml.DesiredStateLoader;
import io.rootctl.metrics.CallOutcome;
import io.rootctl.metrics.DriftSnapshot;
import io.rootctl.metrics.ReconcileResult;
import io.rootctl.metrics.RootctlMetrics;
import io.rootctl.model.TaskPolicy;
import io.rootctl.testing.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LastGoodDesiredStateTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T09:00:00Z"));
  private final List<String> events = new ArrayList<>();
  private final RootctlMetrics metrics =
      new RootctlMetrics() {
        @Override
        public void reconcileFinished(ReconcileResult r, Duration d, Instant at) {}

        @Override
        public void drift(DriftSnapshot snapshot) {}

        @Override
        public void action(String action, Optional<TaskPolicy> policy, String result) {}

        @Override
        public void awsRequest(String service, String operation, CallOutcome outcome) {}

        @Override
        public void assumeRoot(TaskPolicy policy, CallOutcome outcome) {}

        @Override
        public void desiredStateLoaded(String revision) {
          events.add("loaded " + revision);
        }

        @Override
        public void desiredStateRejected() {
          events.add("rejected");
        }
      };
  private final LastGoodDesiredState state = new LastGoodDesiredState(metrics, clock);

  private static DesiredStateSource.LoadAttempt load(String revision, String dir) {
    return new DesiredStateSource.LoadAttempt(
        revision, new DesiredStateLoader().load(Path.of(dir), LocalDate.of(2026, 11, 23)));
  }

  @Test
  void aRejectedRevisionLeavesTheLastGoodOneInForceUntilAGoodOneReplacesIt() {
    assertThat(state.offer(load("bad0", "src/test/resources/fixtures/invalid/empty-dir")))
        .isFalse();
    assertThat(state.current()).as("nothing good yet").isEmpty();

    assertThat(state.offer(load("good1", "desired-state"))).isTrue();
    clock.advance(Duration.ofMinutes(1));
    assertThat(
            state.offer(
                load("bad2", "src/test/resources/fixtures/invalid/duplicate-keys/desired-state")))
        .isFalse();

    assertThat(state.current()).hasValueSatisfying(d -> assertThat(d.revision()).isNotEmpty());
    assertThat(state.latestSeen()).contains("bad2");
    assertThat(state.rejected())
        .hasValueSatisfying(
            r -> {
              assertThat(r.revision()).isEqualTo("bad2");
              assertThat(r.at()).isEqualTo(clock.instant());
              assertThat(r.errors()).isNotEmpty().allMatch(e -> e.matches("^[^:]+:\\d+:\\d+: .*"));
            });
    assertThat(events).containsExactly("rejected", "loaded good1", "rejected");

    assertThat(state.offer(load("good3", "desired-state"))).isTrue();
    assertThat(state.rejected()).as("a good revision clears the rejection").isEmpty();
  }
}
