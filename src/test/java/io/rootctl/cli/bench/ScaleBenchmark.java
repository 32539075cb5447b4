package io.rootctl.cli.bench;

import io.rootctl.app.Components;
import io.rootctl.cli.RootctlCommand;
import io.rootctl.cloud.RateLimits;
import io.rootctl.cloud.Sleeper;
import io.rootctl.sim.CallJournal;
import io.rootctl.sim.FaultSettings;
import io.rootctl.sim.Fixture;
import io.rootctl.sim.FixtureGenerator;
import io.rootctl.sim.GeneratorSpec;
import io.rootctl.sim.OrganizationsBackend;
import io.rootctl.sim.SimulatedOrganization;
import io.rootctl.sim.http.EmulatorServer;
import io.rootctl.testing.StrictOrganization;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Not a test: {@code rootctl plan} and {@code rootctl audit} over a generated organization (10,000
 * accounts and 500 OUs by default, 30% drift) at 20 ms and at 80 ms per call, through the real SDK
 * wired as {@code bin/rootctl} is (default rate limits: AWS's published Organizations rates,
 * AssumeRoot at 300/s), against the emulator over HTTP enforcing AWS's published Organizations
 * buckets (per account and per organization) and AssumeRoot at 600/s. Prints per run: wall time,
 * AWS calls per account, the walk's and the audits' time (sampled from the emulator's journal every
 * 250 ms, a scan of the journal under its lock, so not more often: the walk ends at the last
 * Organizations listing, the audits start at the first AssumeRoot), the peak heap of this JVM
 * (client and emulator together), and the ratio of the bound to the wall time, for two bounds
 * computed from the rates in force:
 *
 * <ul>
 *   <li>per-parent: the walk rootctl does, max(OU listings, account listings) / 5 per second (each
 *       its own Organizations API), or the AssumeRoot calls at the STS rate in force, whichever is
 *       longer (the phases overlap);
 *   <li>ListAccounts (the bound): accounts / 20 pages at 8 per second, or AssumeRoot at the
 *       STS rate, whichever is longer; it needs each account's {@code Paths}, which the SDK 2.40.2
 *       does not model.
 * </ul>
 *
 * Run with {@code make bench-scale}; arguments: accounts, OUs, latencies in ms (comma-separated),
 * parallelism (comma-separated, default 10), commands (comma-separated, default {@code
 * plan,audit}).
 */
public final class ScaleBenchmark {
  private ScaleBenchmark() {}

  public static void main(String[] args) throws Exception {
    int accounts = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int ous = args.length > 1 ? Integer.parseInt(args[1]) : 500;
    String latencies = args.length > 2 ? args[2] : "20,80";
    String parallelism = args.length > 3 ? args[3] : "10";
    String[] commands = (args.length > 4 ? args[4] : "plan,audit").split(",");
    var desired = Files.createTempDirectory("rootctl-bench-scale");
    StrictOrganization.writeTo(desired, 1_000_000);
    System.out.printf(
        "bench-scale: %,d accounts, %,d OUs; emulator: AWS's Organizations buckets, AssumeRoot at"
            + " %.0f/s%n",
        accounts, ous, FaultSettings.STS_REQUESTS_PER_SECOND);
    for (var latency : latencies.split(",")) {
      for (var readers : parallelism.split(",")) {
        for (var command : commands) {
          run(command, accounts, ous, Long.parseLong(latency.strip()), readers.strip(), desired);
        }
      }
    }
  }

  private static void run(
      String command, int accounts, int ous, long latencyMs, String parallelism, Path desired)
      throws Exception {
    System.gc();
    var fixture = FixtureGenerator.generate(new GeneratorSpec(accounts, ous, 1, 0.3));
    var organization =
        new SimulatedOrganization(
            fixture,
            Clock.systemUTC(),
            FaultSettings.awsDefaults().withLatency(Duration.ofMillis(latencyMs)),
            Sleeper.threadSleep());
    var guardrails = guardrails(organization, fixture);
    try (var server = new EmulatorServer(organization, 0).start()) {
      var journal = organization.journal();
      var admin = organization.managementCredentials();
      var services =
          new Components().withStaticCredentials(admin.accessKeyId(), admin.secretAccessKey());
      var cli = RootctlCommand.commandLine(services);
      var out = new StringWriter();
      cli.setOut(new PrintWriter(out, true));
      cli.setErr(new PrintWriter(new StringWriter(), true));
      var setUpCalls = journal.total();
      var start = System.nanoTime();
      var walkEnd = new AtomicLong(start);
      var auditStart = new AtomicLong(-1);
      var peakHeap = new AtomicLong();
      var memory = ManagementFactory.getMemoryMXBean();
      var sampler =
          Thread.ofPlatform()
              .daemon()
              .start(
                  () -> {
                    long lastListings = -1;
                    while (!Thread.currentThread().isInterrupted()) {
                      var now = System.nanoTime();
                      long listings = listings(journal);
                      if (listings != lastListings) {
                        lastListings = listings;
                        walkEnd.set(now);
                      }
                      if (auditStart.get() < 0
                          && journal.count("sts:AssumeRoot", CallJournal.OK) > 0) {
                        auditStart.set(now);
                      }
                      peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                      try {
                        Thread.sleep(250);
                      } catch (InterruptedException e) {
                        return;
                      }
                    }
                  });
      var arguments =
          new java.util.ArrayList<>(
              java.util.List.of(
                  command,
                  "--parallelism",
                  parallelism,
                  "--endpoint-url",
                  server.endpoint().toString()));
      if (command.equals("plan")) {
        arguments.addAll(java.util.List.of("--desired-state", desired.toString()));
      }
      int exit = cli.execute(arguments.toArray(String[]::new));
      var end = System.nanoTime();
      sampler.interrupt();
      sampler.join();
      double wall = (end - start) / 1e9;
      long calls = journal.total() - setUpCalls;
      long assumeRoot = journal.count("sts:AssumeRoot", CallJournal.OK);
      long throttled =
          journal.count(k -> k.outcome().equals("TooManyRequestsException"))
              + journal.count(k -> k.outcome().equals("Throttling"));
      var rates = RateLimits.defaults();
      double sts = rates.limit(RateLimits.STS).perSecond();
      double ouListings =
          journal.count("organizations:ListOrganizationalUnitsForParent", CallJournal.OK);
      double forParentListings =
          journal.count("organizations:ListAccountsForParent", CallJournal.OK);
      double childrenListings = journal.count("organizations:ListChildren", CallJournal.OK);
      double accountListings = forParentListings + childrenListings;
      double scanPages = journal.count("organizations:ListAccounts", CallJournal.OK);
      // The account listings share ListAccountsForParent's and ListChildren's rates; the
      // ListAccounts scan beside them has its own.
      double perParentWalk =
          Math.max(
              Math.max(
                  ouListings / rates.organizations("ListOrganizationalUnitsForParent").perSecond(),
                  accountListings
                      / (rates.organizations("ListAccountsForParent").perSecond()
                          + rates.organizations("ListChildren").perSecond())),
              scanPages / rates.organizations("ListAccounts").perSecond());
      double listAccountsWalk =
          Math.ceil(accounts / 20.0) / rates.organizations("ListAccounts").perSecond();
      double audits = assumeRoot / sts;
      double perParentBound = Math.max(perParentWalk, audits);
      double listAccountsBound = Math.max(listAccountsWalk, audits);
      System.out.printf(
          "%n%s, %d ms per call, parallelism %s: exit %d, wall %.1f s, %,d AWS calls (%.2f per account),"
              + " %,d throttled, peak heap %,d MiB%n",
          command,
          latencyMs,
          parallelism,
          exit,
          wall,
          calls,
          calls / (double) accounts,
          throttled,
          peakHeap.get() >> 20);
      System.out.printf(
          "  walk %.1f s (%,.0f OU listings, %,.0f account listings: %,.0f ListAccountsForParent,"
              + " %,.0f ListChildren; %,.0f ListAccounts pages, %,d DescribeAccount); audits %.1f s"
              + " from %.1f s (%,d AssumeRoot at up to %.0f/s)%n",
          (walkEnd.get() - start) / 1e9,
          ouListings,
          accountListings,
          forParentListings,
          childrenListings,
          scanPages,
          journal.count("organizations:DescribeAccount", CallJournal.OK),
          auditStart.get() < 0 ? 0 : (end - auditStart.get()) / 1e9,
          auditStart.get() < 0 ? 0 : (auditStart.get() - start) / 1e9,
          assumeRoot,
          sts);
      System.out.printf(
          "  SCP preflight (%s): %,d ListPolicies, %,d DescribePolicy, %,d ListTargetsForPolicy,"
              + " %,d ListPoliciesForTarget%n",
          guardrails,
          journal.count("organizations:ListPolicies", CallJournal.OK),
          journal.count("organizations:DescribePolicy", CallJournal.OK),
          journal.count("organizations:ListTargetsForPolicy", CallJournal.OK),
          journal.count("organizations:ListPoliciesForTarget", CallJournal.OK));
      System.out.printf(
          "  bound, per-parent walk: %.1f s, ratio %.0f%%; bound, ListAccounts walk (the issue's):"
              + " %.1f s, ratio %.0f%% (target >= 80%%)%n",
          perParentBound,
          100 * perParentBound / wall,
          listAccountsBound,
          100 * listAccountsBound / wall);
    }
  }

  /** The walk's listings (not the preflight's ListPolicies and ListTargetsForPolicy). */
  private static long listings(CallJournal journal) {
    return journal.count(
        k ->
            k.operation().equals("organizations:ListOrganizationalUnitsForParent")
                || k.operation().equals("organizations:ListAccountsForParent")
                || k.operation().equals("organizations:ListChildren")
                || k.operation().equals("organizations:ListAccounts")
                || k.operation().equals("organizations:DescribeAccount")
                || k.operation().equals("organizations:ListRoots"));
  }

  /**
   * Guardrail SCPs as a landing zone has them, none of which denies rootctl's root sessions: a
   * root-user deny exempting root sessions and a LeaveOrganization deny on the root (the preflight
   * never asks where these are attached), and a deny scoped to one other account id on every fifth
   * OU (it may deny, so the preflight lists its targets and evaluates it per account).
   * FullAWSAccess is on the root already.
   */
  private static String guardrails(SimulatedOrganization organization, Fixture fixture) {
    var root = fixture.root().id();
    organization.attachPolicy(
        "DenyRootUserExceptRootSessions",
        "SERVICE_CONTROL_POLICY",
        """
        {"Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*",
          "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:root"},
                        "Null": {"aws:AssumedRoot": "true"}}}]}""",
        root);
    organization.attachPolicy(
        "DenyLeaveOrganization",
        "SERVICE_CONTROL_POLICY",
        """
        {"Statement": [{"Effect": "Deny", "Action": "organizations:LeaveOrganization",
          "Resource": "*"}]}""",
        root);
    var ous =
        java.util.Objects.requireNonNullElse(
            fixture.organizationalUnits(), java.util.List.<Fixture.Ou>of());
    var scoped =
        organization.attachPolicy(
            "DenyIamInRetiredAccount",
            "SERVICE_CONTROL_POLICY",
            """
            {"Statement": [{"Effect": "Deny", "Action": "iam:*", "Resource": "*",
              "Condition": {"StringEquals": {"aws:PrincipalAccount": "000000000001"}}}]}""",
            ous.get(0).id());
    var backend = new OrganizationsBackend(organization);
    var settings = organization.faultSettings();
    organization.setFaultSettings(FaultSettings.none()); // set-up, not the run: no latency, limits
    int placed = 1;
    for (int i = 5; i < ous.size(); i += 5) {
      backend.attachPolicy(organization.managementCredentials().caller(), scoped, ous.get(i).id());
      placed++;
    }
    organization.setFaultSettings(settings);
    return "FullAWSAccess and 3 guardrail SCPs, one of them on " + placed + " OUs";
  }
}
