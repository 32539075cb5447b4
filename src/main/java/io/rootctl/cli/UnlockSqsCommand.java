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
 * {@code rootctl unlock sqs --account ID --queue URL}: deletes (or replaces) a queue policy in an
 * {@code SQSUnlockQueuePolicy} root session.
 */
@Command(
    name = "sqs",
    mixinStandardHelpOptions = true,
    description = {
      "Shows the queue policy (the Policy attribute) of the queue at URL in member account ID"
          + " and, after 'yes' (or -auto-approve), removes it, or sets the policy in"
          + " --replace-with FILE instead, in an SQSUnlockQueuePolicy root session. The queue's"
          + " Region is the one in its URL.",
      "Exit 0 when the policy was removed or replaced, or there was none (nothing to unlock); 1"
          + " on an error, a refusal or a cancelled prompt (nothing changed); 3 when another"
          + " writer holds the writer lock."
    })
public final class UnlockSqsCommand implements Callable<Integer> {
  private final CommandServices services;

  @Spec CommandSpec spec;

  @Mixin GlobalOptions global;

  @Mixin LockOption lock;

  @Option(
      names = "--account",
      required = true,
      paramLabel = "ID",
      description = "The member account that owns the queue (12 digits).")
  String account = "";

  @Option(
      names = "--queue",
      required = true,
      paramLabel = "URL",
      description = "The queue's URL: https://sqs.REGION.amazonaws.com/ACCOUNT_ID/QUEUE_NAME.")
  String queue = "";

  @Option(
      names = "--replace-with",
      paramLabel = "FILE",
      description = "Set the queue policy in FILE (JSON) instead of removing the policy.")
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

  public UnlockSqsCommand(CommandServices services) {
    this.services = services;
  }

  @Override
  public Integer call() {
    return new UnlockRun(services, spec, global, lock.value(), auditLog, autoApprove, replaceWith)
        .run(account, ResourcePolicyKind.SQS_QUEUE, queue);
  }
}
