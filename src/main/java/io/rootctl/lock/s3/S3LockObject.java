package io.rootctl.lock.s3;

import io.rootctl.lock.LockObject;
import io.rootctl.lock.LockUnavailableException;
import io.rootctl.lock.LockUrl;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The lock object in S3, over the AWS SDK's {@link S3Client}. Conditional writes answer 412 {@code
 * PreconditionFailed} when the condition does not hold and 409 {@code ConditionalRequestConflict}
 * when another write raced this one; both are a {@link LockObject.Conflict}, as is a 404 on a
 * conditional write (the object is gone). Anything else is a {@link LockUnavailableException}
 * naming the operation, the error code and the request id. Needs {@code s3:GetObject}, {@code
 * s3:PutObject} and {@code s3:DeleteObject} on the key.
 *
 * @see <a href="https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html">S3
 *     conditional writes</a>
 * @see <a href="https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html">PutObject</a>
 * @see <a href="https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObject.html">
 *     DeleteObject</a>
 */
public final class S3LockObject implements LockObject {
  private final S3Client s3;
  private final LockUrl url;

  public S3LockObject(S3Client s3, LockUrl url) {
    this.s3 = s3;
    this.url = url;
  }

  @Override
  public String location() {
    return url.toString();
  }

  @Override
  public Optional<Stored> read() {
    try {
      var got =
          s3.getObjectAsBytes(
              GetObjectRequest.builder().bucket(url.bucket()).key(url.key()).build());
      return Optional.of(new Stored(got.asUtf8String(), got.response().eTag()));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw unavailable("s3:GetObject", e);
    }
  }

  @Override
  public String create(String body) {
    return put(body, PutObjectRequest.builder().ifNoneMatch("*"));
  }

  @Override
  public String replace(String body, String etag) {
    return put(body, PutObjectRequest.builder().ifMatch(etag));
  }

  private String put(String body, PutObjectRequest.Builder request) {
    try {
      return s3.putObject(
              request.bucket(url.bucket()).key(url.key()).contentType("application/json").build(),
              RequestBody.fromString(body))
          .eTag();
    } catch (S3Exception e) {
      if (conflict(e)) {
        throw new Conflict("s3:PutObject " + location() + ": " + describe(e));
      }
      throw unavailable("s3:PutObject", e);
    } catch (SdkException e) {
      throw unavailable("s3:PutObject", e);
    }
  }

  @Override
  public void delete(String etag) {
    try {
      s3.deleteObject(
          DeleteObjectRequest.builder().bucket(url.bucket()).key(url.key()).ifMatch(etag).build());
    } catch (S3Exception e) {
      if (conflict(e)) {
        throw new Conflict("s3:DeleteObject " + location() + ": " + describe(e));
      }
      throw unavailable("s3:DeleteObject", e);
    } catch (SdkException e) {
      throw unavailable("s3:DeleteObject", e);
    }
  }

  private static boolean conflict(S3Exception e) {
    return e.statusCode() == 412
        || e.statusCode() == 409
        || e.statusCode() == 404 && !"NoSuchBucket".equals(code(e));
  }

  private static String code(S3Exception e) {
    return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null
        ? "HTTP " + e.statusCode()
        : e.awsErrorDetails().errorCode();
  }

  private static String describe(S3Exception e) {
    var message =
        e.awsErrorDetails() == null || e.awsErrorDetails().errorMessage() == null
            ? ""
            : ": " + e.awsErrorDetails().errorMessage();
    return code(e)
        + message
        + " (request "
        + (e.requestId() == null ? "none" : e.requestId())
        + ")";
  }

  private LockUnavailableException unavailable(String operation, SdkException e) {
    var what = e instanceof S3Exception s3e ? describe(s3e) : e.getMessage();
    return new LockUnavailableException(
        operation + " on the writer lock " + location() + " failed: " + what, e);
  }
}
