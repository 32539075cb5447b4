package io.rootctl.live;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.TreeSet;

/**
 * A SHA-256 over a canonical, sorted form of the root credentials an action was planned from. Two
 * observations with the same credentials (ignoring last-used times, which change without drift)
 * have the same fingerprint, so a saved plan can be checked for staleness.
 */
public record Fingerprint(String sha256) {

  public Fingerprint {
    if (!sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("not a sha256 hex digest: " + sha256);
    }
  }

  public static Fingerprint of(RootCredentials c) {
    var lines = new StringBuilder();
    lines.append("loginProfile=").append(c.loginProfile().isPresent()).append('\n');
    c.passwordPresent().ifPresent(p -> lines.append("passwordPresent=").append(p).append('\n'));
    var items = new TreeSet<String>();
    c.accessKeys().forEach(k -> items.add("accessKey=" + k.id() + ":" + k.status()));
    c.signingCertificates()
        .forEach(s -> items.add("signingCertificate=" + s.id() + ":" + s.status()));
    c.mfaDevices().forEach(m -> items.add("mfaDevice=" + m.serialNumber() + ":" + m.virtual()));
    items.forEach(i -> lines.append(i).append('\n'));
    try {
      var digest = MessageDigest.getInstance("SHA-256");
      return new Fingerprint(
          HexFormat.of()
              .formatHex(digest.digest(lines.toString().getBytes(StandardCharsets.UTF_8))));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  /** The first 12 hex digits, for display. */
  public String shortForm() {
    return sha256.substring(0, 12);
  }

  @Override
  public String toString() {
    return sha256;
  }
}
