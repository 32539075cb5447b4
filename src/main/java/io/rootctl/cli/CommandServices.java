package io.rootctl.cli;

import java.time.Clock;

/**
 * What the commands get from the composition root ({@code app.Components} in production, a test
 * wiring in CLI tests). Grows as commands need engine pieces.
 */
public interface CommandServices {
  /** The clock for "today" (exception expiry) and timestamps. */
  Clock clock();
}
