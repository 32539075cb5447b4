package io.rootctl.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code rootctl unlock s3|sqs}: the incident commands for a resource that locks everyone out. */
@Command(
    name = "unlock",
    mixinStandardHelpOptions = true,
    description = {
      "Removes (or replaces) the resource policy that locks everyone out of an S3 bucket or SQS"
          + " queue in a member account, as that account's root user, in a root session scoped"
          + " to the unlock task. Needs the RootSessions feature.",
      "An incident command, not part of the desired state: it shows the policy, asks for 'yes'"
          + " (or -auto-approve), and records the write in the audit log."
    },
    subcommands = {UnlockS3Command.class, UnlockSqsCommand.class})
public final class UnlockCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "Missing required subcommand: s3 or sqs");
  }
}
