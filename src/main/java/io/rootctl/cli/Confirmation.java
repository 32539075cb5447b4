package io.rootctl.cli;

import java.io.IOException;
import java.io.PrintWriter;

/**
 * Terraform's confirmation prompt: a question, what it means, and only {@code yes} accepted. The
 * caller checks {@link CommandServices#interactive()} first and says what happens on refusal.
 */
final class Confirmation {
  private Confirmation() {}

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
    return answer != null && answer.strip().equals("yes");
  }
}
