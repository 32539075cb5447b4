package io.rootctl.sim;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One page of a listing. For Organizations {@code next} is the NextToken; for IAM it is the Marker
 * (and IsTruncated is {@code next.isPresent()}). A page may be empty and still have a next token.
 */
public record Page<T>(List<T> items, Optional<String> next) {
  public Page {
    items = List.copyOf(items);
  }

  /** The same page with its items mapped. */
  public <R> Page<R> map(Function<? super T, ? extends R> f) {
    return new Page<>(items.stream().<R>map(f).toList(), next);
  }
}
