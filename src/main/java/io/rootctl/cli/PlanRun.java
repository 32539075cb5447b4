package io.rootctl.cli;

import io.rootctl.cloud.CloudException;
import io.rootctl.desired.DesiredState;
import io.rootctl.desired.Problem;
import io.rootctl.desired.yaml.LoadResult;
import io.rootctl.engine.Engine;
import io.rootctl.plan.PlanOutcome;
import io.rootctl.plan.Targets;
import io.rootctl.render.ProblemsText;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The first half of {@code plan} and {@code apply}: load the desired state, read the live state,
 * plan. Prints every problem ({@code file:line:col}) and warning on stderr; an empty result means
 * the command has already said why it must exit 1.
 */
final class PlanRun {
  private PlanRun() {}

  /** A plan, with the desired state it came from. */
  record Made(DesiredState desired, io.rootctl.plan.Plan plan) {}

  /** The valid desired state; or empty after printing every problem. Warnings are not printed. */
  static Optional<LoadResult.Valid> load(Engine engine, Path directory, PrintWriter err) {
    return load(engine, directory, Optional.empty(), err);
  }

  /**
   * As {@link #load(Engine, Path, PrintWriter)}, for applying {@code savedPlan} when present: then
   * the message says nothing was applied and that a saved plan needs the desired state it was made
   * from.
   */
  static Optional<LoadResult.Valid> load(
      Engine engine, Path directory, Optional<Path> savedPlan, PrintWriter err) {
    var loaded = engine.load(directory);
    return switch (loaded) {
      case LoadResult.Valid v -> Optional.of(v);
      case LoadResult.Invalid i -> {
        ProblemsText.lines(i.problems(), directory.toString()).forEach(err::println);
        var invalid =
            "Error: the desired state in "
                + directory
                + " is invalid: "
                + ProblemsText.count(i.errorCount(), "error", "errors");
        if (savedPlan.isEmpty()) {
          err.println(invalid + "; nothing was planned.");
        } else {
          var file = savedPlan.get();
          err.println(
              invalid
                  + "; nothing was applied. A saved plan is applied only with the desired state it"
                  + " was made from: pass the --desired-state directory that rootctl plan was"
                  + " given, e.g. rootctl apply --desired-state DIR "
                  + PlanCommand.shellWord(file.toString())
                  + " (rootctl plan -out prints the whole command).");
        }
        yield Optional.empty();
      }
    };
  }

  static Optional<Made> plan(
      Engine engine, Path directory, Targets targets, String region, PrintWriter err) {
    var loaded = load(engine, directory, err);
    if (loaded.isEmpty()) {
      return Optional.empty();
    }
    return plan(engine, loaded.get(), directory, targets, region, err);
  }

  /** Plans from a desired state already {@link #load}ed from {@code directory}. */
  static Optional<Made> plan(
      Engine engine,
      LoadResult.Valid valid,
      Path directory,
      Targets targets,
      String region,
      PrintWriter err) {
    var loaded = Optional.of(valid);
    var desired = loaded.get().desired();
    PlanOutcome outcome;
    Engine.PlanReport report;
    // The SCP/RCP preflight reads a few calls per policy under their own rate limits: beside the
    // walk and the audits, on its own thread, so it adds no time to a plan of a large organization.
    var policies = new java.util.concurrent.FutureTask<>(engine::preflightPolicies);
    Thread.ofVirtual().name("rootctl-preflight").start(policies);
    try {
      report = engine.plan(desired, new Engine.PlanRequest(targets, false));
      outcome = report.outcome();
    } catch (CloudException e) {
      policies.cancel(true);
      err.println("Error: cannot read the organization: " + e.getMessage());
      return Optional.empty();
    }
    return switch (outcome) {
      case PlanOutcome.Refused r -> {
        policies.cancel(true);
        ProblemsText.lines(union(loaded.get().warnings(), r.problems())).forEach(err::println);
        var errors = r.problems().stream().filter(p -> p.isError()).count();
        err.println(
            "Error: the desired state does not match the organization ("
                + errors
                + (errors == 1 ? " error" : " errors")
                + " above); nothing was planned.");
        yield Optional.empty();
      }
      case PlanOutcome.Planned p -> {
        ProblemsText.lines(union(loaded.get().warnings(), p.warnings())).forEach(err::println);
        // the accounts it would write to, and those it could not read (an SCP may be why)
        var concerned =
            Stream.concat(
                    p.plan().accounts().stream().map(a -> a.account()),
                    p.plan().unreadable().stream().map(u -> u.account()))
                .toList();
        // Nothing to write and every account read: no root session is at stake, so the
        // preflight is not waited for (a plan in sync never waits on throttled policy reads).
        var preflight =
            concerned.isEmpty()
                ? cancelled(policies)
                : engine.preflight(
                    awaitPolicies(policies), report.live().tree(), concerned, region);
        var plan = p.plan().withPreflight(preflight.warnings(), preflight.unreadTargets());
        preflightWarnings(plan).forEach(err::println);
        yield Optional.of(new Made(desired, plan));
      }
    };
  }

  private static io.rootctl.engine.Preflight.Result cancelled(
      java.util.concurrent.Future<io.rootctl.engine.Preflight.Policies> policies) {
    policies.cancel(true);
    return new io.rootctl.engine.Preflight.Result(List.of(), List.of());
  }

  /** The preflight's policies, read beside the plan ({@link Engine#preflightPolicies}). */
  private static io.rootctl.engine.Preflight.Policies awaitPolicies(
      java.util.concurrent.Future<io.rootctl.engine.Preflight.Policies> policies) {
    try {
      return policies.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the SCPs/RCPs", e);
    } catch (java.util.concurrent.ExecutionException e) {
      // Preflight.read turns every AWS failure into data; anything else is a bug: say so
      throw new IllegalStateException("the SCP/RCP preflight failed", e.getCause());
    }
  }

  /**
   * The preflight's findings a plan carries, as warnings: each SCP/RCP statement that denies (or
   * may deny) root sessions in the planned accounts, naming the policy, statement and OU; and each
   * target whose policies could not be read (never a silent pass).
   */
  static List<String> preflightWarnings(io.rootctl.plan.Plan plan) {
    var lines = new java.util.ArrayList<String>();
    for (var warning : plan.preflightWarnings()) {
      lines.add(
          "Warning: "
              + warning.message()
              + ": root sessions there will fail with AccessDenied; exempt them (Condition"
              + " \"Null\": {\"aws:AssumedRoot\": \"true\"}) or see rootctl check.");
    }
    for (var unread : plan.preflightUnreadTargets()) {
      lines.add(
          "Warning: cannot read the SCPs/RCPs of "
              + unread.message()
              + ": the SCP preflight is incomplete (when access was denied, grant"
              + " organizations:ListPolicies, organizations:DescribePolicy and"
              + " organizations:ListTargetsForPolicy; when throttled, plan again later).");
    }
    return lines;
  }

  private static List<Problem> union(List<Problem> a, List<Problem> b) {
    return Stream.concat(a.stream(), b.stream()).distinct().toList();
  }
}
