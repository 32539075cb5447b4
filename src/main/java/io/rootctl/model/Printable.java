package io.rootctl.model;

import java.util.Locale;

/**
 * Text from outside rootctl (desired-state YAML, file names, AWS answers) made safe for a terminal,
 * a log line or a JSON document shown to a human. The one place that decides which characters are
 * unsafe: the loader rejects them in names, owners, reasons and tickets, and every output escapes
 * them with {@link #escape}.
 *
 * <p>Unsafe are the C0 controls (U+0000 to U+001F: ESC, which starts terminal escape sequences, and
 * tab, line feed and carriage return, which forge or split lines), DEL and the C1 controls (U+007F
 * to U+009F, U+009B is a one-character CSI), the line and paragraph separators (U+2028, U+2029) and
 * the bidirectional-text controls (U+061C, U+200E, U+200F, U+202A to U+202E, U+2066 to U+2069) that
 * make text display in another order than it reads ("Trojan Source", CVE-2021-42574). Pure.
 */
public final class Printable {
  private Printable() {}

  /** Whether {@code codePoint} may not be printed as it is. */
  public static boolean isUnsafe(int codePoint) {
    return Character.isISOControl(codePoint)
        || codePoint == 0x2028
        || codePoint == 0x2029
        || codePoint == 0x061C
        || codePoint == 0x200E
        || codePoint == 0x200F
        || (codePoint >= 0x202A && codePoint <= 0x202E)
        || (codePoint >= 0x2066 && codePoint <= 0x2069);
  }

  /** The char index of the first unsafe code point of {@code text}, or -1 when there is none. */
  public static int firstUnsafe(String text) {
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      if (isUnsafe(c)) {
        return i;
      }
      i += Character.charCount(c);
    }
    return -1;
  }

  /**
   * {@code text} with every unsafe code point written as a visible escape: {@code \n}, {@code \r},
   * {@code \t}, and {@code \}{@code u001b} (four lowercase hex digits) for the others. Text without
   * unsafe characters comes back unchanged (the same instance).
   */
  public static String escape(String text) {
    if (firstUnsafe(text) < 0) {
      return text;
    }
    var out = new StringBuilder(text.length() + 16);
    text.codePoints()
        .forEach(
            c -> {
              switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                  if (isUnsafe(c)) {
                    out.append(String.format(Locale.ROOT, "\\u%04x", c));
                  } else {
                    out.appendCodePoint(c);
                  }
                }
              }
            });
    return out.toString();
  }

  /** {@code U+001B} for messages that name an unsafe character. */
  public static String codePoint(int codePoint) {
    return String.format(Locale.ROOT, "U+%04X", codePoint);
  }
}
