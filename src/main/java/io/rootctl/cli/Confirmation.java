package io.rootctl.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Optional;

/**
 * Terraform's confirmation prompt: a question, what it means, and only {@code yes} accepted. The
 * answer is one line read from stdin, a terminal or not: {@code yes | rootctl apply} and {@code
 * echo yes | rootctl apply} approve as at a terminal. Input can be switched off ({@link
 * #inputOff}), and the caller says what happens on refusal.
 */
final class Confirmation {
  /** Set to anything but an empty string: rootctl runs in automation and never asks. */
  static final String ROOTCTL_IN_AUTOMATION = "ROOTCTL_IN_AUTOMATION";

  /** Terraform's own: set to anything but an empty string, as in Terraform. */
  static final String TF_IN_AUTOMATION = "TF_IN_AUTOMATION";

  /** Terraform's own: {@code false} or {@code 0} is {@code -input=false}. */
  static final String TF_INPUT = "TF_INPUT";

  /** What the user answered. */
  enum Answer {
    /** The line was {@code yes} (surrounding blanks ignored). */
    YES,
    /** Any other line. */
    OTHER,
    /** End of input (stdin closed or {@code /dev/null}), or stdin could not be read. */
    NONE
  }

  private Confirmation() {}

  /**
   * Why rootctl must not ask for input, if it must not: {@code -input=false}, {@code TF_INPUT} set
   * to {@code false} or {@code 0}, or {@code TF_IN_AUTOMATION} or {@code ROOTCTL_IN_AUTOMATION} set
   * (not empty). Empty when asking is allowed.
   */
  static Optional<String> inputOff(CommandServices services, GlobalOptions global) {
    if (!global.input()) {
      return Optional.of("-input=false");
    }
    var tfInput = services.environment(TF_INPUT).map(v -> v.strip().toLowerCase(Locale.ROOT));
    if (tfInput.isPresent() && (tfInput.get().equals("false") || tfInput.get().equals("0"))) {
      return Optional.of(TF_INPUT + "=" + tfInput.get());
    }
    for (var name : new String[] {ROOTCTL_IN_AUTOMATION, TF_IN_AUTOMATION}) {
      if (services.environment(name).filter(v -> !v.isEmpty()).isPresent()) {
        return Optional.of(name + " is set");
      }
    }
    return Optional.empty();
  }

  /**
   * Asks {@code question} on {@code out}, with each of {@code meaning} indented beneath it, and
   * reads one line from {@code services}' input.
   *
   * @param accepted what {@code yes} does, e.g. {@code approve}
   * @return true only when the answer is {@code yes} (surrounding blanks ignored); false for any
   *     other answer, end of input or an unreadable input
   */
  static boolean askYes(
      CommandServices services,
      PrintWriter out,
      String question,
      String accepted,
      String... meaning) {
    return ask(services, out, question, accepted, meaning) == Answer.YES;
  }

  /**
   * As {@link #askYes}, telling apart another answer from no answer at all.
   *
   * @return {@link Answer#YES} only for {@code yes}; {@link Answer#NONE} at end of input or when
   *     stdin cannot be read; {@link Answer#OTHER} for any other line
   */
  static Answer ask(
      CommandServices services,
      PrintWriter out,
      String question,
      String accepted,
      String... meaning) {
    out.println();
    out.println(question);
    for (var line : meaning) {
      out.println("  " + line);
    }
    out.println("  Only 'yes' will be accepted to " + accepted + ".");
    out.println();
    out.print("  Enter a value: ");
    out.flush();
    String answer;
    try {
      answer = services.input().readLine();
    } catch (IOException e) {
      answer = null;
    }
    if (answer == null) {
      out.println();
      out.flush();
      return Answer.NONE;
    }
    return answer.strip().equals("yes") ? Answer.YES : Answer.OTHER;
  }
}
