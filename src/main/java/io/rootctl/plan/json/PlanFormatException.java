package io.rootctl.plan.json;

/**
 * A plan file that cannot be read: not JSON, a format version this rootctl does not read, or a
 * missing or malformed value. The message names the problem and its JSON path.
 */
public final class PlanFormatException extends Exception {
  private final String path;
  private final String problem;

  public PlanFormatException(String path, String problem) {
    super("invalid plan at " + path + ": " + problem);
    this.path = path;
    this.problem = problem;
  }

  public PlanFormatException(String path, String problem, Throwable cause) {
    super("invalid plan at " + path + ": " + problem, cause);
    this.path = path;
    this.problem = problem;
  }

  /** The JSON path of the problem, e.g. {@code $.accounts[2].actions[0].accessKeyId}. */
  public String path() {
    return path;
  }

  /** The problem, without the path. */
  public String problem() {
    return problem;
  }
}
