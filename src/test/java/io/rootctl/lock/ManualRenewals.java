package io.rootctl.lock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Renewals run by hand: {@link #runAll()} runs every task not cancelled. */
public final class ManualRenewals implements Renewals {
  public final List<Runnable> tasks = new ArrayList<>();
  Duration period = Duration.ZERO;

  @Override
  public Task every(Duration period, Runnable renewal) {
    this.period = period;
    tasks.add(renewal);
    return () -> tasks.remove(renewal);
  }

  public void runAll() {
    List.copyOf(tasks).forEach(Runnable::run);
  }
}
