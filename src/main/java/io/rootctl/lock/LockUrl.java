package io.rootctl.lock;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/**
 * Where the writer lock lives: {@code s3://BUCKET/KEY}, from {@code --lock-url} or {@code
 * ROOTCTL_LOCK_URL}.
 *
 * @param bucket an S3 bucket name (3 to 63 lowercase letters, digits, dots and hyphens)
 * @param key the object key (not empty)
 * @see <a href="https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html">S3
 *     bucket naming rules</a>
 */
public record LockUrl(String bucket, String key) {
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  public LockUrl {
    if (!BUCKET.matcher(bucket).matches()) {
      throw new IllegalArgumentException(
          "not an S3 bucket name: '"
              + bucket
              + "' (3 to 63 lowercase letters, digits, dots and hyphens)");
    }
    if (key.isEmpty() || key.length() > 1024) {
      throw new IllegalArgumentException("the lock's S3 key must be 1 to 1024 characters");
    }
  }

  /**
   * Parses {@code s3://BUCKET/KEY}.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static LockUrl parse(String text) {
    URI uri;
    try {
      uri = new URI(text.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a lock URL (s3://BUCKET/KEY): " + text, e);
    }
    if (!"s3".equals(uri.getScheme())
        || uri.getHost() == null
        || uri.getPath() == null
        || uri.getPath().length() < 2
        || uri.getQuery() != null
        || uri.getFragment() != null) {
      throw new IllegalArgumentException("not a lock URL (s3://BUCKET/KEY): " + text);
    }
    return new LockUrl(uri.getHost(), uri.getPath().substring(1));
  }

  @Override
  public String toString() {
    return "s3://" + bucket + "/" + key;
  }
}
