package io.rootctl.sim;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How the simulated services page their listings, as the models say: Organizations with {@code
 * NextToken} and {@code MaxResults} 1..20 (and the occasional empty page that still carries a
 * token), IAM with {@code Marker}, {@code MaxItems} 1..1000 (default 100) and {@code IsTruncated}.
 * Tokens are opaque, name their listing (a token of another listing is rejected) and the offset.
 * Pure functions.
 */
final class Pagination {
  static final int MAX_ORG_PAGE = 20;
  static final int DEFAULT_IAM_PAGE = 100;

  private Pagination() {}

  /**
   * An Organizations page: {@code max} (1..20, default 20) items from the offset the token names.
   * The second request of a listing that spans several pages gets an empty page that still carries
   * a token, as Organizations occasionally does ("always check the NextToken").
   */
  static <T> Page<T> organizations(
      String listing, List<T> all, Optional<String> nextToken, OptionalInt max) {
    int size = max.orElse(MAX_ORG_PAGE);
    if (size < 1) {
      throw SimException.invalidInput("MIN_VALUE_EXCEEDED", "MaxResults must be at least 1.");
    }
    if (size > MAX_ORG_PAGE) {
      throw SimException.invalidInput("MAX_VALUE_EXCEEDED", "MaxResults must be at most 20.");
    }
    int offset = 0;
    boolean emptyServed = false;
    if (nextToken.isPresent()) {
      var parts = decode(nextToken.get()).split("\\|");
      if (parts.length != 3 || !parts[0].equals(listing)) {
        throw SimException.invalidInput(
            "INVALID_NEXT_TOKEN", "The specified NextToken is not valid.");
      }
      offset = Integer.parseInt(parts[1]);
      emptyServed = parts[2].equals("1");
      if (offset < 0 || offset > all.size()) {
        throw SimException.invalidInput(
            "INVALID_NEXT_TOKEN", "The specified NextToken is not valid.");
      }
    }
    if (offset > 0 && !emptyServed) {
      return new Page<>(List.of(), Optional.of(encode(listing + "|" + offset + "|1")));
    }
    int end = Math.min(all.size(), offset + size);
    var next =
        end < all.size()
            ? Optional.of(encode(listing + "|" + end + "|" + (emptyServed ? "1" : "0")))
            : Optional.<String>empty();
    return new Page<>(all.subList(offset, end), next);
  }

  static String encode(String token) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(token.getBytes(StandardCharsets.UTF_8));
  }

  static String decode(String token) {
    try {
      return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  static <T> Page<T> iam(
      String listing, List<T> all, Optional<String> marker, OptionalInt maxItems) {
    int size = maxItems.orElse(DEFAULT_IAM_PAGE);
    if (size < 1 || size > 1000) {
      throw SimException.validation(
          "1 validation error detected: Value '"
              + size
              + "' at 'maxItems' failed to satisfy"
              + " constraint: Member must have value between 1 and 1000");
    }
    int offset = 0;
    if (marker.isPresent()) {
      var parts = decode(marker.get()).split("\\|");
      if (parts.length != 2 || !parts[0].equals(listing)) {
        throw SimException.validation("Invalid Marker.");
      }
      offset = Integer.parseInt(parts[1]);
      if (offset < 0 || offset > all.size()) {
        throw SimException.validation("Invalid Marker.");
      }
    }
    int end = Math.min(all.size(), offset + size);
    var next =
        end < all.size() ? Optional.of(encode(listing + "|" + end)) : Optional.<String>empty();
    return new Page<>(all.subList(offset, end), next);
  }
}
