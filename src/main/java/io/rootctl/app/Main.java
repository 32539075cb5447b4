package io.rootctl.app;

import io.rootctl.cli.RootctlCommand;
import java.util.Map;

/** Entry point of the {@code rootctl} command. */
public final class Main {
  /**
   * Limits of the JDK HTTP server (the controller's endpoints, the emulator), in seconds: a request
   * must arrive whole within {@code maxReqTime}, a response be taken within {@code maxRspTime}, or
   * the connection is closed. The server reads them once, when the first one starts; a value given
   * with {@code -D} wins. See <a
   * href="https://docs.oracle.com/en/java/javase/21/docs/api/jdk.httpserver/module-summary.html">the
   * jdk.httpserver system properties</a>.
   */
  static final Map<String, String> HTTP_SERVER_LIMITS =
      Map.of("sun.net.httpserver.maxReqTime", "10", "sun.net.httpserver.maxRspTime", "60");

  private Main() {}

  public static void main(String[] args) {
    HTTP_SERVER_LIMITS.forEach(
        (name, value) -> {
          if (System.getProperty(name) == null) {
            System.setProperty(name, value);
          }
        });
    System.exit(RootctlCommand.run(new Components(), args));
  }
}
