package io.rootctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootctl.model.AccountId;
import io.rootctl.model.TaskPolicy;
import io.rootctl.testing.ManualClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The progress line: timer-driven, accounts not sessions, silent unless someone watches. */
class ProgressLineTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T09:00:00Z"));
  private final HandTicker ticker = new HandTicker();
  private final List<String> lines = new ArrayList<>();

  /** A {@link Ticker} the test ticks, after moving the clock. */
  static final class HandTicker implements Ticker {
    final List<Runnable> tasks = new ArrayList<>();
    final List<Duration> periods = new ArrayList<>();
    int stopped;

    @Override
    public Stop every(Duration period, Runnable task) {
      tasks.add(task);
      periods.add(period);
      return () -> stopped++;
    }

    void tick() {
      tasks.forEach(Runnable::run);
    }
  }

  @Test
  void printsAccountsReadOfTotalRateAndTimeLeftFromTheTimerAfterTheQuietPeriod() {
    try (var progress = new ProgressLine(lines::add, clock, ticker)) {
      assertThat(ticker.periods).containsExactly(ProgressLine.EVERY);
      progress.organizationRead(100);
      read(progress, 20);
      clock.advance(Duration.ofSeconds(4));
      ticker.tick();
      assertThat(lines).as("quiet for the first 5 s").isEmpty();

      clock.advance(Duration.ofSeconds(6));
      ticker.tick();

      assertThat(lines).containsExactly("20/100 accounts read, 2.0 accounts/s, about 40 s left");
    }
    assertThat(ticker.stopped).as("closing stops the timer").isEqualTo(1);
  }

  @Test
  void countsAccountsNotSessionsOrReReads() {
    try (var progress = new ProgressLine(lines::add, clock, ticker)) {
      progress.organizationRead(3);
      var account = AccountId.of("111111111111");
      for (int i = 0; i < 5; i++) {
        progress.sessionOpened(account, TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS);
        progress.accountRead(account);
      }
      progress.sessionOpened(account, TaskPolicy.DELETE_ROOT_USER_CREDENTIALS);
      progress.accountRead(account);

      assertThat(progress.accountsRead()).isEqualTo(1);
      clock.advance(Duration.ofSeconds(10));
      ticker.tick();
      assertThat(lines).singleElement().asString().startsWith("1/3 accounts read");
    }
  }

  @Test
  void saysItIsReadingTheOrganizationBeforeTheTotalIsKnownAndNothingOnceDone() {
    try (var progress = new ProgressLine(lines::add, clock, ticker)) {
      clock.advance(Duration.ofSeconds(65));
      ticker.tick();
      progress.organizationRead(2);
      read(progress, 2);
      clock.advance(Duration.ofSeconds(5));
      ticker.tick();
    }
    assertThat(lines).containsExactly("1 min 5 s: reading the organization's accounts and OUs");
  }

  @Test
  void longRunsShowHoursAndNoRateBeforeTheFirstAccount() {
    try (var progress = new ProgressLine(lines::add, clock, ticker)) {
      progress.organizationRead(10_000);
      clock.advance(Duration.ofSeconds(10));
      ticker.tick();
      read(progress, 1);
      ticker.tick();
    }
    assertThat(lines)
        .containsExactly(
            "0/10,000 accounts read, 0.0 accounts/s, time left not known yet",
            "1/10,000 accounts read, 0.1 accounts/s, about 27 h 46 min left");
  }

  @Test
  void silentWhenStderrIsNotATerminal() {
    var cli = new Cli();
    cli.services.ticker = ticker;

    assertThat(cli.run("plan")).isEqualTo(ExitCodes.OK);

    assertThat(ticker.tasks).as("no timer started").isEmpty();
  }

  @Test
  void onATerminalOrWithVerboseItGoesToStderr() {
    var services = new InMemoryServices();
    services.stderrIsTerminal = true;
    services.ticker = ticker;
    var err = new StringWriter();
    var global = new GlobalOptions();
    try (var progress = ProgressLine.start(services, global, new PrintWriter(err))) {
      clock.advance(Duration.ofSeconds(1));
      services.clock.advance(Duration.ofSeconds(6));
      ticker.tick();
    }
    assertThat(err.toString()).startsWith("rootctl: 6 s: reading the organization");

    var notTerminal = new InMemoryServices();
    notTerminal.ticker = ticker;
    var verbose = new GlobalOptions();
    verbose.verbosity = new boolean[] {true};
    var err2 = new StringWriter();
    try (var progress = ProgressLine.start(notTerminal, verbose, new PrintWriter(err2))) {
      notTerminal.clock.advance(Duration.ofSeconds(6));
      ticker.tasks.get(1).run();
    }
    assertThat(err2.toString()).startsWith("rootctl: 6 s:");
  }

  @Test
  void inJsonLogModeNoTextReachesStderrEvenAtATerminal() {
    var services = new InMemoryServices();
    services.stderrIsTerminal = true;
    services.ticker = ticker;
    var global = new GlobalOptions();
    global.logFormat = LogFormat.json;
    var err = new StringWriter();
    try (var progress = ProgressLine.start(services, global, new PrintWriter(err))) {
      services.clock.advance(Duration.ofSeconds(6));
      ticker.tick();
    }
    assertThat(ticker.tasks).isEmpty();
    assertThat(err.toString()).isEmpty();
  }

  private static void read(ProgressLine progress, int accounts) {
    for (int i = 0; i < accounts; i++) {
      progress.accountRead(AccountId.of(String.format("%012d", 100_000_000_000L + i)));
    }
  }
}
