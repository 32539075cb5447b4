package io.rootctl.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.util.jar.Manifest;

/**
 * The labels of {@code rootctl_build_info}: the version ({@code Implementation-Version} of the jar
 * manifest, {@code dev} outside a jar) and the source revision ({@code Build-Revision}, set by the
 * build: {@code -Drootctl.revision=...}, else the git commit at build time; outside a jar, the
 * {@code commit} of {@code io/rootctl/build-info.properties}; {@code unknown} when neither knows).
 */
public record BuildInfo(String version, String revision) {

  /** Read from the manifest of the jar {@link BuildInfo} was loaded from. */
  public static BuildInfo fromManifest() {
    var version = BuildInfo.class.getPackage().getImplementationVersion();
    String revision = null;
    var url = BuildInfo.class.getResource("BuildInfo.class");
    if (url != null && url.getProtocol().equals("jar")) {
      var path = url.toString();
      var manifest = path.substring(0, path.indexOf('!') + 1) + "/META-INF/MANIFEST.MF";
      try (InputStream in = java.net.URI.create(manifest).toURL().openStream()) {
        revision = new Manifest(in).getMainAttributes().getValue("Build-Revision");
      } catch (IOException | IllegalArgumentException e) {
        revision = null;
      }
    }
    if (revision == null || revision.isBlank()) {
      var build = new java.util.Properties();
      try (InputStream in =
          BuildInfo.class.getResourceAsStream("/io/rootctl/build-info.properties")) {
        if (in != null) {
          build.load(in);
        }
      } catch (IOException | IllegalArgumentException e) {
        build.clear();
      }
      var commit = build.getProperty("commit");
      revision = commit == null || commit.contains("${") ? null : commit;
    }
    return new BuildInfo(
        version == null || version.isBlank() ? "dev" : version,
        revision == null || revision.isBlank() ? "unknown" : revision);
  }
}
