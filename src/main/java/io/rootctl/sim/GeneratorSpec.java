package io.rootctl.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What to generate: {@code accounts} accounts (the management account included), the named OUs
 * {@code ouPaths}, {@code ous} more OUs with generated names, in a tree at most 5 levels deep, a
 * {@code seed}, and the {@code drift} ratio: the share of member accounts whose root user still
 * holds credentials (of mixed kinds).
 *
 * @param ous how many OUs with generated names ({@code ou-1}, {@code ou-2}, ...) to add, anywhere
 *     in the tree
 * @param ouPaths OUs to create by name, each a path below the root ({@code Workloads/Prod}); the
 *     OUs on the way ({@code Workloads}) are created too. Also accepted in the desired state's form
 *     from the root, {@code /Root/Workloads/Prod} (the generated root is named {@code Root}).
 */
public record GeneratorSpec(int accounts, int ous, long seed, double drift, List<String> ouPaths) {
  private static final int MAX_OUS = 2000;
  private static final int MAX_DEPTH = 5;
  private static final int MAX_NAME = 128;
  private static final Pattern OU_KEY = Pattern.compile("(^|,)\\s*ous?\\s*=");

  public GeneratorSpec {
    if (accounts < 1) {
      throw new IllegalArgumentException("accounts must be at least 1 (the management account)");
    }
    if (ous < 0 || ous > MAX_OUS) {
      throw new IllegalArgumentException("ous must be within 0..2000 (the AWS limit)");
    }
    if (drift < 0 || drift > 1) {
      throw new IllegalArgumentException("drift must be within 0..1");
    }
    ouPaths = List.copyOf(ouPaths);
    if (ous + named(ouPaths).size() > MAX_OUS) {
      throw new IllegalArgumentException(
          "ous plus the named OUs (with the OUs on their paths) must be at most 2000 (the AWS"
              + " limit)");
    }
  }

  /** Generated OU names only. */
  public GeneratorSpec(int accounts, int ous, long seed, double drift) {
    this(accounts, ous, seed, drift, List.of());
  }

  /**
   * Every named OU, parents first, as its segments below the root: {@code Workloads/Prod} gives
   * {@code [Workloads]} and {@code [Workloads, Prod]}. Each distinct path once, in order.
   */
  public List<List<String>> namedOus() {
    return named(ouPaths);
  }

  private static List<List<String>> named(List<String> paths) {
    var all = new LinkedHashSet<List<String>>();
    for (var path : paths) {
      var segments = segments(path);
      for (int i = 1; i <= segments.size(); i++) {
        all.add(List.copyOf(segments.subList(0, i)));
      }
    }
    return List.copyOf(all);
  }

  private static List<String> segments(String path) {
    var relative = path;
    if (path.startsWith("/")) {
      if (!path.startsWith("/Root/")) {
        throw new IllegalArgumentException(
            "OU path '"
                + path
                + "' must be below the root: Workloads/Prod or /Root/Workloads/Prod (the"
                + " generated root is named Root)");
      }
      relative = path.substring("/Root/".length());
    }
    var segments = new ArrayList<String>();
    for (var name : relative.split("/", -1)) {
      if (name.isBlank() || !name.equals(name.strip())) {
        throw new IllegalArgumentException(
            "OU path '" + path + "' has an empty segment or one with surrounding spaces");
      }
      if (name.length() > MAX_NAME) {
        throw new IllegalArgumentException(
            "OU path '" + path + "' has a name longer than 128 characters (the AWS limit)");
      }
      segments.add(name);
    }
    if (segments.size() > MAX_DEPTH) {
      throw new IllegalArgumentException(
          "OU path '" + path + "' is nested deeper than 5 levels (the AWS limit)");
    }
    return segments;
  }

  /**
   * Parses the command-line form {@code accounts=N,ous=M,ou=PATH,seed=S,drift=R}: comma-separated
   * {@code key=value} items in any order; {@code accounts} is required; {@code ou} may repeat, one
   * OU path per item ({@code ou=Security,ou=Workloads/Prod}), and {@code ous} is a count.
   *
   * @throws IllegalArgumentException naming the item that is not understood
   */
  public static GeneratorSpec parse(String text) {
    var values = new HashMap<String, String>();
    var paths = new ArrayList<String>();
    for (var part : text.split(",")) {
      var kv = part.split("=", 2);
      if (kv.length != 2 || kv[0].isBlank()) {
        throw new IllegalArgumentException(
            "expected key=value, got '"
                + part
                + "'"
                + (OU_KEY.matcher(text).find()
                    ? " (name OUs with ou=PATH, one per item: ou=A,ou=B/C)"
                    : ""));
      }
      var key = kv[0].trim();
      var value = kv[1].trim();
      switch (key) {
        case "accounts", "ous", "seed", "drift" -> values.put(key, value);
        case "ou" -> paths.add(value);
        default ->
            throw new IllegalArgumentException(
                "unknown generator key '" + key + "' (accounts, ous, ou, seed, drift)");
      }
    }
    if (!values.containsKey("accounts")) {
      throw new IllegalArgumentException("accounts=N is required");
    }
    var ous = values.getOrDefault("ous", "0");
    if (!ous.matches("-?[0-9]+")) {
      throw new IllegalArgumentException(
          "ous="
              + ous
              + ": ous is a number of OUs with generated names; name OUs with ou=PATH, one per"
              + " item (ou=Security,ou=Workloads/Prod)");
    }
    try {
      return new GeneratorSpec(
          Integer.parseInt(values.get("accounts")),
          Integer.parseInt(ous),
          Long.parseLong(values.getOrDefault("seed", "1")),
          Double.parseDouble(values.getOrDefault("drift", "0")),
          paths);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a number in '" + text + "'", e);
    }
  }
}
