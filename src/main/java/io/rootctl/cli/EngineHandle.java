package io.rootctl.cli;

import io.rootctl.engine.Engine;

/**
 * An {@link Engine} wired for one command, and what it holds open (SDK clients, the audit log
 * file). Close it when the command ends; closing twice is harmless.
 */
public final class EngineHandle implements AutoCloseable {
  private final Engine engine;
  private final Runnable release;
  private boolean closed;

  /**
   * @param release closes what the engine holds; runs once
   */
  public EngineHandle(Engine engine, Runnable release) {
    this.engine = engine;
    this.release = release;
  }

  public Engine engine() {
    return engine;
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      release.run();
    }
  }
}
