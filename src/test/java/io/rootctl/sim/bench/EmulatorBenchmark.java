package io.rootctl.sim.bench;

import io.rootctl.cloud.Sleeper;
import io.rootctl.model.TaskPolicy;
import io.rootctl.sim.FaultSettings;
import io.rootctl.sim.FixtureGenerator;
import io.rootctl.sim.GeneratorSpec;
import io.rootctl.sim.SimulatedOrganization;
import io.rootctl.sim.StsBackend;
import io.rootctl.sim.http.EmulatorServer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.organizations.OrganizationsClient;

/**
 * Not a test: measures the emulator on this machine. (1) Start time and retained heap for a
 * generated 10,000-account organization; (2) requests per second served with latency and limits
 * off, driven by real AWS SDK clients on several threads (half ListAccounts pages, half IAM reads
 * in root sessions), a fixed number of requests within a bounded time. Run with {@code make
 * bench-sim}. Targets: start < 3 s, heap < 200 MiB, >= 2,000 req/s.
 */
public final class EmulatorBenchmark {
  private static final int WARMUP = 3_000;
  private static int REQUESTS = 30_000;
  private static final Duration LIMIT = Duration.ofSeconds(90);

  private EmulatorBenchmark() {}

  public static void main(String[] args) throws Exception {
    final int threads = args.length > 0 ? Integer.parseInt(args[0]) : 4;
    REQUESTS = args.length > 1 ? Integer.parseInt(args[1]) : REQUESTS;
    var heapBefore = usedHeapAfterGc();
    long t0 = System.nanoTime();
    var fixture = FixtureGenerator.generate(new GeneratorSpec(10_000, 200, 1, 0.3));
    var org =
        new SimulatedOrganization(
            fixture, Clock.systemUTC(), FaultSettings.none(), Sleeper.threadSleep());
    var server = new EmulatorServer(org, 0).start();
    double startSeconds = (System.nanoTime() - t0) / 1e9;
    var heapMiB = (usedHeapAfterGc() - heapBefore) / (1024.0 * 1024.0);
    System.out.printf(
        "10,000-account organization: start %.2f s (generate + load + bind), retained heap %.1f"
            + " MiB%n",
        startSeconds, heapMiB);

    var admin = org.managementCredentials();
    var http = ApacheHttpClient.builder().maxConnections(threads * 2).build();
    try (server;
        var organizations =
            OrganizationsClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(
                    StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(admin.accessKeyId(), admin.secretAccessKey())))
                .httpClient(http)
                .build()) {
      var accounts =
          fixture.accounts().stream()
              .skip(1)
              .filter(a -> a.state() == null)
              .limit(threads)
              .toList();
      var sessions = new ArrayList<IamClient>();
      for (var a : accounts) {
        var c =
            new StsBackend(org)
                .assumeRoot(
                    admin.caller(),
                    a.id(),
                    TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS.arn(),
                    OptionalInt.empty());
        sessions.add(
            IamClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.AWS_GLOBAL)
                .credentialsProvider(
                    StaticCredentialsProvider.create(
                        AwsSessionCredentials.create(
                            c.accessKeyId(), c.secretAccessKey(), c.sessionToken())))
                .httpClient(http)
                .build());
      }
      run(organizations, sessions, WARMUP, threads);
      long start = System.nanoTime();
      int done = run(organizations, sessions, REQUESTS, threads);
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          "throughput: %d requests in %.2f s = %.0f req/s (%d SDK threads, %d cores, latency and"
              + " limits off)%n",
          done, seconds, done / seconds, threads, Runtime.getRuntime().availableProcessors());
      // The same mix from a light client (pre-built requests, java.net.http): closer to what the
      // emulator itself can serve when the SDK's own CPU is not sharing the two cores.
      var first = accounts.get(0).id();
      var session =
          new StsBackend(org)
              .assumeRoot(
                  admin.caller(),
                  first,
                  TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS.arn(),
                  OptionalInt.empty());
      try (var raw =
          java.net.http.HttpClient.newBuilder()
              .version(java.net.http.HttpClient.Version.HTTP_1_1)
              .build()) {
        var list =
            java.net.http.HttpRequest.newBuilder(server.endpoint())
                .header(
                    "Authorization",
                    "AWS4-HMAC-SHA256 Credential="
                        + admin.accessKeyId()
                        + "/20261123/us-east-1/organizations/aws4_request, SignedHeaders=host,"
                        + " Signature=0")
                .header("X-Amz-Target", "AWSOrganizationsV20161128.ListAccounts")
                .header("Content-Type", "application/x-amz-json-1.1")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"MaxResults\":20}"))
                .build();
        var summary =
            java.net.http.HttpRequest.newBuilder(server.endpoint())
                .header(
                    "Authorization",
                    "AWS4-HMAC-SHA256 Credential="
                        + session.accessKeyId()
                        + "/20261123/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0")
                .header("X-Amz-Security-Token", session.sessionToken())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    java.net.http.HttpRequest.BodyPublishers.ofString(
                        "Action=GetAccountSummary&Version=2010-05-08"))
                .build();
        var counter = new AtomicInteger();
        long rawStart = System.nanoTime();
        try (var pool = Executors.newFixedThreadPool(threads)) {
          var futures = new ArrayList<Future<?>>();
          for (int t = 0; t < threads; t++) {
            futures.add(
                pool.submit(
                    () -> {
                      int i;
                      while ((i = counter.getAndIncrement()) < REQUESTS) {
                        var response =
                            raw.send(
                                i % 2 == 0 ? list : summary,
                                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
                        if (response.statusCode() != 200) {
                          throw new IllegalStateException("HTTP " + response.statusCode());
                        }
                      }
                      return null;
                    }));
          }
          for (var f : futures) {
            f.get(LIMIT.toSeconds() + 30, TimeUnit.SECONDS);
          }
        }
        double rawSeconds = (System.nanoTime() - rawStart) / 1e9;
        System.out.printf(
            "throughput, light client: %d requests in %.2f s = %.0f req/s%n",
            REQUESTS, rawSeconds, REQUESTS / rawSeconds);
      }
      System.out.printf(
          "journal: %d calls, outcomes %s; load average %.2f%n",
          org.journal().total(),
          org.journal().countsBy("outcome"),
          java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      sessions.forEach(IamClient::close);
    } finally {
      http.close();
    }
  }

  private static int run(
      OrganizationsClient organizations, List<IamClient> sessions, int count, int threads)
      throws Exception {
    var next = new AtomicInteger();
    var deadline = System.nanoTime() + LIMIT.toNanos();
    try (var pool = Executors.newFixedThreadPool(threads)) {
      var futures = new ArrayList<Future<Integer>>();
      for (int t = 0; t < threads; t++) {
        var iam = sessions.get(t % sessions.size());
        futures.add(
            pool.submit(
                () -> {
                  int mine = 0;
                  int i;
                  while ((i = next.getAndIncrement()) < count && System.nanoTime() < deadline) {
                    switch (i % 4) {
                      case 0, 2 -> organizations.listAccounts(r -> r.maxResults(20));
                      case 1 -> iam.getAccountSummary(r -> {});
                      default -> iam.listAccessKeys(r -> {});
                    }
                    mine++;
                  }
                  return mine;
                }));
      }
      int total = 0;
      for (var f : futures) {
        total += f.get(LIMIT.toSeconds() + 30, TimeUnit.SECONDS);
      }
      return total;
    }
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    var rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return rt.totalMemory() - rt.freeMemory();
  }
}
