package io.rootctl.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootctl.model.AccountId;
import io.rootctl.sim.AdjustableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class OwnSessionsTest {
  static final AccountId A = AccountId.of("111122223333");
  static final AccountId B = AccountId.of("444455556666");
  final AdjustableClock clock =
      new AdjustableClock(Clock.fixed(Instant.parse("2026-12-01T08:00:00Z"), ZoneOffset.UTC));

  @Test
  void anIdIsRootctlsOnlyInTheAccountItsSessionWasOpenedIn() {
    var own = new OwnSessions(clock);
    own.record("ASIA1", A, clock.instant().plusSeconds(900));

    assertThat(own.opened("ASIA1", A)).isTrue();
    assertThat(own.opened("ASIA1", B)).isFalse();
    assertThat(own.opened("ASIA2", A)).isFalse();
  }

  @Test
  void anIdIsForgottenTheRetentionAfterItsSessionExpires() {
    var own = new OwnSessions(clock, Duration.ofHours(1), 10);
    own.record("ASIA1", A, clock.instant().plusSeconds(900));

    clock.advance(Duration.ofMinutes(74));
    assertThat(own.opened("ASIA1", A)).isTrue();
    clock.advance(Duration.ofMinutes(2));
    assertThat(own.opened("ASIA1", A)).isFalse();
  }

  @Test
  void theOldestIdsGoFirstBeyondTheCapacity() {
    var own = new OwnSessions(clock, Duration.ofHours(1), 3);
    for (int i = 0; i < 5; i++) {
      own.record("ASIA" + i, A, clock.instant().plusSeconds(900));
    }

    assertThat(own.size()).isEqualTo(3);
    assertThat(own.opened("ASIA0", A)).isFalse();
    assertThat(own.opened("ASIA4", A)).isTrue();
  }

  @Test
  void theRecordingOpenerRemembersEverySessionItOpens() {
    var own = new OwnSessions(clock);
    var cloud = io.rootctl.sim.InMemoryCloud.demo(clock);
    var member =
        cloud.describeOrganization().accounts().stream()
            .filter(m -> !cloud.describeOrganization().isManagement(m.id()))
            .findFirst()
            .orElseThrow()
            .id();

    try (var session =
        own.recording(cloud)
            .open(
                member,
                io.rootctl.model.TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS,
                Duration.ofMinutes(5))) {
      assertThat(session.accessKeyId()).isPresent();
      assertThat(own.opened(session.accessKeyId().get(), member)).isTrue();
    }
  }
}
