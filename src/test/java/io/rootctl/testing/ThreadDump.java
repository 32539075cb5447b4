package io.rootctl.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;

/**
 * What this JVM's threads, virtual threads included, are blocked in, from the JDK's own thread dump
 * ({@link HotSpotDiagnosticMXBean#dumpThreads}, the in-process {@code jcmd Thread.dump_to_file}).
 * Lets a test await the positive fact "these threads are waiting at that point" instead of sleeping
 * and hoping they would have got further.
 */
public final class ThreadDump {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ThreadDump() {}

  /**
   * How many threads are in {@code blockingMethod} (e.g. {@code
   * java.util.concurrent.Semaphore.acquire}) called, directly or not, from code of {@code caller}.
   */
  public static long blockedIn(String blockingMethod, Class<?> caller) {
    var frame = blockingMethod + "(";
    var callerFrame = caller.getName() + ".";
    var callerInner = caller.getName() + "$";
    var count = 0L;
    for (var container : dump().path("threadDump").path("threadContainers")) {
      for (var thread : container.path("threads")) {
        var blocked = false;
        var fromCaller = false;
        for (var f : thread.path("stack")) {
          var text = f.asText();
          // "java.base/java.util.concurrent.Semaphore.acquire(Semaphore.java:318)": drop the
          // module and class loader names before the class name.
          var paren = text.indexOf('(');
          var name = text.substring(text.lastIndexOf('/', paren < 0 ? text.length() : paren) + 1);
          blocked |= name.startsWith(frame);
          fromCaller |= blocked && (name.startsWith(callerFrame) || name.startsWith(callerInner));
        }
        if (fromCaller) {
          count++;
        }
      }
    }
    return count;
  }

  private static JsonNode dump() {
    try {
      var dir = Files.createTempDirectory("rootctl-threads");
      var file = dir.resolve("threads.json");
      try {
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
            .dumpThreads(file.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
        return JSON.readTree(file.toFile());
      } finally {
        Files.deleteIfExists(file);
        Files.delete(dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
