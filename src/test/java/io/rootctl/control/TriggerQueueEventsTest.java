package io.rootctl.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rootctl.control.TriggerQueue.Batch;
import io.rootctl.control.TriggerQueue.Trigger;
import io.rootctl.model.AccountId;
import io.rootctl.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What event sources put into the queue, and what one take gives the loop. Pure, by a clock. */
class TriggerQueueEventsTest {
  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
  private static final AccountId A = AccountId.of("222222222222");
  private static final AccountId B = AccountId.of("444444444444");
  private final ManualClock clock = new ManualClock(NOW);
  private final TriggerQueue queue = new TriggerQueue(clock);

  @Test
  void accountsNamedBeforeARunAreMergedIntoThatOneRun() throws Exception {
    queue.accountsChanged(Set.of(B));
    queue.reconcileAll(Trigger.NEW_REVISION);
    queue.accountsChanged(Set.of(A, B));

    assertThat(queue.next())
        .contains(
            new Batch(Set.of(Trigger.ACCOUNTS_CHANGED, Trigger.NEW_REVISION), Set.of(A, B), 0));
    queue.reconcileAll(Trigger.MANUAL);
    assertThat(queue.next())
        .as("taken accounts are not read fresh again")
        .contains(new Batch(Set.of(Trigger.MANUAL), Set.of(), 0));
  }

  @Test
  void theEarliestDeadlineWinsAndIsItsOwnTrigger() throws Exception {
    queue.reconcileBy(Trigger.INTERVAL, NOW.plusSeconds(300));
    queue.reconcileBy(Trigger.RETRY, NOW.plusSeconds(5));
    queue.reconcileBy(Trigger.INTERVAL, NOW.plusSeconds(60));
    assertThat(queue.deadline()).contains(NOW.plusSeconds(5));

    clock.advance(Duration.ofSeconds(5));

    assertThat(queue.next()).contains(new Batch(Set.of(Trigger.RETRY), Set.of(), 0));
  }

  @Test
  void anyRunSatisfiesEveryDeadline() throws Exception {
    queue.reconcileBy(Trigger.INTERVAL, NOW.plusSeconds(300));
    queue.reconcileAll(Trigger.NEW_REVISION);

    assertThat(queue.next()).contains(new Batch(Set.of(Trigger.NEW_REVISION), Set.of(), 0));
    assertThat(queue.deadline()).as("the timer re-arms after the run").isEmpty();
    assertThat(queue.hasPending()).isFalse();
  }

  @Test
  void anEventNamingNoAccountIsRefused() {
    assertThatThrownBy(() -> queue.accountsChanged(Set.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(queue.hasPending()).isFalse();
  }

  @Test
  void aFloodOfAccountIdsIsBoundedAndCounted() throws Exception {
    var many = new HashSet<AccountId>();
    for (int i = 0; i < TriggerQueue.MAX_ACCOUNTS + 7; i++) {
      many.add(AccountId.of(String.format("%012d", i)));
    }
    queue.accountsChanged(many);
    queue.accountsChanged(Set.of(AccountId.of("000000000000")));

    Optional<Batch> batch = queue.next();

    assertThat(batch)
        .hasValueSatisfying(
            b -> {
              assertThat(b.accounts()).hasSize(TriggerQueue.MAX_ACCOUNTS);
              assertThat(b.dropped())
                  .as("an account already held is not counted again")
                  .isEqualTo(7);
            });
  }

  @Test
  void closingEndsAWaitWithNoDeadline() throws Exception {
    queue.close();
    assertThat(queue.next()).isEmpty();
  }
}
