package io.rootctl.cloud.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the AWS SDK's "Unable to load credentials from any of the providers in the chain" message
 * back into its structure: one entry per credential provider with that provider's reason, in chain
 * order. The SDK writes the {@code toString} of every provider twice (once for the chain, once
 * before each reason), and those of the profile provider carry a dump of the whole profile file;
 * the dumps are dropped, the reasons are kept whole. Pure; used by {@link AwsErrors}.
 *
 * <p>The message's shape is {@code PREFIX AwsCredentialsProviderChain(credentialsProviders=[P1, P2,
 * ...]) : [P1: reason 1, P2: reason 2, ...]} (software.amazon.awssdk.auth.credentials.
 * AwsCredentialsProviderChain, SDK 2.x); see
 * https://docs.aws.amazon.com/sdk-for-java/latest/developer-guide/credentials-chain.html for the
 * providers of the default chain.
 */
final class CredentialChainFailure {
  /** How the SDK starts the message when every provider of a chain failed. */
  static final String PREFIX = "Unable to load credentials from any of the providers in the chain ";

  private static final String CHAIN = "AwsCredentialsProviderChain(credentialsProviders=[";
  private static final String FAILURES = ") : [";

  /** A simple {@code key=value} of an SDK {@code toString}, kept in short names. */
  private static final Pattern SIMPLE_FIELD = Pattern.compile("\\w+=[^()\\[\\]{},]+");

  /** Where an SDK {@code toString} dump may start: {@code ClassName(}. */
  private static final Pattern DUMP_START = Pattern.compile("\\b[A-Z][A-Za-z0-9]*\\(");

  private CredentialChainFailure() {}

  /**
   * One provider and why it had no credentials.
   *
   * @param provider the provider's class name, with its simple settings, e.g. {@code
   *     ProfileCredentialsProvider(profileName=default)}
   * @param reason the provider's own message, whole, without object dumps
   */
  record ProviderFailure(String provider, String reason) {}

  /** The providers and reasons of {@code message}, or empty when it is not of that shape. */
  static Optional<List<ProviderFailure>> parse(String message) {
    if (!message.startsWith(PREFIX + CHAIN) || !message.endsWith("]")) {
      return Optional.empty();
    }
    int open = PREFIX.length() + CHAIN.length() - 1;
    int close = closing(message, open);
    if (close < 0 || !message.startsWith(FAILURES, close + 1)) {
      return Optional.empty();
    }
    var providers = splitTopLevel(message.substring(open + 1, close));
    var failures = message.substring(close + 1 + FAILURES.length(), message.length() - 1);
    var out = new ArrayList<ProviderFailure>();
    int pos = 0;
    for (int i = 0; i < providers.size(); i++) {
      var head = providers.get(i) + ": ";
      if (!failures.startsWith(head, pos)) {
        return Optional.empty();
      }
      int from = pos + head.length();
      int to =
          i + 1 < providers.size()
              ? failures.indexOf(", " + providers.get(i + 1) + ": ", from)
              : failures.length();
      if (to < 0) {
        return Optional.empty();
      }
      out.add(
          new ProviderFailure(
              shortName(providers.get(i)), withoutDumps(failures.substring(from, to))));
      pos = to + 2;
    }
    return out.isEmpty() ? Optional.empty() : Optional.of(out);
  }

  /**
   * {@code text} with the SDK's object dumps ({@code ProfileFile(sections=[...], ...)}) taken out:
   * one that ends the text after {@code ": "} is dropped, any other is shortened to its class name
   * and simple settings.
   */
  static String withoutDumps(String text) {
    var out = new StringBuilder();
    int pos = 0;
    var m = DUMP_START.matcher(text);
    while (m.find(pos)) {
      int open = m.end() - 1;
      int close = closing(text, open);
      var inner = close < 0 ? "" : text.substring(open + 1, close);
      if (close < 0 || !(inner.isEmpty() || inner.matches("(?s)\\w+=.*"))) {
        out.append(text, pos, m.end());
        pos = m.end();
        continue;
      }
      var dump = text.substring(m.start(), close + 1);
      var before = text.substring(pos, m.start());
      var rest = text.substring(close + 1);
      if (before.endsWith(": ") && rest.isBlank()) {
        out.append(before, 0, before.length() - 2);
      } else {
        out.append(before).append(shortName(dump));
      }
      pos = close + 1;
    }
    out.append(text.substring(pos));
    return out.toString().strip();
  }

  /** {@code Name(a=1, b=Nested(...))} as {@code Name(a=1)}; {@code Name()} as {@code Name}. */
  static String shortName(String toString) {
    int open = toString.indexOf('(');
    int close = open < 0 ? -1 : closing(toString, open);
    if (open < 0 || close < 0) {
      return toString;
    }
    var kept =
        splitTopLevel(toString.substring(open + 1, close)).stream()
            .filter(f -> SIMPLE_FIELD.matcher(f).matches())
            .toList();
    var name = toString.substring(0, open);
    return kept.isEmpty() ? name : name + "(" + String.join(", ", kept) + ")";
  }

  /** The index of the bracket closing the one at {@code open}, or -1. */
  private static int closing(String s, int open) {
    int depth = 0;
    for (int i = open; i < s.length(); i++) {
      switch (s.charAt(i)) {
        case '(', '[', '{' -> depth++;
        case ')', ']', '}' -> {
          depth--;
          if (depth == 0) {
            return i;
          }
          if (depth < 0) {
            return -1;
          }
        }
        default -> {
          // text
        }
      }
    }
    return -1;
  }

  /** Splits at the {@code ", "} that are not inside brackets. */
  private static List<String> splitTopLevel(String s) {
    var parts = new ArrayList<String>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '(' || c == '[' || c == '{') {
        depth++;
      } else if (c == ')' || c == ']' || c == '}') {
        depth--;
      } else if (depth == 0 && c == ',' && i + 1 < s.length() && s.charAt(i + 1) == ' ') {
        parts.add(s.substring(start, i));
        start = i + 2;
      }
    }
    if (start < s.length()) {
      parts.add(s.substring(start));
    }
    return parts;
  }
}
