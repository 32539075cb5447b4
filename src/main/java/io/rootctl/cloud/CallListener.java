package io.rootctl.cloud;

import io.rootctl.model.TaskPolicy;

/**
 * Hears about every AWS request the adapters make, one call per attempt (SDK retries included), for
 * metrics. Implementations are thread-safe, fast, and never throw.
 */
public interface CallListener {

  /** How one attempt ended. */
  enum Outcome {
    OK,
    /** AWS (or the client-side limit) said slow down: Throttling, TooManyRequests, 429. */
    THROTTLED,
    /** Any other failure: an AWS error, a 5xx, an I/O error or a timeout. */
    ERROR
  }

  /**
   * One attempt of {@code operation} on {@code service}.
   *
   * @param service the lower-case service name: {@code iam}, {@code sts}, {@code organizations}
   * @param operation the AWS operation name, e.g. {@code ListAccessKeys}
   */
  void request(String service, String operation, Outcome outcome);

  /** One attempt of {@code sts:AssumeRoot} with {@code policy}. */
  void assumeRoot(TaskPolicy policy, Outcome outcome);

  /** Hears nothing. */
  CallListener NONE =
      new CallListener() {
        @Override
        public void request(String service, String operation, Outcome outcome) {}

        @Override
        public void assumeRoot(TaskPolicy policy, Outcome outcome) {}
      };
}
