package io.rootctl.cloud;

import java.time.Duration;
import java.util.List;

/**
 * A queue of raw event messages (the controller's SQS queue of root-activity events): receive a
 * batch with a long poll, then delete the messages that were handled or release the ones that were
 * not, so they are delivered again. Delivery is at least once: the same message may come twice, and
 * a message neither deleted nor released comes back once its visibility timeout passes.
 *
 * <p>Thread-safe. {@link #close()} may be called from another thread while {@link #receive} waits:
 * the wait then ends at once with a {@link CloudException} (or an empty batch).
 */
public interface EventQueue extends AutoCloseable {

  /** The longest long poll a receive may ask for (SQS's {@code WaitTimeSeconds} maximum). */
  Duration MAX_WAIT = Duration.ofSeconds(20);

  /** The most messages one receive returns (SQS's {@code MaxNumberOfMessages} maximum). */
  int MAX_MESSAGES = 10;

  /**
   * One message as received.
   *
   * @param id the queue's message id
   * @param receiptHandle what deletes or releases this delivery of it
   * @param body the raw body, untrusted
   */
  record Message(String id, String receiptHandle, String body) {
    /** Neither the body nor the receipt handle: a message id is enough to find it. */
    @Override
    public String toString() {
      return "Message[" + id + ", " + body.length() + " chars]";
    }
  }

  /**
   * Waits up to {@code wait} (0 to {@link #MAX_WAIT}, whole seconds, rounded up) for messages and
   * returns up to {@link #MAX_MESSAGES} of them; empty when none came in time.
   *
   * @throws CloudException when the queue cannot be read (unreachable, access denied, no such
   *     queue, closed)
   */
  List<Message> receive(Duration wait);

  /**
   * Deletes the messages (their deliveries): handled, they must not come again.
   *
   * @return how many were deleted; the others come back after their visibility timeout
   * @throws CloudException when the queue cannot be reached at all
   */
  int delete(List<Message> messages);

  /**
   * Makes the messages visible again at once (visibility timeout 0), for another delivery. Best
   * effort: never throws; an unreleased message comes back after its visibility timeout anyway.
   */
  void release(List<Message> messages);

  /** Where the queue is (its URL), for logs and /status; no secret. */
  String location();

  /** Ends a {@link #receive} in progress and frees the connections. Idempotent; never throws. */
  @Override
  void close();
}
