package io.rootctl.control;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * A controller started by the composition root, with its HTTP server, audit log and AWS clients.
 * {@link #stop()} (SIGTERM) lets the run in flight finish its started accounts; {@link #close()}
 * stops, waits, then flushes and closes everything. Thread-safe; close is idempotent.
 */
public interface RunningController extends AutoCloseable {

  /** The address /metrics, /healthz, /readyz and /status are served on (the real port). */
  InetSocketAddress address();

  /** The controller itself (status, health). */
  Controller controller();

  /** Asks the loop to stop; returns at once. */
  void stop();

  /** Blocks until the loop has stopped (after {@link #stop()}); false on timeout. */
  boolean awaitStopped(Duration timeout) throws InterruptedException;

  /** Stops, waits for the run in flight, then closes the audit log, the server and the clients. */
  @Override
  void close();
}
