package io.rootctl.desired;

import java.util.List;

/**
 * An effective setting and the document it came from.
 *
 * @param lapsed the nearer documents that relaxed this field but whose exceptions had expired,
 *     nearest first; their relaxations were passed over on the way to {@code origin}
 */
public record Resolved<T>(T value, Origin origin, List<LapsedException> lapsed) {

  public Resolved {
    lapsed = List.copyOf(lapsed);
  }
}
