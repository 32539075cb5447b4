package io.rootctl.cli;

import io.rootctl.control.ControllerConfig;
import io.rootctl.control.RunningController;
import java.time.Clock;

/**
 * What the commands get from the composition root ({@code app.Components} in production, a test
 * wiring in CLI tests). Grows as commands need engine pieces.
 */
public interface CommandServices {
  /** The clock for "today" (exception expiry) and timestamps. */
  Clock clock();

  /**
   * Builds and starts the controller ({@code rootctl controller}) with the AWS settings of {@code
   * global}; SIGTERM and Ctrl-C stop it. The caller waits on it and closes it.
   */
  default RunningController startController(ControllerConfig config, GlobalOptions global) {
    throw new UnsupportedOperationException("this wiring cannot run the controller");
  }
}
