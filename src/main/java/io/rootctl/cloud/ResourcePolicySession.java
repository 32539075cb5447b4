package io.rootctl.cloud;

import io.rootctl.model.AccountId;
import java.util.Optional;

/**
 * One root session about one resource's policy (a bucket's bucket policy, a queue's {@code Policy}
 * attribute). Every method may throw {@link CloudException} naming the operation, the account, the
 * AWS error code and the request id. Not thread-safe. {@code toString()} never shows credentials.
 */
public interface ResourcePolicySession extends AutoCloseable {

  AccountId account();

  ResourcePolicyKind kind();

  /** The bucket name or queue URL. */
  String resource();

  /**
   * The policy now, as AWS returns it; empty when the resource has none (S3's {@code
   * NoSuchBucketPolicy}, or an SQS queue without a {@code Policy} attribute). Read-only.
   *
   * @throws TerminalCloudException INVALID_REQUEST when the resource does not exist ({@code
   *     NoSuchBucket}, {@code QueueDoesNotExist})
   */
  Optional<String> read();

  /** Removes the policy. Idempotent: a resource without one is answered as done. */
  void delete();

  /**
   * Replaces the policy with {@code policy} (a JSON document).
   *
   * @throws TerminalCloudException INVALID_REQUEST when AWS refuses the document ({@code
   *     MalformedPolicy}, {@code InvalidAttributeValue})
   */
  void put(String policy);

  /** Forgets the session's credentials. Never throws. */
  @Override
  void close();
}
