package io.rootctl.cloud;

/**
 * What a write found: it took effect now, or its target was already in the state it asks for (AWS
 * answered {@code NoSuchEntity} on a delete, or {@code EntityAlreadyExists} on a create). A retried
 * write whose first attempt committed before the answer was lost (a 5xx after the commit, a dropped
 * connection) ends {@link #ALREADY_DONE}: the AWS SDK retries 5xx and connection errors (<a
 * href="https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html">Retry
 * behavior</a>), and IAM's deletes are not idempotent on the wire, so the retry is answered
 * NoSuchEntity (<a
 * href="https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteAccessKey.html">DeleteAccessKey
 * errors</a>).
 */
public enum WriteResult {
  /** The write changed something. */
  DONE,
  /** The target was already gone (or already there, for a create). */
  ALREADY_DONE
}
