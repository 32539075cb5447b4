package io.rootctl.cli;

/** rootctl's exit codes. */
public final class ExitCodes {
  private ExitCodes() {}

  public static final int OK = 0;

  /** Any error, usage errors included (picocli's default of 2 is remapped). */
  public static final int ERROR = 1;

  /** Only {@code plan --detailed-exitcode}: the plan has changes. */
  public static final int CHANGES_PENDING = 2;

  /**
   * A writer ({@code apply}) could not take the writer lock because another writer holds it:
   * nothing was planned or written. Try again when that writer is done.
   */
  public static final int LOCKED = 3;

  /**
   * Only {@code audit-log}: the journal shows writes that started and have no outcome (interrupted,
   * not yet recovered).
   */
  public static final int UNFINISHED_WRITES = 4;
}
