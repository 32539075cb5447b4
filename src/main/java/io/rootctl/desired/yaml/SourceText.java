package io.rootctl.desired.yaml;

import io.rootctl.desired.SourceLocation;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/**
 * One decoded desired-state file.
 *
 * @param name the path relative to the desired-state directory, with {@code /} separators
 * @param text the file's content, decoded as UTF-8 (without a byte-order mark)
 * @param bytes the raw content, for the revision hash
 */
record SourceText(String name, String text, byte[] bytes) {

  /** SnakeYAML marks are 0-based; locations are 1-based. */
  SourceLocation at(Mark mark) {
    return new SourceLocation(name, mark.getLine() + 1, mark.getColumn() + 1);
  }

  SourceLocation at(Node node) {
    return at(node.getStartMark());
  }

  /** The location of the {@code offset}-th UTF-16 char of {@link #text}. */
  SourceLocation atOffset(int offset) {
    int line = 1;
    int column = 1;
    for (int i = 0; i < Math.min(offset, text.length()); i++) {
      if (text.charAt(i) == '\n') {
        line++;
        column = 1;
      } else if (!Character.isLowSurrogate(text.charAt(i))) {
        column++;
      }
    }
    return new SourceLocation(name, line, column);
  }
}
