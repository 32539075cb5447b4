package io.rootctl.app;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.Status;
import io.rootctl.cli.LogFormat;
import java.net.URL;
import java.util.stream.Collectors;

/**
 * Sets up logback for a {@link LogFormat}: reloads the shipped {@code logback.xml} with {@value
 * #FORMAT_PROPERTY} set, which selects its stderr appender ({@code text}: the escaped pattern
 * layout; {@code json}: logback's {@code JsonEncoder}). Levels come from the file as at start-up;
 * {@code -v} is applied after. See <a
 * href="https://logback.qos.ch/manual/configuration.html#joranDirectly">invoking JoranConfigurator
 * directly</a> and <a
 * href="https://logback.qos.ch/manual/encoders.html#JsonEncoder">JsonEncoder</a>.
 */
public final class LogSetup {
  /** The logback property that names the stderr appender: {@code text} or {@code json}. */
  public static final String FORMAT_PROPERTY = "rootctl.log.format";

  private LogSetup() {}

  /**
   * Reconfigures {@code context} from {@code config} (the shipped {@code /logback.xml}) for {@code
   * format}. Throws {@link IllegalStateException}, naming logback's errors, if the configuration
   * fails: rootctl does not run with logging it was not asked for.
   */
  public static void configure(LoggerContext context, URL config, LogFormat format) {
    context.reset();
    context.putProperty(FORMAT_PROPERTY, format.name());
    var configurator = new JoranConfigurator();
    configurator.setContext(context);
    var since = System.currentTimeMillis();
    try {
      configurator.doConfigure(config);
    } catch (JoranException e) {
      throw new IllegalStateException("cannot set up --log-format " + format + ": " + e, e);
    }
    var errors =
        context.getStatusManager().getCopyOfStatusList().stream()
            .filter(s -> s.getLevel() >= Status.ERROR && s.getTimestamp() >= since)
            .toList();
    var root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    if (errors.isEmpty() && root.getAppender(format.name()) == null) {
      throw new IllegalStateException(
          "cannot set up --log-format " + format + ": " + config + " has no appender " + format);
    }
    if (!errors.isEmpty()) {
      throw new IllegalStateException(
          "cannot set up --log-format "
              + format
              + ": "
              + errors.stream().map(Status::getMessage).collect(Collectors.joining("; ")));
    }
  }
}
