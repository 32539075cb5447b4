package io.rootctl.cli;

import io.rootctl.cloud.ResourcePolicyKind;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rootctl unlock s3 --account ID --bucket NAME}: deletes (or replaces) a bucket policy in an
 * {@code S3UnlockBucketPolicy} root session.
 */
@Command(
    name = "s3",
    mixinStandardHelpOptions = true,
    description = {
      "Shows the bucket policy of BUCKET in member account ID and, after 'yes' (or"
          + " -auto-approve), deletes it, or puts the policy in --replace-with FILE instead, in an"
          + " S3UnlockBucketPolicy root session.",
      "Exit 0 when the policy was removed or replaced, or there was none (nothing to unlock); 1"
          + " on an error, a refusal or a cancelled prompt (nothing changed); 3 when another"
          + " writer holds the writer lock."
    })
public final class UnlockS3Command implements Callable<Integer> {
  private final CommandServices services;

  @Spec CommandSpec spec;

  @Mixin GlobalOptions global;

  @Mixin LockOption lock;

  @Option(
      names = "--account",
      required = true,
      paramLabel = "ID",
      description = "The member account that owns the bucket (12 digits).")
  String account = "";

  @Option(
      names = "--bucket",
      required = true,
      paramLabel = "NAME",
      description = "The bucket's name.")
  String bucket = "";

  @Option(
      names = "--replace-with",
      paramLabel = "FILE",
      description = "Put the bucket policy in FILE (JSON) instead of deleting the policy.")
  @Nullable Path replaceWith;

  @Option(
      names = {"-auto-approve", "--auto-approve"},
      description = "Do not ask for confirmation.")
  boolean autoApprove;

  @Option(
      names = "--audit-log",
      paramLabel = "FILE",
      defaultValue = ApplyCommand.DEFAULT_AUDIT_LOG,
      description =
          "Append the write and its result to FILE (JSON lines). Default: ${DEFAULT-VALUE}.")
  Path auditLog = Path.of(ApplyCommand.DEFAULT_AUDIT_LOG);

  public UnlockS3Command(CommandServices services) {
    this.services = services;
  }

  @Override
  public Integer call() {
    return new UnlockRun(services, spec, global, lock.value(), auditLog, autoApprove, replaceWith)
        .run(account, ResourcePolicyKind.S3_BUCKET, bucket);
  }
}
