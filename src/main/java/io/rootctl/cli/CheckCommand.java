package io.rootctl.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.rootctl.engine.Readiness;
import io.rootctl.render.Style;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rootctl check}: the organization's readiness for rootctl, at a glance. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Checks that the organization is ready for rootctl: the partition (from the region), the"
          + " regional STS endpoint that sts:AssumeRoot needs, the caller (the management account"
          + " or the IAM delegated administrator), FeatureSet ALL, trusted access for"
          + " iam.amazonaws.com, and each root feature (RootCredentialsManagement,"
          + " RootSessions), and the SCP/RCP preflight: every service or resource control"
          + " policy statement on an account's path (root, OUs, account) that would deny the"
          + " actions of rootctl's root sessions, named with its policy, Sid and where it is"
          + " attached (policies that cannot be read fail the check). Each failing line says"
          + " what to do. Needs no desired state; writes nothing.",
      "Exit 0 only when every check passes; 1 otherwise."
    })
public final class CheckCommand implements Callable<Integer> {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final CommandServices services;

  @Spec CommandSpec spec;

  @Mixin GlobalOptions global;

  @Option(names = "--json", description = "Print the checks as one JSON object.")
  boolean json;

  public CheckCommand(CommandServices services) {
    this.services = services;
  }

  record LineDto(String check, String status, String detail, @Nullable String fix) {}

  record Document(boolean ready, String region, List<LineDto> checks) {}

  @Override
  public Integer call() throws JsonProcessingException {
    var out = spec.commandLine().getOut();
    Readiness readiness;
    try (var handle =
        services.openEngine(
            global, new EngineOptions(1, Optional.empty(), ProgressListener.NONE))) {
      readiness = handle.engine().readiness(services.region(global));
    }
    if (json) {
      var lines =
          readiness.lines().stream()
              .map(
                  l ->
                      new LineDto(
                          l.check(), l.ok() ? "pass" : "fail", l.detail(), l.fix().orElse(null)))
              .toList();
      out.print(
          JSON.writeValueAsString(new Document(readiness.ready(), services.region(global), lines))
              + "\n");
    } else {
      var style = Style.of(!global.noColor() && services.colorAllowed());
      int width = readiness.lines().stream().mapToInt(l -> l.check().length()).max().orElse(0);
      for (var line : readiness.lines()) {
        var mark = line.ok() ? style.green("ok  ") : style.red("FAIL");
        out.println(mark + "  " + pad(line.check(), width) + "  " + line.detail());
        line.fix().ifPresent(fix -> out.println("      " + pad("", width) + "  fix: " + fix));
      }
      out.println();
      out.println(
          readiness.ready()
              ? "Ready: rootctl can read and manage root access in this organization."
              : "Not ready: "
                  + readiness.lines().stream().filter(l -> !l.ok()).count()
                  + " check(s) failed; see the fixes above.");
    }
    out.flush();
    return readiness.ready() ? ExitCodes.OK : ExitCodes.ERROR;
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(Math.max(0, width - s.length()));
  }
}
