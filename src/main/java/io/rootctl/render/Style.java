package io.rootctl.render;

/**
 * Colour on or off. The caller decides ({@code --no-color}, not a terminal, {@code NO_COLOR});
 * renderers only ask for a colour and get plain text when it is off.
 */
public record Style(boolean color) {

  /** No escape codes at all. */
  public static final Style PLAIN = new Style(false);

  /** ANSI colours. */
  public static final Style COLOR = new Style(true);

  public static Style of(boolean color) {
    return color ? COLOR : PLAIN;
  }

  /** Deletions. */
  public String red(String text) {
    return wrap("31", text);
  }

  /** Creations. */
  public String green(String text) {
    return wrap("32", text);
  }

  /** Organization feature changes and notes. */
  public String yellow(String text) {
    return wrap("33", text);
  }

  public String bold(String text) {
    return wrap("1", text);
  }

  public String dim(String text) {
    return wrap("2", text);
  }

  private String wrap(String code, String text) {
    return color && !text.isEmpty() ? "\u001b[" + code + "m" + text + "\u001b[0m" : text;
  }
}
