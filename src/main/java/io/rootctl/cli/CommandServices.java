package io.rootctl.cli;

import io.rootctl.control.ControllerConfig;
import io.rootctl.control.RunningController;
import io.rootctl.lock.LockUrl;
import io.rootctl.lock.WriterLock;
import java.io.BufferedReader;
import java.time.Clock;
import java.util.function.Function;

/**
 * What the commands get from the composition root ({@code app.Components} in production, a test
 * wiring in CLI tests): the clock, an {@link io.rootctl.engine.Engine} wired for the global
 * options, and the user's terminal.
 */
public interface CommandServices {
  /** The clock for "today" (exception expiry) and timestamps. */
  Clock clock();

  /**
   * An engine for the global options: {@code --region}, {@code --profile} and {@code
   * --endpoint-url} choose the AWS clients (the default credential chain unless {@link
   * #withStaticCredentials} fixed keys). Throws {@link IllegalArgumentException} for settings AWS
   * cannot use (e.g. the global region).
   */
  EngineHandle openEngine(GlobalOptions global, EngineOptions options);

  /**
   * These services, authenticating every engine they open with a fixed access key pair (the
   * emulator's management credentials in {@code rootctl demo}) instead of the default chain.
   */
  CommandServices withStaticCredentials(String accessKeyId, String secretAccessKey);

  /**
   * Runs {@code use} with the writer lock at {@code url}, reached with the AWS settings of {@code
   * global} ({@code rootctl force-unlock}); what it opened is closed afterwards.
   */
  default <T> T withLock(GlobalOptions global, LockUrl url, Function<WriterLock, T> use) {
    throw new UnsupportedOperationException("this wiring has no writer lock");
  }

  /** Whether a person is at a terminal to answer a prompt (stdin and stdout are a terminal). */
  boolean interactive();

  /** Whether stdout may carry ANSI colour: a terminal, and {@code NO_COLOR} is not set. */
  boolean colorAllowed();

  /** Where answers to prompts are read from (stdin). */
  BufferedReader input();

  /**
   * Builds and starts the controller ({@code rootctl controller}) with the AWS settings of {@code
   * global}; SIGTERM and Ctrl-C stop it. The caller waits on it and closes it.
   */
  default RunningController startController(ControllerConfig config, GlobalOptions global) {
    throw new UnsupportedOperationException("this wiring cannot run the controller");
  }

  /**
   * Applies {@code --log-format}, before {@link #verbosity} and before the command runs: {@code
   * json} switches stderr logging to one JSON object per line. Throws {@link IllegalStateException}
   * if logging cannot be set up that way.
   */
  default void logFormat(LogFormat format) {}

  /**
   * Builds and starts the controller as {@link #startController(ControllerConfig, GlobalOptions)}
   * does, taking the writer lock at {@code lock} while it applies (none: writers are not
   * serialised, logged once). Test wirings without a lock ignore {@code lock}.
   */
  default RunningController startController(
      ControllerConfig config, GlobalOptions global, java.util.Optional<LockUrl> lock) {
    return startController(config, global);
  }

  /**
   * Builds and starts the controller as {@link #startController(ControllerConfig, GlobalOptions,
   * java.util.Optional)} does, with the SQS event source on {@code eventsQueueUrl} when one is
   * given. Test wirings without events ignore it.
   */
  default RunningController startController(
      ControllerConfig config,
      GlobalOptions global,
      java.util.Optional<LockUrl> lock,
      java.util.Optional<String> eventsQueueUrl) {
    return startController(config, global, lock);
  }

  /**
   * Applies {@code -v} (repeated): 0 leaves the configured levels, 1 logs rootctl at INFO, 2 and
   * more at DEBUG. Never turns on AWS SDK or HTTP wire logs, which would show session tokens.
   */
  default void verbosity(int level) {}

  /**
   * Runs {@code stop} when the process is asked to end (SIGTERM, or SIGINT from Ctrl-C), instead of
   * the JVM's abrupt shutdown, so a long-running command can close cleanly and exit 0. Test wirings
   * do nothing: their commands are stopped by interruption.
   */
  default void onTermination(Runnable stop) {}
}
