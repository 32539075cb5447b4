package io.rootctl.cli.bench;

import io.rootctl.app.Components;
import io.rootctl.cli.RootctlCommand;
import io.rootctl.cloud.Sleeper;
import io.rootctl.model.TaskPolicy;
import io.rootctl.sim.CallJournal;
import io.rootctl.sim.FaultSettings;
import io.rootctl.sim.Fixture;
import io.rootctl.sim.FixtureGenerator;
import io.rootctl.sim.GeneratorSpec;
import io.rootctl.sim.SimulatedOrganization;
import io.rootctl.sim.http.EmulatorServer;
import io.rootctl.testing.StrictOrganization;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Not a test: {@code rootctl apply} over a generated organization (default 10,000 accounts, 500
 * OUs, 30% drift) with 20 ms of latency per AWS call, through the real SDK and the emulator over
 * HTTP, twice on fresh copies of the same organization:
 *
 * <ul>
 *   <li><b>before</b>: the sessions apply opened until now, reproduced with what is still there: a
 *       saved plan ({@code plan -out}, then {@code apply PLANFILE --verify-with-audit-session}):
 *       the apply reads every account, re-reads each changed one (stale check), opens its delete
 *       session and verifies in a fresh audit session, as {@code apply} without a plan file did;
 *   <li><b>after</b>: {@code apply --auto-approve}: no re-read of what was read seconds ago, and
 *       verification in the delete session.
 * </ul>
 *
 * Prints, per variant, the wall time of the apply command and its root sessions ({@code
 * sts:AssumeRoot} in the emulator's journal) per changed account. Run with {@code make
 * bench-apply}; arguments: accounts, latency in ms, parallelism.
 */
public final class ApplyBenchmark {
  private ApplyBenchmark() {}

  public static void main(String[] args) throws Exception {
    int accounts = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    long latencyMs = args.length > 1 ? Long.parseLong(args[1]) : 20;
    String parallelism = args.length > 2 ? args[2] : "10";
    var fixture = FixtureGenerator.generate(new GeneratorSpec(accounts, accounts / 20, 1, 0.3));
    var desired = Files.createTempDirectory("rootctl-bench-apply");
    StrictOrganization.writeTo(desired, 1_000_000);
    System.out.printf(
        "apply over %,d accounts, 30%% drift, %d ms latency per call, parallelism %s%n",
        accounts, latencyMs, parallelism);
    var before = run(fixture, latencyMs, parallelism, desired, true);
    var after = run(fixture, latencyMs, parallelism, desired, false);
    System.out.printf(
        "%-8s %6s %10s %10s %12s %22s%n",
        "", "exit", "wall s", "changed", "AssumeRoot", "sessions per changed");
    for (var r : List.of(before, after)) {
      System.out.printf(
          "%-8s %6d %10.1f %,10d %,12d %22.2f%n",
          r.name, r.exit, r.seconds, r.changed, r.assumeRoot, r.inChanged / (double) r.changed);
    }
    System.out.println(
        "(AssumeRoot: all sessions of the apply command, its read of every account included;"
            + " sessions per changed: in the changed accounts, their read by the apply included)");
  }

  private record Result(
      String name, int exit, double seconds, long changed, long assumeRoot, long inChanged) {}

  private static long changedBefore(
      java.util.Map<String, Long> counts, java.util.Set<String> accounts) {
    return accounts.stream().mapToLong(a -> counts.getOrDefault(a, 0L)).sum();
  }

  private static Result run(
      Fixture fixture, long latencyMs, String parallelism, Path desired, boolean before)
      throws Exception {
    var organization =
        new SimulatedOrganization(
            fixture,
            Clock.systemUTC(),
            FaultSettings.none().withLatency(Duration.ofMillis(latencyMs)),
            Sleeper.threadSleep());
    var dir = Files.createTempDirectory("rootctl-bench-apply-run");
    try (var server = new EmulatorServer(organization, 0).start()) {
      var admin = organization.managementCredentials();
      var services =
          new Components().withStaticCredentials(admin.accessKeyId(), admin.secretAccessKey());
      var common =
          List.of(
              "--parallelism",
              parallelism,
              "--desired-state",
              desired.toString(),
              "--endpoint-url",
              server.endpoint().toString());
      var journal = organization.journal();
      Optional<Path> planFile = Optional.empty();
      if (before) {
        var file = dir.resolve("plan.json");
        var plan = new ArrayList<>(List.of("plan", "-out", file.toString()));
        plan.addAll(common);
        execute(services, plan);
        planFile = Optional.of(file);
      }
      long assumeBefore = journal.count("sts:AssumeRoot", CallJournal.OK);
      var planCounts = new java.util.HashMap<String, Long>();
      journal.count(
          k -> {
            if (k.operation().equals("sts:AssumeRoot") && k.outcome().equals(CallJournal.OK)) {
              planCounts.merge(k.account().orElse("-"), 1L, Long::sum);
            }
            return false;
          });
      var apply = new ArrayList<>(List.of("apply", "--auto-approve"));
      apply.addAll(List.of("--audit-log", dir.resolve("audit.jsonl").toString()));
      apply.addAll(common);
      if (before) {
        apply.add("--verify-with-audit-session");
        apply.add(planFile.get().toString());
      }
      long start = System.nanoTime();
      int exit = execute(services, apply);
      double seconds = (System.nanoTime() - start) / 1e9;
      long assumeRoot = journal.count("sts:AssumeRoot", CallJournal.OK) - assumeBefore;
      var changedAccounts = new java.util.HashSet<String>();
      journal.count(
          k -> {
            if (k.operation().equals("sts:AssumeRoot")
                && k.outcome().equals(CallJournal.OK)
                && k.policy().equals(Optional.of(TaskPolicy.DELETE_ROOT_USER_CREDENTIALS))) {
              changedAccounts.add(k.account().orElse("-"));
            }
            return false;
          });
      long changed = changedAccounts.size();
      long inChanged =
          journal.count(
                  k ->
                      k.operation().equals("sts:AssumeRoot")
                          && k.outcome().equals(CallJournal.OK)
                          && changedAccounts.contains(k.account().orElse("-")))
              - changedBefore(planCounts, changedAccounts);
      return new Result(before ? "before" : "after", exit, seconds, changed, assumeRoot, inChanged);
    }
  }

  private static int execute(io.rootctl.cli.CommandServices services, List<String> arguments) {
    var out = new StringWriter();
    var cli = RootctlCommand.commandLine(services);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(System.err, true));
    int exit = cli.execute(arguments.toArray(String[]::new));
    out.toString()
        .lines()
        .filter(l -> l.startsWith("Plan:") || l.startsWith("Apply"))
        .forEach(l -> System.out.println("  " + arguments.get(0) + ": " + l));
    return exit;
  }
}
