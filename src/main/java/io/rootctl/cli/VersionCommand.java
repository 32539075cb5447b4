package io.rootctl.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rootctl version} (and {@code rootctl --version}): the version, the commit it was built
 * from, the JDK that built it and the Java it runs on.
 */
@Command(
    name = "version",
    mixinStandardHelpOptions = true,
    description = {
      "Prints rootctl's version, the git commit it was built from, the JDK that built it and the"
          + " Java runtime it runs on. Exit 0."
    })
public final class VersionCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = {"--json", "-json"},
      description =
          "One JSON object: version, commit, buildJdk, buildJdkVendor, and runtime (java,"
              + " vendor, os, arch).")
  boolean json;

  @Override
  public Integer call() throws Exception {
    var out = spec.commandLine().getOut();
    var build = BuildProperties.current();
    if (json) {
      var mapper = new ObjectMapper();
      var doc = mapper.createObjectNode();
      doc.put("version", build.version())
          .put("commit", build.commit())
          .put("buildJdk", build.buildJdk())
          .put("buildJdkVendor", build.buildJdkVendor());
      doc.putObject("runtime")
          .put("java", property("java.version"))
          .put("vendor", property("java.vendor"))
          .put("os", property("os.name"))
          .put("arch", property("os.arch"));
      out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(doc));
    } else {
      lines().forEach(out::println);
    }
    out.flush();
    return ExitCodes.OK;
  }

  /** The text form, one line each: also what {@code --version} prints. */
  static List<String> lines() {
    var build = BuildProperties.current();
    return List.of(
        "rootctl " + build.version(),
        "commit:   " + build.commit(),
        "built by: Java " + build.buildJdk() + " (" + build.buildJdkVendor() + ")",
        "runtime:  Java "
            + property("java.version")
            + " ("
            + property("java.vendor")
            + ") on "
            + property("os.name")
            + " "
            + property("os.arch").toLowerCase(Locale.ROOT));
  }

  private static String property(String name) {
    var value = System.getProperty(name);
    return value == null ? "unknown" : value;
  }

  /** {@code --version} on every command: the same lines as {@code rootctl version}. */
  static final class Provider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return lines().toArray(String[]::new);
    }
  }
}
