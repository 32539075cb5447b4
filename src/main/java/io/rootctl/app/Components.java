package io.rootctl.app;

import io.rootctl.cli.CommandServices;
import io.rootctl.cli.GlobalOptions;
import io.rootctl.cloud.aws.AwsSettings;
import io.rootctl.control.ControllerConfig;
import io.rootctl.control.RunningController;
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

  @Override
  public RunningController startController(ControllerConfig config, GlobalOptions global) {
    var settings = AwsSettings.defaults().withRegion(global.region());
    settings = global.profile().map(settings::withProfile).orElse(settings);
    settings = global.endpointUrl().map(settings::withEndpoint).orElse(settings);
    var running = ControllerAssembly.start(config, settings, clock);
    Signals.stopOnTermination(running::stop);
    return running;
  }
}
