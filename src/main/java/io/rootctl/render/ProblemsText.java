package io.rootctl.render;

import io.rootctl.desired.DesiredState;
import io.rootctl.desired.PolicyException;
import io.rootctl.desired.Problem;
import io.rootctl.model.Printable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The text of {@code rootctl validate}: one {@code file:line:col: message} line per problem
 * (warnings marked {@code warning:}), and the one-line summary of a valid desired state.
 */
public final class ProblemsText {
  private ProblemsText() {}

  /** One line per problem, sorted by file, line, column; control characters escaped. */
  public static List<String> lines(List<Problem> problems) {
    return problems.stream().sorted().map(p -> Printable.escape(p.toString())).toList();
  }

  /**
   * As {@link #lines(List)}, with a problem about the whole directory (its location is the
   * directory itself, {@code .:1:1}) shown as {@code DIRECTORY: message}, naming the directory as
   * the user gave it.
   */
  public static List<String> lines(List<Problem> problems, String directory) {
    return problems.stream()
        .sorted()
        .map(
            p ->
                Printable.escape(
                    p.location().file().equals(".")
                        ? directory + ": " + (p.isError() ? "" : "warning: ") + p.message()
                        : p.toString()))
        .toList();
  }

  /**
   * {@code desired-state: valid — 5 documents (1 organization, 2 OUs, 2 accounts), 3 exceptions,
   * nearest expiry 2027-01-31 (break-glass)}.
   */
  public static String summary(DesiredState desired, LocalDate today) {
    int units = desired.units().size();
    int accounts = desired.accounts().size();
    var text = new StringBuilder("desired-state: valid — ");
    text.append(count(1 + units + accounts, "document", "documents"))
        .append(" (1 organization, ")
        .append(count(units, "OU", "OUs"))
        .append(", ")
        .append(count(accounts, "account", "accounts"))
        .append("), ");
    var exceptions = named(desired);
    text.append(count(exceptions.size(), "exception", "exceptions"));
    nearest(exceptions, today)
        .ifPresent(
            n ->
                text.append(", nearest expiry ")
                    .append(n.exception().expires())
                    .append(" (")
                    .append(Printable.escape(n.document()))
                    .append(')'));
    return text.toString();
  }

  /** An exception and the name of the document that holds it. */
  public record NamedException(String document, PolicyException exception) {}

  /** Every exception with its document's name, in document order. */
  public static List<NamedException> named(DesiredState desired) {
    var all = new ArrayList<NamedException>();
    desired
        .units()
        .forEach(u -> u.exception().ifPresent(e -> all.add(new NamedException(u.name(), e))));
    desired
        .accounts()
        .forEach(a -> a.exception().ifPresent(e -> all.add(new NamedException(a.name(), e))));
    return List.copyOf(all);
  }

  /** The exception still in force that expires first. */
  public static Optional<NamedException> nearest(List<NamedException> exceptions, LocalDate today) {
    return exceptions.stream()
        .filter(n -> n.exception().isActiveOn(today))
        .min(
            Comparator.comparing((NamedException n) -> n.exception().expires())
                .thenComparing(NamedException::document));
  }

  /** {@code 1 error}, {@code 2 errors}: a count with its noun in the singular or plural. */
  public static String count(long n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }
}
