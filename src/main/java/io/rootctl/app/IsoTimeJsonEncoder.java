package io.rootctl.app;

import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * logback's own {@link JsonEncoder}, plus one field: {@code time}, the event's time in ISO-8601
 * with date and zone (UTC, milliseconds: {@code 2026-11-23T10:31:02.118Z}), next to logback's
 * {@code timestamp} in epoch milliseconds. Log pipelines (Fluent Bit, Vector, Loki, CloudWatch)
 * parse either; people read the first. Uses the encoder's documented extension point, {@link
 * JsonEncoder#appendCustomFields}, so the JSON itself stays logback's.
 *
 * @see <a href="https://logback.qos.ch/manual/encoders.html#JsonEncoder">logback: JsonEncoder</a>
 */
public final class IsoTimeJsonEncoder extends JsonEncoder {
  private static final DateTimeFormatter ISO =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);

  @Override
  protected void appendCustomFields(StringBuilder sb, ILoggingEvent event) {
    sb.append(VALUE_SEPARATOR);
    appenderMember(sb, "time", ISO.format(event.getInstant()));
  }
}
