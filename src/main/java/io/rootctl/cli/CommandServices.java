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

  /**
   * An {@link io.rootctl.unlock.Unlocker} for {@code rootctl unlock}, with the AWS settings of
   * {@code global}, writing to the audit log {@code auditLog}, under the writer lock at {@code
   * lock} (none: {@code unserialised} is run once, at the write).
   *
   * @throws java.io.UncheckedIOException when the audit log cannot be opened
   */
  default UnlockHandle openUnlocker(
      GlobalOptions global,
      java.nio.file.Path auditLog,
      java.util.Optional<LockUrl> lock,
      Runnable unserialised) {
    throw new UnsupportedOperationException("this wiring cannot unlock");
  }

  /** Whether a person is at a terminal to answer a prompt (stdin and stdout are a terminal). */
  boolean interactive();

  /** Whether stdout may carry ANSI colour: a terminal, and {@code NO_COLOR} is not set. */
  boolean colorAllowed();

  /**
   * The AWS Region the commands run in: {@code --region}, else the SDK's chain (AWS_REGION,
   * AWS_DEFAULT_REGION, the profile's region) as the AWS clients resolve it, else us-east-1. Test
   * wirings without AWS use {@code --region} or us-east-1.
   */
  default String region(GlobalOptions global) {
    return global.region().orElse("us-east-1");
  }

  /** Whether stderr is a terminal (a person watches progress); false in test wirings. */
  default boolean stderrIsTerminal() {
    return false;
  }

  /** The timer behind progress lines; test wirings never tick unless the test does. */
  default Ticker ticker() {
    return Ticker.NEVER;
  }

  /** Where answers to prompts are read from (stdin). */
  BufferedReader input();

  /**
   * The environment variable {@code name}, if set (e.g. {@code TF_IN_AUTOMATION}). Test wirings
   * have none unless the test sets them.
   */
  default java.util.Optional<String> environment(String name) {
    return java.util.Optional.empty();
  }

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
   * java.util.Optional)} does, with the client-side AWS rate limits {@code rates} ({@code --rate})
   * and the SQS event source on {@code eventsQueueUrl} when one is given. Test wirings without AWS
   * ignore both.
   */
  default RunningController startController(
      ControllerConfig config,
      GlobalOptions global,
      java.util.Optional<LockUrl> lock,
      io.rootctl.cloud.RateLimits rates,
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
