package io.rootctl.engine;

import java.util.List;
import java.util.Optional;

/**
 * The organization's readiness for rootctl ({@code rootctl check}): one line per prerequisite of
 * centralized root access, each passed or failed with what to do. Ready only when every line
 * passed.
 *
 * @param lines in the order they were checked
 * @see <a
 *     href="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-enable-root-access.html">Centrally
 *     manage root access for member accounts</a>
 */
public record Readiness(List<Line> lines) {
  public Readiness {
    lines = List.copyOf(lines);
  }

  /** Whether every line passed. */
  public boolean ready() {
    return lines.stream().allMatch(Line::ok);
  }

  /**
   * One prerequisite.
   *
   * @param check a short stable name, e.g. {@code caller}, {@code featureSet}
   * @param ok whether it is met
   * @param detail what was found (or the error that kept it from being read)
   * @param fix what to do when it is not met: an AWS CLI command or a console step; empty when met
   */
  public record Line(String check, boolean ok, String detail, Optional<String> fix) {
    public static Line pass(String check, String detail) {
      return new Line(check, true, detail, Optional.empty());
    }

    public static Line fail(String check, String detail, String fix) {
      return new Line(check, false, detail, Optional.of(fix));
    }
  }
}
