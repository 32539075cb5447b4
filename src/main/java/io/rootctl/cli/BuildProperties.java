package io.rootctl.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * What the build wrote into {@code io/rootctl/build-info.properties}: the version, the commit
 * ({@code git rev-parse --short=12 HEAD} at build time, or {@code -Drootctl.revision}) and the JDK
 * that built it. A field the build did not fill in (an IDE build, a missing resource) reads as
 * {@code dev} (version) or {@code unknown}.
 *
 * @param version the Maven project version, e.g. {@code 0.1.0}
 * @param commit the source commit, a short hash, or {@code unknown}
 * @param buildJdk {@code java.version} of the building JDK, e.g. {@code 21.0.5}
 * @param buildJdkVendor {@code java.vendor} of the building JDK
 */
record BuildProperties(String version, String commit, String buildJdk, String buildJdkVendor) {
  static final String RESOURCE = "/io/rootctl/build-info.properties";

  /** Read from the class path; never fails. */
  static BuildProperties current() {
    var p = new Properties();
    try (InputStream in = BuildProperties.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException | IllegalArgumentException e) {
      p.clear();
    }
    return new BuildProperties(
        filled(p.getProperty("version"), "dev"),
        filled(p.getProperty("commit"), "unknown"),
        filled(p.getProperty("buildJdk"), "unknown"),
        filled(p.getProperty("buildJdkVendor"), "unknown"));
  }

  /** {@code value}, unless the build left it empty or unfiltered ({@code ${...}}). */
  private static String filled(String value, String otherwise) {
    return value == null || value.isBlank() || value.contains("${") ? otherwise : value.strip();
  }
}
