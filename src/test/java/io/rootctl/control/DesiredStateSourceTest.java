package io.rootctl.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rootctl.desired.Problem;
import io.rootctl.desired.yaml.DesiredStateLoader;
import io.rootctl.desired.yaml.LoadResult;
import io.rootctl.metrics.MetricNames;
import io.rootctl.metrics.MicrometerRootctlMetrics;
import io.rootctl.metrics.RootctlMetrics;
import io.rootctl.model.AccountId;
import io.rootctl.testing.GitSyncCheckout;
import io.rootctl.testing.ManualClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DesiredStateSourceTest {
  private static final Path EXAMPLE = Path.of("desired-state");
  private static final LocalDate TODAY = LocalDate.of(2026, 11, 23);
  private static final Duration BUDGET = DesiredStateSource.DEFAULT_LOAD_BUDGET;

  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T09:00:00Z"));
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final RootctlMetrics metrics = new MicrometerRootctlMetrics(registry);

  @TempDir Path tmp;

  private DesiredStateSource source(Path dir, Function<Path, LoadResult> loader) {
    return new DesiredStateSource(dir, loader, metrics, clock, BUDGET);
  }

  private static LoadResult load(Path dir) {
    return new DesiredStateLoader().load(dir, TODAY);
  }

  /** Polls until the load started by the first poll ends (a poll waits at most a second). */
  private static DesiredStateSource.LoadAttempt next(DesiredStateSource source) {
    var seen = new java.util.concurrent.atomic.AtomicReference<DesiredStateSource.LoadAttempt>();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              source.poll().ifPresent(seen::set);
              return seen.get() != null;
            });
    return seen.get();
  }

  private double stuckGauge() {
    return registry.get(MetricNames.DESIRED_STATE_LOAD_STUCK).gauge().value();
  }

  /** Commit A: the break-glass document (and its exception) lives in staging.yaml. */
  private static void breakGlassInStaging(Path a) {
    try {
      var breakGlass = Files.readString(a.resolve("accounts/break-glass.yaml"));
      Files.writeString(
          a.resolve("accounts/staging.yaml"), "---\n" + breakGlass, StandardOpenOption.APPEND);
      Files.delete(a.resolve("accounts/break-glass.yaml"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Issue 9, fault 3: the revision was read from the link before the load, the files after it; a
   * swap in between labelled commit B's files with commit A. Here git-sync publishes B right after
   * the source looked at the link and before the loader reads anything.
   */
  @Test
  void aLinkSwappedDuringALoadIsLoadedAgainAndLabelledWithTheCommitActuallyRead() {
    var checkout = new GitSyncCheckout(tmp.resolve("git"));
    var commitA = checkout.publish(EXAMPLE, DesiredStateSourceTest::breakGlassInStaging);
    var commitB = new java.util.concurrent.atomic.AtomicReference<String>();
    var swapped = new AtomicBoolean();
    var source =
        source(
            checkout.desiredState(),
            dir -> {
              if (swapped.compareAndSet(false, true)) {
                commitB.set(checkout.publish(EXAMPLE));
              }
              return load(dir);
            });

    var attempt = next(source);

    assertThat(commitB.get()).isNotEqualTo(commitA);
    assertThat(attempt.revision()).isEqualTo(commitB.get());
    var desired = ((LoadResult.Valid) attempt.result()).desired();
    assertThat(desired.revision()).isEqualTo(commitB.get());
    assertThat(desired.accounts())
        .filteredOn(a -> a.account().equals(AccountId.of("333344445555")))
        .singleElement()
        .satisfies(
            a ->
                assertThat(a.location().file())
                    .as("commit B's layout: the document in its own file")
                    .isEqualTo("accounts/break-glass.yaml"));
  }

  /**
   * A plain clone's .git/HEAD is read apart from its files: a pull in between labels one commit's
   * files with another. Plain directories get the content hash of exactly the bytes parsed.
   */
  @Test
  void aPlainDirectoryIsLabelledWithTheContentHashOfWhatWasParsed() throws IOException {
    var clone = tmp.resolve("clone");
    GitSyncCheckout.copy(EXAMPLE, clone.resolve("desired-state"));
    Files.createDirectories(clone.resolve(".git"));
    Files.writeString(clone.resolve(".git/HEAD"), "1111111111111111111111111111111111111111\n");
    var source = source(clone.resolve("desired-state"), DesiredStateSourceTest::load);

    var attempt = next(source);

    var parsed = ((LoadResult.Valid) load(EXAMPLE)).desired().revision();
    assertThat(attempt.revision()).isEqualTo(parsed).startsWith("sha256:");
    assertThat(((LoadResult.Valid) attempt.result()).desired().revision()).isEqualTo(parsed);
  }

  /** Issue 9, fault 7: a load that hangs is reported once, by the clock, and never blocks polls. */
  @Test
  void aLoadPastItsBudgetIsReportedOnceAndItsLateResultStillCounts() throws Exception {
    var entered = new CountDownLatch(1);
    var release = new CountDownLatch(1);
    var source =
        source(
            EXAMPLE,
            dir -> {
              entered.countDown();
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return load(dir);
            });
    try {
      assertThat(source.poll()).isEmpty();
      entered.await();
      clock.advance(BUDGET.minusSeconds(1));
      assertThat(source.poll()).as("within its budget").isEmpty();
      assertThat(source.stuckSince()).isEmpty();
      assertThat(stuckGauge()).isZero();

      clock.advance(Duration.ofSeconds(1));
      var stuck = source.poll();

      assertThat(stuck).isPresent();
      assertThat(stuck.get().result()).isInstanceOf(LoadResult.Invalid.class);
      assertThat(stuck.get().result().problems())
          .extracting(Problem::toString)
          .singleElement()
          .satisfies(
              p ->
                  assertThat(p)
                      .startsWith(".:1:1: loading desired-state has not finished within 30s")
                      .contains("the last good desired state stays in force"));
      assertThat(source.stuckSince()).contains(Instant.parse("2026-11-23T09:00:00Z"));
      assertThat(stuckGauge()).isEqualTo(1.0);
      clock.advance(Duration.ofMinutes(5));
      assertThat(source.poll()).as("reported once").isEmpty();
    } finally {
      release.countDown();
    }

    var late = next(source);

    assertThat(late.result()).isInstanceOf(LoadResult.Valid.class);
    assertThat(source.stuckSince()).isEmpty();
    assertThat(stuckGauge()).isZero();
  }
}
