package io.rootctl.desired;

/**
 * Where a document or value was written: the file (as given to the loader, relative to the
 * desired-state directory where possible) and a 1-based line and column.
 */
public record SourceLocation(String file, int line, int column)
    implements Comparable<SourceLocation> {

  /** A location for things that have no place in a file (built-in defaults). */
  public static SourceLocation builtIn() {
    return new SourceLocation("<built-in>", 0, 0);
  }

  @Override
  public int compareTo(SourceLocation o) {
    int c = file.compareTo(o.file);
    if (c != 0) {
      return c;
    }
    c = Integer.compare(line, o.line);
    return c != 0 ? c : Integer.compare(column, o.column);
  }

  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}
