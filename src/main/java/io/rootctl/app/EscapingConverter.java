package io.rootctl.app;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.pattern.CompositeConverter;
import io.rootctl.model.Printable;

/**
 * The {@code %escape(...)} conversion of {@code logback.xml}: what it wraps (the message and its
 * key-values) with control characters escaped ({@link Printable}), so a name, a reason or an AWS
 * error message can neither forge a log line nor send escape sequences to a terminal. Stack traces
 * are outside it and keep their line breaks.
 */
public final class EscapingConverter extends CompositeConverter<ILoggingEvent> {
  @Override
  protected String transform(ILoggingEvent event, String in) {
    return Printable.escape(in);
  }
}
