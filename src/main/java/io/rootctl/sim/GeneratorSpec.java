package io.rootctl.sim;

import java.util.HashMap;

/**
 * What to generate: {@code accounts} accounts (the management account included), {@code ous} OUs in
 * a tree at most 5 levels deep, a {@code seed}, and the {@code drift} ratio: the share of member
 * accounts whose root user still holds credentials (of mixed kinds).
 */
public record GeneratorSpec(int accounts, int ous, long seed, double drift) {

  public GeneratorSpec {
    if (accounts < 1) {
      throw new IllegalArgumentException("accounts must be at least 1 (the management account)");
    }
    if (ous < 0 || ous > 2000) {
      throw new IllegalArgumentException("ous must be within 0..2000 (the AWS limit)");
    }
    if (drift < 0 || drift > 1) {
      throw new IllegalArgumentException("drift must be within 0..1");
    }
  }

  /** Parses {@code accounts=N,ous=M,seed=S,drift=R} (any order; ous, seed, drift optional). */
  public static GeneratorSpec parse(String text) {
    var values = new HashMap<String, String>();
    for (var part : text.split(",")) {
      var kv = part.split("=", 2);
      if (kv.length != 2 || kv[0].isBlank()) {
        throw new IllegalArgumentException("expected key=value, got '" + part + "'");
      }
      values.put(kv[0].trim(), kv[1].trim());
    }
    for (var key : values.keySet()) {
      if (!key.equals("accounts")
          && !key.equals("ous")
          && !key.equals("seed")
          && !key.equals("drift")) {
        throw new IllegalArgumentException(
            "unknown generator key '" + key + "' (accounts, ous, seed, drift)");
      }
    }
    if (!values.containsKey("accounts")) {
      throw new IllegalArgumentException("accounts=N is required");
    }
    try {
      return new GeneratorSpec(
          Integer.parseInt(values.get("accounts")),
          Integer.parseInt(values.getOrDefault("ous", "0")),
          Long.parseLong(values.getOrDefault("seed", "1")),
          Double.parseDouble(values.getOrDefault("drift", "0")));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a number in '" + text + "'", e);
    }
  }
}
