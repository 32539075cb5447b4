package io.rootctl.desired.yaml;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The known word nearest to a misspelt one, for "did you mean" hints: the same word in another
 * case, else the closest by edit distance when it is close enough to be a typo.
 */
record DidYouMean(List<String> known) {

  DidYouMean {
    known = List.copyOf(known);
  }

  Optional<String> nearest(String word) {
    for (var k : known) {
      if (k.equalsIgnoreCase(word)) {
        return Optional.of(k);
      }
    }
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (var k : known) {
      int d = distance(word.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    int allowed = Math.max(2, Math.min(word.length(), best == null ? 0 : best.length()) / 3);
    return best != null && bestDistance <= allowed && bestDistance < word.length()
        ? Optional.of(best)
        : Optional.empty();
  }

  /** Levenshtein distance; inputs are short keys and values. */
  private static int distance(String a, String b) {
    if (a.length() > 64 || b.length() > 64) {
      return Integer.MAX_VALUE / 2;
    }
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      var t = previous;
      previous = current;
      current = t;
    }
    return previous[b.length()];
  }

  /** {@code a, b or c}. */
  static String orList(List<String> words) {
    if (words.size() == 1) {
      return words.get(0);
    }
    return String.join(", ", words.subList(0, words.size() - 1)) + " or " + words.getLast();
  }
}
