package io.rootctl.testing;

import io.rootctl.cli.CommandServices;
import io.rootctl.cli.EngineHandle;
import io.rootctl.cli.EngineOptions;
import io.rootctl.cli.GlobalOptions;
import java.io.BufferedReader;
import java.io.StringReader;
import java.time.Clock;

/**
 * {@link CommandServices} with only a clock, for commands that need no engine (validate, sim): not
 * a terminal, no answers, and opening an engine fails the test.
 */
public class ClockServices implements CommandServices {
  private final Clock clock;

  public ClockServices(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public EngineHandle openEngine(GlobalOptions global, EngineOptions options) {
    throw new AssertionError("this test wires no engine");
  }

  @Override
  public CommandServices withStaticCredentials(String accessKeyId, String secretAccessKey) {
    return this;
  }

  @Override
  public boolean interactive() {
    return false;
  }

  @Override
  public boolean colorAllowed() {
    return false;
  }

  @Override
  public BufferedReader input() {
    return new BufferedReader(new StringReader(""));
  }
}
