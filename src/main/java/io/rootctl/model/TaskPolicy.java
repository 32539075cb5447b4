package io.rootctl.model;

/**
 * The five AWS managed root-task policies that scope an {@code sts:AssumeRoot} session. A root
 * session holds exactly one. ARN: {@code arn:PARTITION:iam::aws:policy/root-task/<Name>}, e.g.
 * {@code arn:aws-us-gov:iam::aws:policy/root-task/IAMAuditRootUserCredentials} in AWS GovCloud
 * (US): see <a
 * href="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user-privileged-task.html">Perform
 * a privileged task on an AWS Organizations member account</a>.
 */
public enum TaskPolicy {
  AUDIT_ROOT_USER_CREDENTIALS("IAMAuditRootUserCredentials"),
  DELETE_ROOT_USER_CREDENTIALS("IAMDeleteRootUserCredentials"),
  CREATE_ROOT_USER_PASSWORD("IAMCreateRootUserPassword"),
  S3_UNLOCK_BUCKET_POLICY("S3UnlockBucketPolicy"),
  SQS_UNLOCK_QUEUE_POLICY("SQSUnlockQueuePolicy");

  /** The partitions whose task policy ARNs rootctl accepts: aws, aws-us-gov and aws-cn. */
  public static final java.util.List<String> PARTITIONS =
      java.util.List.of("aws", "aws-us-gov", "aws-cn");

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
    return arn("aws");
  }

  /**
   * The policy ARN in {@code partition}.
   *
   * @throws IllegalArgumentException for a partition not in {@link #PARTITIONS}
   */
  public String arn(String partition) {
    if (!PARTITIONS.contains(partition)) {
      throw new IllegalArgumentException("not a partition rootctl works in: " + partition);
    }
    return "arn:" + partition + ":iam::aws:policy/root-task/" + policyName;
  }

  /**
   * The task policy with this ARN, in any of {@link #PARTITIONS}; {@link IllegalArgumentException}
   * for any other ARN.
   */
  public static TaskPolicy fromArn(String arn) {
    for (var partition : PARTITIONS) {
      for (TaskPolicy p : values()) {
        if (p.arn(partition).equals(arn)) {
          return p;
        }
      }
    }
    throw new IllegalArgumentException("not a root task policy ARN: " + arn);
  }
}
