package io.rootctl.cloud;

import io.rootctl.model.TaskPolicy;

/**
 * A kind of resource whose resource-based policy can lock everyone out, and the root-task policy
 * and calls that unlock it: an S3 bucket's bucket policy, or an SQS queue's {@code Policy}
 * attribute.
 *
 * @see <a
 *     href="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user-privileged-task.html">Perform
 *     a privileged task on an AWS Organizations member account</a>
 */
public enum ResourcePolicyKind {
  /**
   * An S3 bucket, named by its name; unlocked in an {@code S3UnlockBucketPolicy} session with
   * GetBucketPolicy, DeleteBucketPolicy and PutBucketPolicy.
   */
  S3_BUCKET(
      TaskPolicy.S3_UNLOCK_BUCKET_POLICY,
      "bucket",
      "s3:GetBucketPolicy",
      "s3:DeleteBucketPolicy",
      "s3:PutBucketPolicy"),
  /**
   * An SQS queue, named by its URL; unlocked in an {@code SQSUnlockQueuePolicy} session with
   * GetQueueAttributes and SetQueueAttributes of its {@code Policy} attribute (an empty value
   * removes the policy).
   */
  SQS_QUEUE(
      TaskPolicy.SQS_UNLOCK_QUEUE_POLICY,
      "queue",
      "sqs:GetQueueAttributes",
      "sqs:SetQueueAttributes",
      "sqs:SetQueueAttributes");

  private final TaskPolicy taskPolicy;
  private final String noun;
  private final String readOperation;
  private final String deleteOperation;
  private final String putOperation;

  ResourcePolicyKind(TaskPolicy taskPolicy, String noun, String read, String delete, String put) {
    this.taskPolicy = taskPolicy;
    this.noun = noun;
    this.readOperation = read;
    this.deleteOperation = delete;
    this.putOperation = put;
  }

  /** The root-task policy of the session that unlocks this kind. */
  public TaskPolicy taskPolicy() {
    return taskPolicy;
  }

  /** {@code bucket} or {@code queue}, for messages. */
  public String noun() {
    return noun;
  }

  /** The read, {@code service:Operation}. */
  public String readOperation() {
    return readOperation;
  }

  /** The delete, {@code service:Operation}: what the audit log records. */
  public String deleteOperation() {
    return deleteOperation;
  }

  /** The replacement, {@code service:Operation}: what the audit log records. */
  public String putOperation() {
    return putOperation;
  }
}
