package io.rootctl.sim;

import io.rootctl.model.TaskPolicy;
import java.util.Map;
import java.util.Set;

/**
 * What each AWS root-task policy leaves permitted (the policies are Deny-only, so "permitted" means
 * "not denied"). Actions are written {@code service:Operation}.
 *
 * @see <a
 *     href="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user-privileged-task.html">Perform
 *     a privileged task on an AWS Organizations member account</a>
 */
final class RootTaskPolicies {
  private static final Map<TaskPolicy, Set<String>> PERMITTED =
      Map.of(
          TaskPolicy.AUDIT_ROOT_USER_CREDENTIALS,
          Set.of(
              "iam:ListAccessKeys",
              "iam:ListSigningCertificates",
              "iam:GetLoginProfile",
              "iam:ListMFADevices",
              "iam:GetAccountSummary",
              "iam:GetUser",
              "iam:GetAccessKeyLastUsed"),
          TaskPolicy.DELETE_ROOT_USER_CREDENTIALS,
          Set.of(
              "iam:DeleteAccessKey",
              "iam:DeleteSigningCertificate",
              "iam:DeleteLoginProfile",
              "iam:DeactivateMFADevice",
              "iam:DeleteVirtualMFADevice",
              "iam:ListAccessKeys",
              "iam:ListSigningCertificates",
              "iam:GetLoginProfile",
              "iam:ListMFADevices",
              "iam:GetUser",
              "iam:GetAccessKeyLastUsed"),
          TaskPolicy.CREATE_ROOT_USER_PASSWORD,
          Set.of("iam:CreateLoginProfile", "iam:GetLoginProfile"),
          TaskPolicy.S3_UNLOCK_BUCKET_POLICY,
          Set.of(
              "s3:DeleteBucketPolicy",
              "s3:PutBucketPolicy",
              "s3:GetBucketPolicy",
              "s3:ListAllMyBuckets"),
          TaskPolicy.SQS_UNLOCK_QUEUE_POLICY,
          Set.of(
              "sqs:SetQueueAttributes",
              "sqs:GetQueueAttributes",
              "sqs:ListQueues",
              "sqs:GetQueueUrl"));

  private RootTaskPolicies() {}

  /**
   * The IAM action an operation is authorized as, where the two names differ: S3's ListBuckets is
   * authorized as {@code s3:ListAllMyBuckets} (<a
   * href="https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html">Actions
   * defined by Amazon S3</a>).
   */
  private static final Map<String, String> ACTION_OF =
      Map.of("s3:ListBuckets", "s3:ListAllMyBuckets");

  /** Whether a root session scoped by {@code policy} may call {@code operation}. */
  static boolean permits(TaskPolicy policy, String operation) {
    // sts:GetCallerIdentity needs no permission at all, so no policy can deny it.
    return operation.equals("sts:GetCallerIdentity")
        || PERMITTED.get(policy).contains(ACTION_OF.getOrDefault(operation, operation));
  }

  /** The permitted actions of {@code policy}. */
  static Set<String> permitted(TaskPolicy policy) {
    return PERMITTED.get(policy);
  }
}
