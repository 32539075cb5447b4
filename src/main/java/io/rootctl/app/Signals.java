package io.rootctl.app;

import sun.misc.Signal;

/**
 * SIGTERM and SIGINT handling for the long-running commands (controller, sim). Replacing the JVM's
 * default handlers (which start an abrupt shutdown and exit 143) lets the controller finish the
 * accounts in flight and flush the audit log, and the emulator close its server; both then return
 * normally, so the process exits 0 as Kubernetes expects.
 */
final class Signals {
  private Signals() {}

  /** Runs {@code stop} (once per signal, on a signal thread) on SIGTERM and SIGINT. */
  @SuppressWarnings("sunapi")
  static void stopOnTermination(Runnable stop) {
    for (var name : new String[] {"TERM", "INT"}) {
      try {
        Signal.handle(new Signal(name), signal -> stop.run());
      } catch (IllegalArgumentException unsupported) {
        // Not on this platform: the JVM's default shutdown applies.
      }
    }
  }
}
