package io.rootctl.desired;

/**
 * One thing wrong (or worth a warning) in the desired state, at a place in a file. Errors stop
 * everything; warnings are shown and nothing else.
 */
public record Problem(SourceLocation location, Severity severity, String message)
    implements Comparable<Problem> {

  public enum Severity {
    ERROR,
    WARNING
  }

  public static Problem error(SourceLocation location, String message) {
    return new Problem(location, Severity.ERROR, message);
  }

  public static Problem warning(SourceLocation location, String message) {
    return new Problem(location, Severity.WARNING, message);
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  @Override
  public int compareTo(Problem o) {
    int c = location.compareTo(o.location);
    return c != 0 ? c : message.compareTo(o.message);
  }

  /** {@code file:line:col: message}, with {@code warning: } before warnings. */
  @Override
  public String toString() {
    return location + ": " + (isError() ? "" : "warning: ") + message;
  }
}
