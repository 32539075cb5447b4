package io.rootctl.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

/**
 * The shipped logback.xml, as it starts ({@code --log-format text}): ISO-8601 timestamps with date
 * and zone, and control characters in messages and key-values escaped.
 */
class LogEscapingTest {

  @Test
  void aForgedLineOrAnEscapeSequenceInALogMessageIsWrittenEscaped() throws Exception {
    var context = new LoggerContext();
    var configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(Path.of("src/main/resources/logback.xml").toFile());
    var appender =
        (OutputStreamAppender<?>)
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).iteratorForAppenders().next();
    var encoder = (PatternLayoutEncoder) appender.getEncoder();
    var logger = context.getLogger("io.rootctl.control.LastGoodDesiredState");
    var event =
        new LoggingEvent(
            LoggingEvent.class.getName(),
            logger,
            Level.WARN,
            "desired state rejected: {}",
            null,
            new Object[] {
              "accounts/x.yaml:1:1: bad\n00:00:00.000 INFO  Controller all in sync\u001b[2J"
            });
    event.setKeyValuePairs(List.of(new KeyValuePair("revision", "abc\u202edef")));

    var line = new String(encoder.encode(event), StandardCharsets.UTF_8);

    assertThat(line)
        .endsWith(
            "desired state rejected: accounts/x.yaml:1:1: bad\\n00:00:00.000 INFO  Controller all"
                + " in sync\\u001b[2J revision=\"abc\\u202edef\""
                + System.lineSeparator());
    assertThat(line.lines()).hasSize(1);
    // ISO-8601 with the date and the zone, e.g. 2026-11-23T09:00:00.000Z
    assertThat(line)
        .matches(
            "(?s)\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) WARN  LastGoodDesiredState .*");
    context.stop();
  }
}
