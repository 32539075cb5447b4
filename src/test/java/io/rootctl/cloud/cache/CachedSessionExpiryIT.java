package io.rootctl.cloud.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootctl.cloud.Backoff;
import io.rootctl.cloud.Retrier;
import io.rootctl.cloud.aws.AwsClients;
import io.rootctl.cloud.aws.AwsSettings;
import io.rootctl.live.RootCredentials;
import io.rootctl.model.AccountId;
import io.rootctl.model.TaskPolicy;
import io.rootctl.observe.LiveStateReader;
import io.rootctl.observe.ReadOptions;
import io.rootctl.sim.AdjustableClock;
import io.rootctl.sim.CallJournal;
import io.rootctl.sim.Fixture;
import io.rootctl.sim.SimulatedOrganization;
import io.rootctl.sim.http.EmulatorServer;
import io.rootctl.testing.ManualClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The controller's cached root sessions, over the real SDK and HTTP against the emulator, when AWS
 * rejects a cached session as expired before rootctl's clock says it is (clock skew, or a session
 * ended early): the session is evicted, the retry assumes root afresh, and the run that hit it
 * still reads the account.
 */
class CachedSessionExpiryIT {
  private static final AccountId PAYMENTS = AccountId.of("555555555555");

  /** AWS's clock: moved through the emulator's control plane. */
  private final AdjustableClock awsClock = new AdjustableClock(Clock.systemUTC());

  private SimulatedOrganization organization;
  private EmulatorServer server;
  private AwsClients aws;
  private CachingRootSessionClient sessions;
  private LiveStateReader reader;

  @BeforeEach
  void start() {
    organization = SimulatedOrganization.of(Fixture.demo(), awsClock);
    server = new EmulatorServer(organization, 0).start();
    var admin = organization.managementCredentials();
    aws =
        AwsClients.create(
            AwsSettings.defaults()
                .withEndpoint(server.endpoint())
                .withCredentials(
                    new AwsSettings.StaticCredentials(admin.accessKeyId(), admin.secretAccessKey()))
                .withRates(1_000, 1_000, 1_000));
    // rootctl's clock stands still: by it, every session keeps all of its 900 seconds.
    var clock = new ManualClock(awsClock.instant());
    sessions =
        new CachingRootSessionClient(
            aws.rootSessions(), Duration.ofHours(1), Duration.ofSeconds(60), clock);
    reader =
        new LiveStateReader(
            aws.organizations(),
            sessions,
            new Retrier(Backoff.DEFAULT, clock::advance, () -> 0.0),
            new ReadOptions(4, 3, Duration.ofSeconds(900)));
  }

  @AfterEach
  void stop() {
    if (aws != null) {
      aws.close();
    }
    if (server != null) {
      server.close();
    }
  }

  /** Moves AWS's clock as a test script would, through {@code POST /_sim/clock}. */
  private void advanceAwsClock(Duration by) throws Exception {
    try (var http = HttpClient.newHttpClient()) {
      var response =
          http.send(
              HttpRequest.newBuilder(URI.create(server.endpoint() + "/_sim/clock"))
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"advanceSeconds\": " + by.toSeconds() + "}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }
  }

  private long assumedRoot() {
    return organization
        .journal()
        .count(
            k ->
                k.operation().equals("sts:AssumeRoot")
                    && k.account().equals(Optional.of(PAYMENTS.value()))
                    && k.policy().equals(Optional.of(TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS))
                    && k.outcome().equals(CallJournal.OK));
  }

  /** Calls AWS rejected as ExpiredToken (the journal cannot name the account of a rejected one). */
  private long expiredTokens() {
    return organization.journal().count(k -> k.outcome().startsWith("ExpiredToken"));
  }

  @Test
  void anExpiredTokenEvictsTheCachedSessionAndTheSameRunStillReadsTheAccount() throws Exception {
    assertThat(reader.readAccount(PAYMENTS)).isInstanceOf(RootCredentials.class);
    assertThat(assumedRoot()).isEqualTo(1);

    sessions.invalidate(PAYMENTS); // the next run audits again, through the cached session
    advanceAwsClock(Duration.ofSeconds(901)); // AWS: that session is over; rootctl: 900 s left

    var observation = reader.readAccount(PAYMENTS);

    assertThat(observation)
        .as("read in the run that hit ExpiredToken")
        .isEqualTo(organization.rootCredentials(PAYMENTS));
    assertThat(expiredTokens()).as("AWS rejected the cached session once").isEqualTo(1);
    assertThat(assumedRoot()).as("the retry assumed root afresh").isEqualTo(2);

    sessions.invalidate(PAYMENTS);
    assertThat(reader.readAccount(PAYMENTS)).isInstanceOf(RootCredentials.class);
    assertThat(expiredTokens()).as("the next run uses the fresh session").isEqualTo(1);
    assertThat(assumedRoot()).isEqualTo(2);
  }
}
