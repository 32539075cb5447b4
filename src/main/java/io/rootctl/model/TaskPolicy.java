package io.rootctl.model;

/**
 * The five AWS managed root-task policies that scope an {@code sts:AssumeRoot} session. A root
 * session holds exactly one. ARN: {@code arn:aws:iam::aws:policy/root-task/<Name>}.
 */
public enum TaskPolicy {
  AUDIT_ROOT_USER_CREDENTIALS("IAMAuditRootUserCredentials"),
  DELETE_ROOT_USER_CREDENTIALS("IAMDeleteRootUserCredentials"),
  CREATE_ROOT_USER_PASSWORD("IAMCreateRootUserPassword"),
  S3_UNLOCK_BUCKET_POLICY("S3UnlockBucketPolicy"),
  SQS_UNLOCK_QUEUE_POLICY("SQSUnlockQueuePolicy");

  private static final String ARN_PREFIX = "arn:aws:iam::aws:policy/root-task/";
  private final String policyName;

  TaskPolicy(String policyName) {
    this.policyName = policyName;
  }

  /** The AWS policy name, e.g. {@code IAMDeleteRootUserCredentials}. */
  public String policyName() {
    return policyName;
  }

  /** The policy ARN in the {@code aws} partition. */
  public String arn() {
    return ARN_PREFIX + policyName;
  }

  /** The task policy with this ARN; {@link IllegalArgumentException} for any other ARN. */
  public static TaskPolicy fromArn(String arn) {
    for (TaskPolicy p : values()) {
      if (p.arn().equals(arn)) {
        return p;
      }
    }
    throw new IllegalArgumentException("not a root task policy ARN: " + arn);
  }
}
