package io.rootctl.sim;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Amazon S3, simulated over a {@link SimulatedOrganization}'s shared state: the few calls the
 * writer lock needs, with S3's conditional writes. {@code PutObject} with {@code If-None-Match: *}
 * creates an object only if the key has none (else 412 {@code PreconditionFailed}); {@code
 * PutObject} and {@code DeleteObject} with {@code If-Match: ETAG} write only if the object's ETag
 * is still that (else 412, or 404 {@code NoSuchKey} when there is no object). Each call runs
 * through the call pipeline (faults, latency, journal) and under its one state lock, so two
 * conditional writes never interleave (AWS answers 409 {@code ConditionalRequestConflict} to a race
 * it cannot order; tests queue that error with {@link SimulatedOrganization#failNext}). ETags are
 * the quoted MD5 of the body, as S3's for a single-part upload. A view: construct as many as
 * convenient. Thread-safe.
 *
 * @see <a href="https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html">S3
 *     conditional writes</a>
 * @see <a href="https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html">S3 error
 *     responses</a>
 */
public final class S3Backend {
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  /** An object as stored: body, content type, ETag (quoted) and last change. */
  public record StoredObject(
      String body, String contentType, String etag, java.time.Instant lastModified) {}

  private final SimState state;
  private final CallPipeline pipeline;

  public S3Backend(SimulatedOrganization organization) {
    this.state = organization.state();
    this.pipeline = organization.pipeline();
  }

  /**
   * Creates {@code bucket} now, outside the API (not journaled, never faulted): what {@code rootctl
   * sim} does for the writer lock. Idempotent.
   */
  public void ensureBucket(String bucket) {
    pipeline.locked(() -> state.buckets.computeIfAbsent(valid(bucket), b -> new TreeMap<>()));
  }

  /**
   * s3:CreateBucket. In us-east-1 a bucket the caller already has is answered 200 again, as AWS
   * does there.
   *
   * @throws SimException {@code InvalidBucketName} (400)
   * @see <a href="https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html">
   *     CreateBucket</a>
   */
  public void createBucket(Caller caller, String bucket) {
    pipeline.call(
        "s3:CreateBucket",
        caller,
        p -> state.buckets.computeIfAbsent(valid(bucket), b -> new TreeMap<>()));
  }

  /**
   * s3:PutObject, conditionally.
   *
   * @param ifNoneMatch {@code *}: only if there is no object (any other value: 501 {@code
   *     NotImplemented}, as S3 answers)
   * @param ifMatch an ETag: only if the object's is that
   * @return the new object's ETag, quoted
   * @throws SimException {@code NoSuchBucket} (404), {@code PreconditionFailed} (412), {@code
   *     NoSuchKey} (404, {@code If-Match} without an object)
   * @see <a href="https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html">PutObject</a>
   */
  public String putObject(
      Caller caller,
      String bucket,
      String key,
      String body,
      String contentType,
      Optional<String> ifNoneMatch,
      Optional<String> ifMatch) {
    return pipeline.call(
        "s3:PutObject",
        caller,
        p -> {
          var objects = bucket(bucket);
          var current = objects.get(key);
          if (ifNoneMatch.isPresent()) {
            if (!ifNoneMatch.get().strip().equals("*")) {
              throw new SimException(
                  "NotImplemented",
                  501,
                  "A header you provided implies functionality that is not implemented");
            }
            if (current != null) {
              throw preconditionFailed();
            }
          }
          if (ifMatch.isPresent()) {
            if (current == null) {
              throw noSuchKey();
            }
            if (!sameEtag(current.etag(), ifMatch.get())) {
              throw preconditionFailed();
            }
          }
          var stored = new SimState.S3Object(body, contentType, etag(body), pipeline.now());
          objects.put(key, stored);
          return stored.etag();
        });
  }

  /**
   * s3:GetObject (and HeadObject: {@code operation} names which).
   *
   * @throws SimException {@code NoSuchBucket} (404), {@code NoSuchKey} (404)
   * @see <a href="https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html">GetObject</a>
   */
  public StoredObject getObject(Caller caller, String bucket, String key, boolean head) {
    return pipeline.call(
        head ? "s3:HeadObject" : "s3:GetObject",
        caller,
        p -> {
          var current = bucket(bucket).get(key);
          if (current == null) {
            throw noSuchKey();
          }
          return new StoredObject(
              current.body(), current.contentType(), current.etag(), current.lastModified());
        });
  }

  /**
   * s3:DeleteObject, conditionally with {@code If-Match}. Without a condition, deleting a key with
   * no object succeeds (S3 answers 204 either way).
   *
   * @throws SimException {@code NoSuchBucket} (404), {@code PreconditionFailed} (412), {@code
   *     NoSuchKey} (404, {@code If-Match} without an object)
   * @see <a href="https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObject.html">
   *     DeleteObject</a>
   */
  public void deleteObject(Caller caller, String bucket, String key, Optional<String> ifMatch) {
    pipeline.call(
        "s3:DeleteObject",
        caller,
        p -> {
          var objects = bucket(bucket);
          var current = objects.get(key);
          if (ifMatch.isPresent()) {
            if (current == null) {
              throw noSuchKey();
            }
            if (!sameEtag(current.etag(), ifMatch.get())) {
              throw preconditionFailed();
            }
          }
          return objects.remove(key);
        });
  }

  /** The object at {@code bucket}/{@code key} now, outside the API (tests); empty if none. */
  public Optional<StoredObject> object(String bucket, String key) {
    return pipeline.locked(
        () ->
            Optional.ofNullable(state.buckets.getOrDefault(bucket, Map.of()).get(key))
                .map(o -> new StoredObject(o.body(), o.contentType(), o.etag(), o.lastModified())));
  }

  private Map<String, SimState.S3Object> bucket(String bucket) {
    var objects = state.buckets.get(bucket);
    if (objects == null) {
      throw new SimException("NoSuchBucket", 404, "The specified bucket does not exist");
    }
    return objects;
  }

  private static String valid(String bucket) {
    if (!BUCKET.matcher(bucket).matches()) {
      throw new SimException("InvalidBucketName", 400, "The specified bucket is not valid.");
    }
    return bucket;
  }

  private static boolean sameEtag(String etag, String condition) {
    var c = condition.strip();
    return c.equals("*") || c.equals(etag) || ("\"" + c + "\"").equals(etag);
  }

  private static SimException preconditionFailed() {
    return new SimException(
        "PreconditionFailed", 412, "At least one of the pre-conditions you specified did not hold");
  }

  private static SimException noSuchKey() {
    return new SimException("NoSuchKey", 404, "The specified key does not exist.");
  }

  private static String etag(String body) {
    try {
      var md5 = MessageDigest.getInstance("MD5").digest(body.getBytes(StandardCharsets.UTF_8));
      return "\"" + HexFormat.of().formatHex(md5) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no MD5", e);
    }
  }
}
