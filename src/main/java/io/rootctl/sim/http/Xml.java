package io.rootctl.sim.http;

import java.time.Instant;

/** Writes the query protocol's XML, element by element, escaping text. Not thread-safe. */
final class Xml {
  private final StringBuilder out = new StringBuilder(512);

  Xml open(String name) {
    out.append('<').append(name).append('>');
    return this;
  }

  Xml open(String name, String xmlns) {
    out.append('<').append(name).append(" xmlns=\"").append(xmlns).append("\">");
    return this;
  }

  Xml close(String name) {
    out.append("</").append(name).append('>');
    return this;
  }

  Xml leaf(String name, String text) {
    open(name);
    escape(text);
    return close(name);
  }

  Xml leaf(String name, Instant time) {
    return leaf(name, time.toString());
  }

  Xml leaf(String name, long value) {
    return leaf(name, Long.toString(value));
  }

  Xml leaf(String name, boolean value) {
    return leaf(name, Boolean.toString(value));
  }

  private void escape(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        default -> out.append(c);
      }
    }
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
