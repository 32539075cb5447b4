package io.rootctl.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PrintableTest {
  record Case(String name, String text, String escaped, int firstUnsafe) {}

  static Stream<Case> cases() {
    return Stream.of(
        new Case("plain ASCII", "break-glass", "break-glass", -1),
        new Case("accents and emoji are fine", "Zoë 🔑 ü", "Zoë 🔑 ü", -1),
        new Case("ESC starts a terminal sequence", "a\u001b[2Jb", "a\\u001b[2Jb", 1),
        new Case("newline forges a line", "x\nvalid", "x\\nvalid", 1),
        new Case("carriage return and tab", "\r\t", "\\r\\t", 0),
        new Case("NUL and BEL", "\u0000\u0007", "\\u0000\\u0007", 0),
        new Case("DEL", "a\u007f", "a\\u007f", 1),
        new Case("C1 CSI", "a\u009b2J", "a\\u009b2J", 1),
        new Case("line separator", "a\u2028b", "a\\u2028b", 1),
        new Case("right-to-left override", "admin\u202egnp.exe", "admin\\u202egnp.exe", 5),
        new Case("bidi isolate", "\u2066x\u2069", "\\u2066x\\u2069", 0),
        new Case("left-to-right mark", "a\u200eb", "a\\u200eb", 1),
        new Case("after a surrogate pair", "🔑\u001b", "🔑\\u001b", 2));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void escapesExactlyTheUnsafeCharacters(Case c) {
    assertThat(Printable.escape(c.text())).as(c.name()).isEqualTo(c.escaped());
    assertThat(Printable.firstUnsafe(c.text())).as(c.name()).isEqualTo(c.firstUnsafe());
    assertThat(Printable.firstUnsafe(Printable.escape(c.text())))
        .as(c.name() + ": the escaped text is safe")
        .isEqualTo(-1);
  }
}
