package io.rootctl.cli;

import io.rootctl.apply.ApplyOptions;
import io.rootctl.apply.RecoveryReport;
import io.rootctl.apply.StalePlanException;
import io.rootctl.cloud.CloudException;
import io.rootctl.desired.DesiredState;
import io.rootctl.desired.yaml.LoadResult;
import io.rootctl.engine.Engine;
import io.rootctl.engine.SavedPlanRefusedException;
import io.rootctl.lock.Lease;
import io.rootctl.lock.LockHeldException;
import io.rootctl.lock.LockUnavailableException;
import io.rootctl.lock.WriterLock;
import io.rootctl.model.Printable;
import io.rootctl.plan.Guards;
import io.rootctl.plan.Plan;
import io.rootctl.plan.json.PlanFormatException;
import io.rootctl.plan.json.PlanJson;
import io.rootctl.render.ApplyText;
import io.rootctl.render.PlanText;
import io.rootctl.render.ProblemsText;
import io.rootctl.render.Style;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rootctl apply}: converges the organization, from a saved plan or a fresh one. */
@Command(
    name = "apply",
    mixinStandardHelpOptions = true,
    description = {
      "Changes the organization to match the desired state. With PLANFILE (from plan -out), runs"
          + " exactly that plan, only against the desired state it was made from"
          + " (--desired-state, same revision) and only if a fresh plan from it and a fresh read"
          + " holds exactly the same actions: an edited plan, another revision, or accounts"
          + " changed since are refused and nothing is applied. Without PLANFILE, plans, shows"
          + " the plan and asks for 'yes' (or --auto-approve).",
      "Plans in observe mode and plans over the guard (guards.maxActionsPerRun,"
          + " --max-actions) are refused before the first action. Every write is recorded in"
          + " the audit log.",
      "Takes the writer lock (--lock-url, ROOTCTL_LOCK_URL) before planning: when another"
          + " writer holds it, fails at once naming it (exit 3).",
      "Exit 0 when every account converged (or nothing to do); 1 on any error, a failed account,"
          + " or an account that could not be read (the others are still applied); 3 when"
          + " another writer holds the writer lock."
    })
public final class ApplyCommand implements Callable<Integer> {
  /** Where the audit log goes when {@code --audit-log} is not given. */
  public static final String DEFAULT_AUDIT_LOG = "rootctl-audit.jsonl";

  private final CommandServices services;

  @Spec CommandSpec spec;

  @Mixin DesiredStateOption desiredState;

  @Mixin GlobalOptions global;

  @Parameters(
      arity = "0..1",
      paramLabel = "PLANFILE",
      description = "A plan saved by rootctl plan -out. Without it, apply plans first.")
  @Nullable Path planFile;

  @Option(
      names = {"--auto-approve", "-auto-approve"},
      description = "Apply without asking for 'yes' (needed when not at a terminal).")
  boolean autoApprove;

  @Mixin ParallelismOption parallelism;

  @Mixin RateOption rate;

  @Mixin LockOption lock;

  @Option(
      names = {"--max-actions", "-max-actions"},
      paramLabel = "N",
      description =
          "Refuse a plan with more than N actions (overrides guards.maxActionsPerRun; default"
              + " limit: the Organization document's, else "
              + Guards.DEFAULT_MAX_ACTIONS_PER_RUN
              + ").")
  @Nullable Integer maxActions;

  @Option(
      names = {"--audit-log", "-audit-log"},
      paramLabel = "FILE",
      defaultValue = DEFAULT_AUDIT_LOG,
      description =
          "Append every write and its result to FILE (JSON lines). Default:" + " ${DEFAULT-VALUE}.")
  Path auditLog = Path.of(DEFAULT_AUDIT_LOG);

  @Option(
      names = {"--target", "-target"},
      paramLabel = "account:ID|ou:PATH",
      description = "Without PLANFILE: plan and apply only these accounts. Repeatable.")
  List<String> targets = new ArrayList<>();

  @Option(
      names = "--verify-with-audit-session",
      description =
          "Verify every changed account in a fresh IAMAuditRootUserCredentials session (one more"
              + " AssumeRoot per account), instead of reading in the delete session where that"
              + " session can read every change.")
  boolean verifyWithAuditSession;

  public ApplyCommand(CommandServices services) {
    this.services = services;
  }

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    var parallel = parallelism.value();
    if (maxActions != null && maxActions < 0) {
      throw new ParameterException(spec.commandLine(), "--max-actions cannot be negative");
    }
    if (planFile != null && !targets.isEmpty()) {
      throw new ParameterException(
          spec.commandLine(), "--target selects what to plan; a saved plan is applied whole");
    }
    var selection = PlanCommand.parseTargets(spec, targets);
    var style = Style.of(!global.noColor() && services.colorAllowed());
    Optional<Plan> saved = Optional.empty();
    if (planFile != null) {
      saved = readPlan(planFile, err);
      if (saved.isEmpty()) {
        return done(out, err, ExitCodes.ERROR);
      }
    }
    var progress = ProgressLine.start(services, global, err);
    var options =
        new EngineOptions(
            parallel,
            Optional.of(auditLog),
            progress,
            new EngineOptions.Lock(
                lock.value(), "rootctl apply", () -> err.println(WriterLock.UNSERIALISED)),
            rate.value());
    try (progress;
        var handle = services.openEngine(global, options)) {
      var engine = handle.engine();
      var loaded =
          PlanRun.load(engine, desiredState.directory(), Optional.ofNullable(planFile), err);
      if (loaded.isEmpty()) {
        return done(out, err, ExitCodes.ERROR);
      }
      // One writer at a time: the lock is taken before planning, so a second writer fails at once.
      Lease lease;
      try {
        lease = engine.lock(loaded.get().desired().revision());
      } catch (LockHeldException e) {
        err.println("Error: " + e.getMessage());
        return done(out, err, ExitCodes.LOCKED);
      } catch (LockUnavailableException e) {
        err.println("Error: " + e.getMessage() + "; nothing was planned or changed.");
        return done(out, err, ExitCodes.ERROR);
      }
      lease
          .tookOver()
          .ifPresent(
              took -> {
                var expired = took.printable();
                err.println(
                    "Warning: took over the writer lock "
                        + expired.id()
                        + " of "
                        + expired.holder()
                        + " on "
                        + expired.host()
                        + " ("
                        + expired.command()
                        + "), whose lease lapsed at "
                        + expired.expires()
                        + " without renewal.");
              });
      try (lease) {
        int code = applyLocked(engine, loaded.get(), saved, selection, style, out, err);
        if (lease.confirm().isPresent()) {
          err.println(
              "Error: the writer lock "
                  + lease.info().id()
                  + " was lost while applying: "
                  + io.rootctl.model.Printable.escape(lease.lost().get())
                  + ". rootctl writes nothing once it knows, and checks the lock every 30 seconds"
                  + " and after its last write: writes made before it knew may have raced another"
                  + " writer. Run rootctl plan to see what is left.");
          return done(out, err, ExitCodes.ERROR);
        }
        return code;
      }
    }
  }

  private int applyLocked(
      Engine engine,
      LoadResult.Valid loaded,
      Optional<Plan> saved,
      io.rootctl.plan.Targets selection,
      Style style,
      PrintWriter out,
      PrintWriter err) {
    var parallel = parallelism.value();
    var runId = "apply-" + UUID.randomUUID().toString().substring(0, 8);
    var applyOptions =
        new ApplyOptions(runId, parallel, ApplyOptions.DEFAULT_MAX_ATTEMPTS)
            .withVerifyWithAuditSession(verifyWithAuditSession);
    {
      Plan plan;
      Guards guards;
      Optional<DesiredState> savedAgainst = Optional.empty();
      // under the writer lock: recovery may delete an orphaned virtual MFA device
      var recovery = recover(engine, loaded.desired(), applyOptions, err);
      if (recovery.isEmpty()) {
        return done(out, err, ExitCodes.ERROR);
      }
      if (saved.isPresent()) {
        plan = saved.get();
        // a saved plan applies only against the desired state it was made from
        savedAgainst = Optional.of(loaded.desired());
        try {
          Engine.checkSavedAgainst(plan, savedAgainst.get());
        } catch (SavedPlanRefusedException e) {
          refused(e, plan, savedAgainst.get(), err);
          return done(out, err, ExitCodes.ERROR);
        }
        guards = Guards.of(savedAgainst.get().organization());
      } else {
        var made =
            PlanRun.plan(
                engine, loaded, desiredState.directory(), selection, services.region(global), err);
        if (made.isEmpty()) {
          return done(out, err, ExitCodes.ERROR);
        }
        plan = made.get().plan();
        guards = Guards.of(made.get().desired().organization());
        out.print(new PlanText(style).render(plan));
        out.flush();
      }
      if (!plan.applicable()) {
        err.println(
            "Error: this plan was made in observe mode, so rootctl will not apply it. To apply,"
                + " set spec.mode: enforce in the Organization document, plan again and review"
                + " the plan.");
        return done(out, err, ExitCodes.ERROR);
      }
      if (!plan.hasChanges()) {
        if (saved.isPresent()) {
          out.println(
              "No changes. The saved plan (made "
                  + plan.createdAt()
                  + ") has nothing to apply; the organization was not read again: run rootctl"
                  + " plan to see it as it is now.");
        }
        remains(plan, saved.isPresent(), out);
        var unread = incomplete(plan, err);
        return done(out, err, unread || !recovery.get().clean() ? ExitCodes.ERROR : ExitCodes.OK);
      }
      var violation =
          guards.check(plan, maxActions == null ? OptionalInt.empty() : OptionalInt.of(maxActions));
      if (violation.isPresent()) {
        err.println("Error: " + violation.get().message() + ".");
        return done(out, err, ExitCodes.ERROR);
      }
      if (saved.isEmpty() && !autoApprove && !confirmed(out, err)) {
        return done(out, err, ExitCodes.ERROR);
      }
      if (saved.isPresent()) {
        out.println("Applying " + planFile + ": " + PlanText.summaryLine(plan.summary()));
      }
      try {
        // a saved plan runs as verified: names, OU paths and reasons from the fresh read
        Plan ran;
        io.rootctl.apply.ApplyResult result;
        if (savedAgainst.isPresent()) {
          var applied = engine.applySaved(plan, savedAgainst.get(), applyOptions);
          ran = applied.applied();
          result = applied.result();
        } else {
          ran = plan;
          result = engine.apply(plan, applyOptions);
        }
        out.println();
        out.print(new ApplyText(style).render(result, names(ran)));
        remains(plan, saved.isPresent(), out);
        var unread = incomplete(plan, err);
        return done(
            out,
            err,
            result.succeeded() && !unread && recovery.get().clean()
                ? ExitCodes.OK
                : ExitCodes.ERROR);
      } catch (SavedPlanRefusedException e) {
        refused(e, plan, loaded.desired(), err);
        return done(out, err, ExitCodes.ERROR);
      } catch (StalePlanException e) {
        err.print(new ApplyText(Style.PLAIN).stale(e));
        return done(out, err, ExitCodes.ERROR);
      } catch (CloudException e) {
        err.println("Error: " + e.getMessage());
        return done(out, err, ExitCodes.ERROR);
      }
    }
  }

  /**
   * Crash recovery from the audit journal before planning; says what it did on stderr. Empty, after
   * saying why, when the journal cannot be read or the organization cannot be read to check the
   * desired state: nothing is applied then.
   */
  private Optional<RecoveryReport> recover(
      Engine engine, DesiredState desired, ApplyOptions applyOptions, PrintWriter err) {
    RecoveryReport report;
    try {
      report = engine.recover(desired, applyOptions, true);
    } catch (UncheckedIOException e) {
      err.println(
          "Error: cannot read the audit journal "
              + auditLog
              + ", so rootctl cannot tell what an earlier apply left unfinished; nothing was"
              + " applied: "
              + Printable.escape(String.valueOf(e.getMessage())));
      return Optional.empty();
    } catch (CloudException e) {
      err.println("Error: cannot read the organization: " + e.getMessage());
      return Optional.empty();
    }
    if (report.any()) {
      err.println(
          "The audit journal "
              + auditLog
              + " shows "
              + ProblemsText.count(report.unfinished(), "write", "writes")
              + " an earlier run started without recording how "
              + (report.unfinished() == 1 ? "it" : "they")
              + " ended"
              + (report.orphans() > 0
                  ? ", and "
                      + ProblemsText.count(
                          report.orphans(), "virtual MFA device", "virtual MFA devices")
                      + " left deactivated"
                  : "")
              + "; recovering:");
      report.done().forEach(d -> err.println("  recovered: " + Printable.escape(d)));
      report.left().forEach(l -> err.println("  Error: not recovered: " + Printable.escape(l)));
    }
    err.flush();
    return Optional.of(report);
  }

  private void refused(
      SavedPlanRefusedException e, Plan saved, DesiredState desired, PrintWriter err) {
    err.println("Error: the saved plan was refused; nothing was applied.");
    e.reasons().forEach(r -> err.println("  " + Printable.escape(r)));
    var file = PlanCommand.shellWord(String.valueOf(planFile));
    var dir = PlanCommand.shellWord(desiredState.directory().toString());
    if (e.kind() == SavedPlanRefusedException.Cause.OTHER_REVISION) {
      err.println(
          Printable.escape(
              "The plan file "
                  + file
                  + " was made from revision "
                  + saved.desiredRevision()
                  + ", but the desired state in "
                  + dir
                  + " is revision "
                  + desired.revision()
                  + ". Apply it with the --desired-state directory rootctl plan was given, unchanged"
                  + " since; or plan again from this one, review the plan and apply it: rootctl plan"
                  + " --desired-state "
                  + dir
                  + " -out "
                  + file));
      return;
    }
    err.println("Run rootctl plan again, review it, and apply the new plan.");
  }

  /**
   * Says on stdout that the requirements that need a person remain: apply writes nothing for them
   * (rootctl cannot create an MFA device). Not an error: apply did all it can. For a saved plan it
   * only counts them: a plan file's entries are not read again, so they are not shown as facts.
   */
  static void remains(Plan plan, boolean saved, PrintWriter out) {
    if (plan.needsPerson().isEmpty()) {
      return;
    }
    out.println();
    if (saved) {
      out.println(
          "The saved plan listed "
              + plan.needsPerson().size()
              + " requirement"
              + (plan.needsPerson().size() == 1 ? "" : "s")
              + " that need a person; apply wrote nothing for them and did not read them again:"
              + " run rootctl plan to see which remain.");
      return;
    }
    out.println(
        "Still needs a person ("
            + plan.needsPerson().size()
            + "): apply wrote nothing for "
            + (plan.needsPerson().size() == 1 ? "it" : "them")
            + ", and the account"
            + (plan.needsPerson().size() == 1 ? " is" : "s are")
            + " not in sync until someone acts:");
    plan.needsPerson()
        .forEach(
            n ->
                out.println(
                    "  account "
                        + n.account()
                        + " ("
                        + Printable.escape(n.accountName())
                        + "): "
                        + n.kind().yamlName()
                        + ": "
                        + n.requirement().yamlName()
                        + ", found "
                        + Printable.escape(n.found())
                        + "; "
                        + n.todo()));
  }

  /** The name of each account the plan changes. */
  private static java.util.Map<io.rootctl.model.AccountId, String> names(Plan plan) {
    var names = new java.util.HashMap<io.rootctl.model.AccountId, String>();
    plan.accounts().forEach(c -> names.putIfAbsent(c.account(), c.accountName()));
    return names;
  }

  /** Says so on stderr when accounts could not be read; whether any could not. */
  static boolean incomplete(Plan plan, PrintWriter err) {
    if (plan.complete()) {
      return false;
    }
    err.println(
        "Error: "
            + ProblemsText.count(plan.unreadable().size(), "account", "accounts")
            + " could not be read, so rootctl cannot say whether "
            + (plan.unreadable().size() == 1 ? "it matches" : "they match")
            + " the desired state:");
    plan.unreadable()
        .forEach(
            u ->
                err.println(
                    "  account "
                        + u.account()
                        + " ("
                        + Printable.escape(u.accountName())
                        + "): could not be read: "
                        + Printable.escape(u.reason())));
    return true;
  }

  private static Optional<Plan> readPlan(Path file, PrintWriter err) {
    String text;
    try {
      text = PlanFile.read(file);
    } catch (IOException e) {
      err.println("Error: cannot read the plan file " + file + ": " + e.getMessage());
      return Optional.empty();
    }
    try {
      return Optional.of(new PlanJson().read(text));
    } catch (PlanFormatException e) {
      err.println("Error: " + file + ": " + e.getMessage());
      return Optional.empty();
    }
  }

  private boolean confirmed(PrintWriter out, PrintWriter err) {
    var off = Confirmation.inputOff(services, global);
    if (off.isPresent()) {
      err.println(
          "Error: apply needs confirmation, and input is off ("
              + off.get()
              + "). Review the plan above and run again with --auto-approve, or save it with"
              + " rootctl plan -out FILE and run rootctl apply FILE.");
      return false;
    }
    var answer =
        Confirmation.ask(
            services,
            out,
            "Do you want to perform these actions?",
            "approve",
            "rootctl will perform the actions described above.");
    return switch (answer) {
      case YES -> true;
      case NONE -> {
        err.println(
            "Error: apply needs confirmation, and "
                + (services.interactive()
                    ? "the input ended without an answer"
                    : "there is no terminal to ask: stdin ended without a 'yes'")
                + ". Review the plan above and run again with --auto-approve (or pipe 'yes'), or"
                + " save it with rootctl plan -out FILE and run rootctl apply FILE.");
        yield false;
      }
      case OTHER -> {
        err.println();
        err.println("Apply cancelled: nothing was changed.");
        yield false;
      }
    };
  }

  private static int done(PrintWriter out, PrintWriter err, int code) {
    out.flush();
    err.flush();
    return code;
  }
}
