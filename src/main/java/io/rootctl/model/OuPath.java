package io.rootctl.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A path of OU names from the organization root, written {@code /Root/Workloads/Prod}. The first
 * segment is the root's name (AWS names it {@code Root}). Names are compared exactly (AWS OU names
 * are case-sensitive).
 */
public record OuPath(List<String> segments) implements Comparable<OuPath> {

  public OuPath {
    segments = List.copyOf(segments);
    if (segments.isEmpty()) {
      throw new IllegalArgumentException("an OU path has at least the root segment");
    }
    for (String s : segments) {
      if (s.isEmpty() || s.indexOf('/') >= 0) {
        throw new IllegalArgumentException("empty or slash-bearing OU path segment in " + segments);
      }
    }
  }

  /** Parses {@code /Root/A/B}; {@link IllegalArgumentException} unless it starts with '/'. */
  public static OuPath parse(String text) {
    if (!text.startsWith("/") || text.length() < 2 || text.endsWith("/") || text.contains("//")) {
      throw new IllegalArgumentException("not an OU path (/Root/Name/...): '" + text + "'");
    }
    return new OuPath(List.of(text.substring(1).split("/")));
  }

  /** The root path, {@code /Root} for a root named {@code Root}. */
  public static OuPath root(String rootName) {
    return new OuPath(List.of(rootName));
  }

  public OuPath child(String name) {
    var next = new ArrayList<>(segments);
    next.add(name);
    return new OuPath(next);
  }

  public Optional<OuPath> parent() {
    return segments.size() == 1
        ? Optional.empty()
        : Optional.of(new OuPath(segments.subList(0, segments.size() - 1)));
  }

  /** Number of segments below the root: 0 for the root itself. */
  public int depth() {
    return segments.size() - 1;
  }

  public String name() {
    return segments.get(segments.size() - 1);
  }

  /** True when this path equals {@code other} or lies beneath it. */
  public boolean isWithin(OuPath other) {
    return segments.size() >= other.segments.size()
        && segments.subList(0, other.segments.size()).equals(other.segments);
  }

  @Override
  public int compareTo(OuPath other) {
    return toString().compareTo(other.toString());
  }

  @Override
  public String toString() {
    return "/" + String.join("/", segments);
  }
}
