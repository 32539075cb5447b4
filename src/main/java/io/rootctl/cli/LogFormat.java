package io.rootctl.cli;

/**
 * The {@code --log-format} values: how log lines on stderr are written. The names are the option's
 * values.
 */
public enum LogFormat {
  /**
   * One line per event: {@code 2026-11-23T09:00:00.000Z INFO Logger message key="value" ...}, with
   * control characters escaped.
   */
  text,
  /**
   * One JSON object per line, by logback's {@code JsonEncoder}: {@code timestamp} (epoch
   * milliseconds), {@code level}, {@code loggerName}, {@code formattedMessage} and the key-values
   * as {@code kvpList}.
   */
  json
}
