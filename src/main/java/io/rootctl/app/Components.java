package io.rootctl.app;

import io.rootctl.cli.CommandServices;
import java.time.Clock;

/**
 * Builds what the commands need, by hand: the clock today; the AWS clients and engine as they
 * arrive. The only place that reads the system clock.
 */
public final class Components implements CommandServices {
  private final Clock clock = Clock.systemUTC();

  @Override
  public Clock clock() {
    return clock;
  }
}
