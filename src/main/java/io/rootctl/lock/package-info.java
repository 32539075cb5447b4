/**
 * One writer at a time: the {@link io.rootctl.lock.WriterLock} that every writer (CLI {@code
 * apply}, the controller while it applies) takes before its first AWS write, held as a {@link
 * io.rootctl.lock.Lease} that expires unless renewed, and the decorators of the {@code cloud} write
 * ports that refuse a write once the lease is lost. The lock is one object in a store with
 * conditional writes ({@link io.rootctl.lock.LockObject}; S3 in production, {@code lock.s3}), as
 * Terraform's S3 backend locks its state since 1.10. Plan, observe and audit take no lock.
 *
 * @see <a href="https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html">S3
 *     conditional writes</a>
 */
@NullMarked
package io.rootctl.lock;

import org.jspecify.annotations.NullMarked;
