package io.rootctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootctl.control.Controller;
import io.rootctl.control.ControllerConfig;
import io.rootctl.control.RunningController;
import io.rootctl.testing.ClockServices;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Black-box: flags become a {@link ControllerConfig}; bad flags are usage errors (exit 1). */
class ControllerCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final AtomicReference<ControllerConfig> started = new AtomicReference<>();
  private final AtomicReference<GlobalOptions> global = new AtomicReference<>();

  /** A controller that stops as soon as it is waited on. */
  private final class StoppedController implements RunningController {
    @Override
    public InetSocketAddress address() {
      return new InetSocketAddress("127.0.0.1", 8080);
    }

    @Override
    public Controller controller() {
      throw new UnsupportedOperationException();
    }

    @Override
    public void stop() {}

    @Override
    public boolean awaitStopped(Duration timeout) {
      return true;
    }

    @Override
    public void close() {}
  }

  private int run(String... args) {
    var services =
        new ClockServices(Clock.systemUTC()) {
          @Override
          public RunningController startController(ControllerConfig config, GlobalOptions g) {
            started.set(config);
            global.set(g);
            return new StoppedController();
          }
        };
    var cli = RootctlCommand.commandLine(services);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void theChartsArgumentsBecomeTheControllersConfiguration() {
    var code =
        run(
            "controller",
            "--desired-state",
            "/git/repo/desired-state",
            "--interval",
            "1m30s",
            "--resync",
            "2h",
            "--mode",
            "observe",
            "--listen",
            "0.0.0.0:9000",
            "--region",
            "eu-west-1",
            "--endpoint-url",
            "http://sim:4566",
            "--no-color",
            "-v",
            "--max-actions",
            "10",
            "--parallelism",
            "4",
            "--audit-log",
            "/tmp/audit.jsonl");

    assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
    var c = started.get();
    assertThat(c.desiredState()).isEqualTo(Path.of("/git/repo/desired-state"));
    assertThat(c.interval()).isEqualTo(Duration.ofSeconds(90));
    assertThat(c.resync()).isEqualTo(Duration.ofHours(2));
    assertThat(c.forceObserve()).isTrue();
    assertThat(c.listen()).isEqualTo(new InetSocketAddress("0.0.0.0", 9000));
    assertThat(c.maxActions()).isEqualTo(OptionalInt.of(10));
    assertThat(c.parallelism()).isEqualTo(4);
    assertThat(c.auditLog()).contains(Path.of("/tmp/audit.jsonl"));
    assertThat(global.get().region()).contains("eu-west-1");
    assertThat(global.get().endpointUrl())
        .hasValueSatisfying(u -> assertThat(u).hasToString("http://sim:4566"));
    assertThat(err.toString()).contains("rootctl controller: stopped");
  }

  @Test
  void enforceLeavesTheDesiredStatesModeInForce() {
    assertThat(run("controller", "--mode", "enforce")).isEqualTo(ExitCodes.OK);
    assertThat(started.get().forceObserve()).isFalse();
    assertThat(started.get().interval()).isEqualTo(Duration.ofMinutes(5));
    assertThat(started.get().resync()).isEqualTo(Duration.ofHours(1));
  }

  record Case(String name, String reason, List<String> args, String message) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> usageErrors() {
    return Stream.of(
        new Case(
            "bad interval",
            "not a duration",
            List.of("--interval", "5 minutes"),
            "is not a duration"),
        new Case(
            "bare number", "a unit is required", List.of("--resync", "3600"), "is not a duration"),
        new Case("bad mode", "observe or enforce only", List.of("--mode", "dry-run"), "--mode"),
        new Case(
            "bad listen", "HOST:PORT", List.of("--listen", "8080"), "--listen must be HOST:PORT"),
        new Case(
            "bad port",
            "0..65535",
            List.of("--listen", "0.0.0.0:70000"),
            "--listen must be HOST:PORT"),
        new Case("no parallelism", "at least one", List.of("--parallelism", "0"), "--parallelism"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("usageErrors")
  void badFlagsAreUsageErrorsWithExitOne(Case c) {
    var args = Stream.concat(Stream.of("controller"), c.args().stream()).toArray(String[]::new);

    assertThat(run(args)).as(c.reason()).isEqualTo(ExitCodes.ERROR);
    assertThat(err.toString()).as(c.reason()).contains(c.message());
    assertThat(started.get()).as("nothing started").isNull();
  }
}
