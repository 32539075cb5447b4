package io.rootctl.cli.bench;

import io.rootctl.app.Components;
import io.rootctl.cli.RootctlCommand;
import io.rootctl.cloud.Sleeper;
import io.rootctl.sim.CallJournal;
import io.rootctl.sim.FaultSettings;
import io.rootctl.sim.FixtureGenerator;
import io.rootctl.sim.GeneratorSpec;
import io.rootctl.sim.SimulatedOrganization;
import io.rootctl.sim.http.EmulatorServer;
import io.rootctl.testing.StrictOrganization;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;

/**
 * Not a test: {@code rootctl plan} over a generated 2,000-account organization (100 OUs, 30% drift)
 * with 20 ms of latency on every AWS call, through the real SDK (wired as {@code bin/rootctl} is,
 * with its default client-side rate limits) and the emulator over HTTP. Prints wall time, AWS calls
 * per account and the AssumeRoot count from the emulator's journal. Run with {@code make
 * bench-plan}; arguments: accounts, latency in ms, parallelism.
 */
public final class PlanBenchmark {
  private PlanBenchmark() {}

  public static void main(String[] args) throws Exception {
    int accounts = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
    long latencyMs = args.length > 1 ? Long.parseLong(args[1]) : 20;
    String parallelism = args.length > 2 ? args[2] : "10";
    var fixture = FixtureGenerator.generate(new GeneratorSpec(accounts, 100, 1, 0.3));
    var organization =
        new SimulatedOrganization(
            fixture,
            Clock.systemUTC(),
            FaultSettings.none().withLatency(Duration.ofMillis(latencyMs)),
            Sleeper.threadSleep());
    var desired = Files.createTempDirectory("rootctl-bench");
    StrictOrganization.writeTo(desired, 100_000);
    try (var server = new EmulatorServer(organization, 0).start()) {
      var admin = organization.managementCredentials();
      var services =
          new Components().withStaticCredentials(admin.accessKeyId(), admin.secretAccessKey());
      var out = new StringWriter();
      var cli = RootctlCommand.commandLine(services);
      cli.setOut(new PrintWriter(out, true));
      cli.setErr(new PrintWriter(System.err, true));
      long start = System.nanoTime();
      int exit =
          cli.execute(
              "plan",
              "--detailed-exitcode",
              "--parallelism",
              parallelism,
              "--desired-state",
              desired.toString(),
              "--endpoint-url",
              server.endpoint().toString());
      double seconds = (System.nanoTime() - start) / 1e9;
      var journal = organization.journal();
      long calls = journal.total();
      long assumeRoot = journal.count("sts:AssumeRoot", CallJournal.OK);
      var summary =
          out.toString().lines().filter(l -> l.startsWith("Plan:")).findFirst().orElse("?");
      System.out.printf(
          "plan over %,d accounts (%d ms latency per call, parallelism %s): exit %d, wall %.1f s%n",
          accounts, latencyMs, parallelism, exit, seconds);
      System.out.println(summary);
      System.out.printf(
          "AWS calls: %,d in all, %.2f per account; sts:AssumeRoot: %,d%n",
          calls, calls / (double) accounts, assumeRoot);
      journal.countsBy("operation").forEach((op, n) -> System.out.printf("  %-45s %,7d%n", op, n));
    }
  }
}
