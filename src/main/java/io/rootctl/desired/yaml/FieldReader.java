package io.rootctl.desired.yaml;

import io.rootctl.desired.Problem;
import io.rootctl.desired.SourceLocation;
import io.rootctl.model.Printable;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The field readers every document kind shares: a nested mapping, free text, one of an enum's YAML
 * names, a date, and the problem at a node's place ({@code file:line:col}). A reader that finds the
 * value wrong adds the problem to the shared list and returns empty; nothing stops at the first.
 */
final class FieldReader {
  private static final Pattern ISO_DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

  private final SourceText source;
  private final List<Problem> problems;

  FieldReader(SourceText source, List<Problem> problems) {
    this.source = source;
    this.problems = problems;
  }

  /** Where {@code node} starts. */
  SourceLocation at(Node node) {
    return source.at(node);
  }

  /** Reports an error at {@code node}. */
  void error(Node node, String message) {
    problems.add(Problem.error(source.at(node), message));
  }

  /** Reports an error at {@code at}. */
  void error(SourceLocation at, String message) {
    problems.add(Problem.error(at, message));
  }

  /** The mapping {@code m} under {@code key}, checked against {@code keys}. */
  YamlMapping mapping(String path, ScalarNode key, MappingNode m, List<String> keys) {
    return YamlMapping.of(source, path, source.at(key), m, keys, problems);
  }

  /** The value of {@code e} as a mapping checked against {@code keys}; empty if not a mapping. */
  Optional<YamlMapping> mapping(String path, YamlMapping.Entry e, List<String> keys) {
    if (e.value() instanceof MappingNode m) {
      return Optional.of(mapping(path, e.key(), m, keys));
    }
    error(e.value(), path + " must be a mapping, not " + describe(e.value()));
    return Optional.empty();
  }

  /**
   * Whether {@code value} (read from {@code node}) is text that prints as it reads: no control
   * character, line break or bidirectional-text control ({@link Printable}). Written escaped in a
   * double-quoted string ({@code "\e[2J"}) such characters would clear a terminal, forge an output
   * line or reorder what a reviewer sees; they are reported here, at the value.
   */
  boolean printable(String path, Node node, String value) {
    int at = Printable.firstUnsafe(value);
    if (at < 0) {
      return true;
    }
    int c = value.codePointAt(at);
    error(
        node,
        path
            + " contains "
            + describeUnsafe(c)
            + " ("
            + Printable.codePoint(c)
            + ") at character "
            + (value.codePointCount(0, at) + 1)
            + ": names, owners, reasons, tickets and OU paths must be printable text on one line"
            + (c == '\n' ? " (a folded block, >, joins its lines with spaces)" : ""));
    return false;
  }

  private static String describeUnsafe(int c) {
    return switch (c) {
      case '\n', '\r', 0x2028, 0x2029 -> "a line break";
      case '\t' -> "a tab";
      case 0x1b -> "an escape character";
      default -> Character.isISOControl(c) ? "a control character" : "a bidirectional-text control";
    };
  }

  /** A free-text value (names, reasons): any non-empty scalar of printable text, stripped. */
  Optional<String> text(YamlMapping map, String key) {
    var e = map.get(key);
    if (e.isEmpty()) {
      return Optional.empty();
    }
    if (e.get().value() instanceof ScalarNode s) {
      if (s.getValue().isBlank()) {
        error(s, map.pathOf(key) + " must not be blank");
        return Optional.empty();
      }
      var value = s.getValue().strip();
      return printable(map.pathOf(key), s, value) ? Optional.of(value) : Optional.empty();
    }
    error(e.get().value(), map.pathOf(key) + " must be a string, not " + describe(e.get().value()));
    return Optional.empty();
  }

  /** The value of {@code key} as one of {@code values}, by its YAML name; empty if absent. */
  <E extends Enum<E>> Optional<E> choice(
      YamlMapping map, String key, E[] values, Function<E, String> yaml) {
    return map.get(key).flatMap(e -> choice(map.pathOf(key), e.value(), values, yaml));
  }

  /** {@code node} as one of {@code values}, by its YAML name. */
  <E extends Enum<E>> Optional<E> choice(
      String path, Node node, E[] values, Function<E, String> yaml) {
    var names = Arrays.stream(values).map(yaml).toList();
    if (node instanceof ScalarNode s) {
      for (var v : values) {
        if (yaml.apply(v).equals(s.getValue())) {
          return Optional.of(v);
        }
      }
      var message =
          "unknown value '"
              + show(s.getValue())
              + "' for "
              + path
              + ": expected "
              + DidYouMean.orList(names);
      message +=
          new DidYouMean(names)
              .nearest(s.getValue())
              .map(n -> " (did you mean '" + n + "'?)")
              .orElse("");
      if (s.getTag().equals(Tag.BOOL)) {
        message += " (unquoted, YAML reads " + show(s.getValue()) + " as a boolean)";
      }
      error(node, message);
    } else {
      error(node, path + " must be " + DidYouMean.orList(names) + ", not " + describe(node));
    }
    return Optional.empty();
  }

  /** A calendar date written {@code YYYY-MM-DD}, quoted or not. */
  Optional<LocalDate> date(String path, Node node) {
    // YAML resolves an unquoted 2027-01-31 as a timestamp; quoted, it is a string. Both are
    // fine, as long as the text is a calendar date and nothing more.
    if (node instanceof ScalarNode s
        && (s.getTag().equals(Tag.TIMESTAMP) || s.getTag().equals(Tag.STR))
        && ISO_DATE.matcher(s.getValue()).matches()) {
      try {
        return Optional.of(LocalDate.parse(s.getValue()));
      } catch (DateTimeParseException e) {
        error(node, path + " " + quoted(node) + " is not a calendar date");
        return Optional.empty();
      }
    }
    error(node, path + " must be a date written YYYY-MM-DD, not " + describe(node));
    return Optional.empty();
  }

  /** How a node reads in a message: "a mapping", "the int 42", "the string 'x'". */
  static String describe(Node node) {
    return switch (node) {
      case MappingNode m -> "a mapping";
      case SequenceNode s -> "a list";
      case ScalarNode s -> {
        var tag = s.getTag();
        if (tag.equals(Tag.NULL)) {
          yield "an empty value";
        } else if (tag.equals(Tag.STR)) {
          yield "the string '" + show(s.getValue()) + "'";
        } else if (tag.equals(Tag.INT)) {
          yield "the int " + show(s.getValue());
        } else if (tag.equals(Tag.FLOAT)) {
          yield "the float " + show(s.getValue());
        } else if (tag.equals(Tag.BOOL)) {
          yield "the boolean " + show(s.getValue());
        } else if (tag.equals(Tag.TIMESTAMP)) {
          yield "the timestamp " + show(s.getValue());
        } else {
          yield "'" + show(s.getValue()) + "'";
        }
      }
      default -> "an unsupported node";
    };
  }

  /** A scalar as {@code 'text'}, anything else as {@link #describe}. */
  static String quoted(Node node) {
    return node instanceof ScalarNode s ? "'" + show(s.getValue()) + "'" : describe(node);
  }

  /** A value as it may appear in a one-line message: control characters escaped, long ones cut. */
  static String show(String value) {
    var cut = value.codePointCount(0, value.length()) > 60;
    var head = cut ? value.substring(0, value.offsetByCodePoints(0, 60)) : value;
    return Printable.escape(head) + (cut ? "…" : "");
  }
}
