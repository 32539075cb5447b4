package io.rootctl.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rootctl.audit.AuditEntry;
import io.rootctl.audit.AuditResult;
import io.rootctl.audit.JournalFormat;
import io.rootctl.model.Printable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rootctl audit-log}: the write-ahead audit journal read back, one line per write with how
 * it ended. Reads only the file; never AWS.
 */
@Command(
    name = "audit-log",
    mixinStandardHelpOptions = true,
    description = {
      "Shows the writes the audit journal (--audit-log of apply and the controller) records, one"
          + " line per write: when it started, account, AWS operation, target and how it ended"
          + " (ok, already-done, failed, tolerated). A write that started and has no outcome was"
          + " interrupted (rootctl was killed between journalling it and AWS's answer): it is"
          + " shown as UNFINISHED until rootctl apply or the controller recovers it at start."
          + " Reads only the file.",
      "Exit 0 when every write has an outcome; "
          + ExitCodes.UNFINISHED_WRITES
          + " when some are unfinished; 1 when the journal cannot be read."
    })
public final class AuditLogCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--file",
      paramLabel = "PATH",
      defaultValue = ApplyCommand.DEFAULT_AUDIT_LOG,
      description = "The journal to read. Default: ${DEFAULT-VALUE}.")
  Path file = Path.of(ApplyCommand.DEFAULT_AUDIT_LOG);

  @Option(names = "--unfinished", description = "Show only writes without an outcome.")
  boolean unfinishedOnly;

  @Option(
      names = {"--json", "-json"},
      description = "One JSON object per write, in a JSON array.")
  boolean json;

  public AuditLogCommand(CommandServices services) {
    // reads only the file; the services are not needed
  }

  /**
   * One write: its {@code started} line (absent for one-line entries and for lines written before
   * the journal was write-ahead) and its outcome (absent while unfinished).
   */
  record Write(
      String writeId,
      @Nullable Instant startedAt,
      @Nullable AuditEntry started,
      @Nullable Instant endedAt,
      @Nullable AuditEntry outcome) {

    AuditEntry any() {
      var e = started != null ? started : outcome;
      if (e == null) {
        throw new IllegalStateException("a write has at least one line");
      }
      return e;
    }

    boolean unfinished() {
      return outcome == null;
    }
  }

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    JournalFormat.File journal;
    try {
      journal = JournalFormat.read(file);
    } catch (IOException e) {
      err.println(
          "Error: cannot read the audit journal: "
              + Printable.escape(String.valueOf(e.getMessage())));
      err.flush();
      return ExitCodes.ERROR;
    }
    if (journal.tornTail()) {
      err.println(
          "Warning: "
              + file
              + " ends in a line cut short by a crash; it is not a whole entry and is left out"
              + " (the next write cuts it off).");
    }
    var writes = writes(journal.lines());
    var shown = writes.stream().filter(w -> !unfinishedOnly || w.unfinished()).toList();
    var unfinished = writes.stream().filter(Write::unfinished).count();
    if (json) {
      printJson(out, shown);
    } else {
      printText(out, shown, writes, unfinished);
    }
    out.flush();
    err.flush();
    return unfinished > 0 ? ExitCodes.UNFINISHED_WRITES : ExitCodes.OK;
  }

  static List<Write> writes(List<JournalFormat.Line> lines) {
    var byId = new LinkedHashMap<String, Write>();
    for (var line : lines) {
      var e = line.entry();
      var w = byId.get(e.writeId());
      if (e.result() == AuditResult.STARTED) {
        byId.put(
            e.writeId(),
            new Write(
                e.writeId(),
                line.time(),
                e,
                w == null ? null : w.endedAt(),
                w == null ? null : w.outcome()));
      } else {
        byId.put(
            e.writeId(),
            new Write(
                e.writeId(),
                w == null ? null : w.startedAt(),
                w == null ? null : w.started(),
                line.time(),
                e));
      }
    }
    return new ArrayList<>(byId.values());
  }

  private static void printText(
      PrintWriter out, List<Write> shown, List<Write> all, long unfinished) {
    for (var w : shown) {
      var e = w.any();
      var time = w.startedAt() != null ? w.startedAt() : w.endedAt();
      var line =
          new StringBuilder()
              .append(time)
              .append("  ")
              .append(w.writeId())
              .append("  ")
              .append(e.account().map(Object::toString).orElse("organization"))
              .append("  ")
              .append(e.action());
      if (!e.target().isEmpty()) {
        line.append(' ').append(e.target());
      }
      var outcome = w.outcome();
      if (outcome == null) {
        line.append("  UNFINISHED: started, no outcome (interrupted; recovered at the next start)");
      } else {
        line.append("  ").append(outcome.result().jsonName());
        outcome
            .error()
            .ifPresent(
                er ->
                    line.append(" (")
                        .append(er.operation())
                        .append(": ")
                        .append(er.code())
                        .append(er.requestId().isEmpty() ? "" : ", request " + er.requestId())
                        .append(")"));
        if (w.started() != null && !outcome.runId().equals(w.started().runId())) {
          line.append(" [closed by ").append(outcome.runId()).append("]");
        }
      }
      e.recovers().ifPresent(r -> line.append(" [recovers ").append(r).append("]"));
      out.println(Printable.escape(line.toString()));
    }
    var counts = new EnumMap<AuditResult, Integer>(AuditResult.class);
    for (var w : all) {
      var outcome = w.outcome();
      if (outcome != null) {
        counts.merge(outcome.result(), 1, Integer::sum);
      }
    }
    var summary = new StringBuilder().append(all.size()).append(" write(s)");
    for (var r : AuditResult.values()) {
      if (r.isOutcome()) {
        summary.append(", ").append(counts.getOrDefault(r, 0)).append(' ').append(r.jsonName());
      }
    }
    summary.append(", ").append(unfinished).append(" unfinished.");
    out.println(summary);
    if (unfinished > 0) {
      out.println(
          "Unfinished writes started and never recorded how they ended: rootctl stopped before"
              + " AWS answered. rootctl apply and the controller recover them at start (a fresh"
              + " read, or finishing a virtual MFA device deletion).");
    }
  }

  private static void printJson(PrintWriter out, List<Write> shown) {
    var mapper = new ObjectMapper();
    var array = mapper.createArrayNode();
    for (var w : shown) {
      var e = w.any();
      var node = array.addObject();
      node.put("writeId", w.writeId());
      node.put("runId", e.runId());
      node.put("account", e.account().map(Object::toString).orElse(null));
      node.put("taskPolicy", e.taskPolicy().map(p -> p.policyName()).orElse(null));
      node.put("action", e.action());
      node.put("target", e.target());
      node.put("desiredRevision", e.desiredRevision());
      node.put("started", w.startedAt() == null ? null : String.valueOf(w.startedAt()));
      node.put("ended", w.endedAt() == null ? null : String.valueOf(w.endedAt()));
      var outcome = w.outcome();
      node.put("result", outcome == null ? "unfinished" : outcome.result().jsonName());
      if (outcome != null) {
        node.put("closedBy", outcome.runId());
        outcome.error().ifPresent(er -> error(node, er));
      }
      e.recovers().ifPresent(r -> node.put("recovers", r));
    }
    out.println(array.toPrettyString());
  }

  private static void error(ObjectNode node, io.rootctl.audit.AuditError er) {
    node.putObject("error")
        .put("operation", er.operation())
        .put("code", er.code())
        .put("requestId", er.requestId())
        .put("message", er.message());
  }
}
