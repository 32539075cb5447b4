package io.rootctl.lock;

import java.util.Optional;

/**
 * The one object the writer lock lives in, in a store that writes conditionally (S3's {@code
 * If-None-Match} and {@code If-Match}): the port {@link S3WriterLock} takes, renews and releases
 * the lock through. Every method is one request; none retries a lost race. Implementations are
 * thread-safe.
 *
 * @see <a href="https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html">S3
 *     conditional writes</a>
 */
public interface LockObject {

  /** The object's contents and its entity tag. */
  record Stored(String body, String etag) {}

  /** Where the object is, for messages: {@code s3://BUCKET/KEY}. */
  String location();

  /**
   * The object, or empty when there is none (S3's 404 {@code NoSuchKey}).
   *
   * @throws LockUnavailableException when the store cannot be read (access denied, no such bucket,
   *     network)
   */
  Optional<Stored> read();

  /**
   * Creates the object only if there is none ({@code If-None-Match: *}); returns the new ETag.
   *
   * @throws Conflict when the object exists (412 {@code PreconditionFailed}) or another conditional
   *     write raced this one (409 {@code ConditionalRequestConflict})
   * @throws LockUnavailableException on any other failure
   */
  String create(String body);

  /**
   * Replaces the object only if its ETag is still {@code etag} ({@code If-Match}); returns the new
   * ETag.
   *
   * @throws Conflict when the ETag changed (412), the object is gone (404 {@code NoSuchKey}) or a
   *     write raced this one (409)
   * @throws LockUnavailableException on any other failure
   */
  String replace(String body, String etag);

  /**
   * Deletes the object only if its ETag is still {@code etag} ({@code If-Match}).
   *
   * @throws Conflict when the ETag changed or the object is gone
   * @throws LockUnavailableException on any other failure
   */
  void delete(String etag);

  /** A conditional write that did not hold: someone else changed (or removed) the object. */
  final class Conflict extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Conflict(String message) {
      super(message);
    }
  }
}
