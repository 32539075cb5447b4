/**
 * The S3 adapter of the writer lock's {@link io.rootctl.lock.LockObject} port: {@code PutObject}
 * with {@code If-None-Match: *} to take the lock, with {@code If-Match: ETAG} to renew it, {@code
 * DeleteObject} with {@code If-Match} to release it, {@code GetObject} to say who holds it. The
 * only code besides {@code cloud.aws} that uses the AWS SDK.
 *
 * @see <a href="https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html">S3
 *     conditional writes</a>
 */
@NullMarked
package io.rootctl.lock.s3;

import org.jspecify.annotations.NullMarked;
