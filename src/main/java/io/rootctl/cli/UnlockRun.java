package io.rootctl.cli;

import io.rootctl.cloud.CloudException;
import io.rootctl.cloud.ResourcePolicyKind;
import io.rootctl.lock.LockHeldException;
import io.rootctl.lock.LockLostException;
import io.rootctl.lock.LockUnavailableException;
import io.rootctl.lock.LockUrl;
import io.rootctl.lock.WriterLock;
import io.rootctl.model.AccountId;
import io.rootctl.model.Printable;
import io.rootctl.unlock.Inspection;
import io.rootctl.unlock.PolicyDocuments;
import io.rootctl.unlock.UnlockRefusedException;
import io.rootctl.unlock.UnlockTarget;
import io.rootctl.unlock.Unlocker;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** One run of {@code rootctl unlock s3} or {@code unlock sqs}: the steps both share. */
final class UnlockRun {
  /** The largest --replace-with file read: more than any S3 (20 KB) or SQS policy AWS accepts. */
  static final long MAX_POLICY_FILE = 64 * 1024;

  private final CommandServices services;
  private final CommandSpec spec;
  private final GlobalOptions global;
  private final Optional<LockUrl> lock;
  private final Path auditLog;
  private final boolean autoApprove;
  private final @Nullable Path replaceWith;

  UnlockRun(
      CommandServices services,
      CommandSpec spec,
      GlobalOptions global,
      Optional<LockUrl> lock,
      Path auditLog,
      boolean autoApprove,
      @Nullable Path replaceWith) {
    this.services = services;
    this.spec = spec;
    this.global = global;
    this.lock = lock;
    this.auditLog = auditLog;
    this.autoApprove = autoApprove;
    this.replaceWith = replaceWith;
  }

  int run(String accountText, ResourcePolicyKind kind, String resource) {
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    try {
      return unlock(accountText, kind, resource, out, err);
    } finally {
      out.flush();
      err.flush();
    }
  }

  private int unlock(
      String accountText,
      ResourcePolicyKind kind,
      String resource,
      PrintWriter out,
      PrintWriter err) {
    AccountId account;
    try {
      account = AccountId.of(accountText);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--account: " + e.getMessage());
    }
    if (resource.isBlank()) {
      throw new ParameterException(spec.commandLine(), "no " + kind.noun() + " given");
    }
    Optional<String> replacement = Optional.empty();
    if (replaceWith != null) {
      try {
        replacement = Optional.of(PolicyDocuments.requireDocument(readPolicy(replaceWith)));
      } catch (IllegalArgumentException e) {
        err.println(
            "Error: --replace-with "
                + Printable.escape(replaceWith.toString())
                + ": "
                + e.getMessage()
                + "; nothing was changed.");
        return ExitCodes.ERROR;
      }
    }
    var target = new UnlockTarget(account, kind, resource);
    var what = describe(target);
    try (var handle =
        services.openUnlocker(global, auditLog, lock, () -> err.println(WriterLock.UNSERIALISED))) {
      var unlocker = handle.unlocker();
      var shown = unlocker.inspect(target);
      if (shown.policy().isEmpty()) {
        out.println(capitalized(what) + " has no " + kind.noun() + " policy: nothing to unlock.");
        return ExitCodes.OK;
      }
      show(out, what, shown, replacement);
      if (!autoApprove && !confirmed(kind, what, replacement.isPresent(), err)) {
        return ExitCodes.ERROR;
      }
      return write(unlocker, shown, replacement, what, out, err);
    } catch (UnlockRefusedException e) {
      err.println("Error: " + e.getMessage());
      return ExitCodes.ERROR;
    } catch (CloudException e) {
      err.println("Error: " + e.getMessage() + "; nothing was changed.");
      return ExitCodes.ERROR;
    } catch (UncheckedIOException e) {
      err.println("Error: " + e.getMessage());
      return ExitCodes.ERROR;
    }
  }

  private int write(
      Unlocker unlocker,
      Inspection shown,
      Optional<String> replacement,
      String what,
      PrintWriter out,
      PrintWriter err) {
    var kind = shown.target().kind();
    try {
      var outcome = unlocker.unlock(shown, replacement);
      out.println();
      out.println(
          "rootctl: the "
              + kind.noun()
              + " policy of "
              + what
              + (outcome == Unlocker.Outcome.REPLACED ? " was replaced" : " was deleted")
              + " (recorded in "
              + Printable.escape(auditLog.toString())
              + ").");
      return ExitCodes.OK;
    } catch (LockHeldException e) {
      err.println("Error: " + e.getMessage() + "; nothing was changed.");
      return ExitCodes.LOCKED;
    } catch (LockUnavailableException e) {
      err.println("Error: " + e.getMessage() + "; nothing was changed.");
      return ExitCodes.ERROR;
    } catch (LockLostException e) {
      err.println("Error: " + e.getMessage());
      return ExitCodes.ERROR;
    } catch (CloudException e) {
      err.println("Error: " + e.getMessage() + " (recorded in " + auditLog + ")");
      return ExitCodes.ERROR;
    }
  }

  private void show(PrintWriter out, String what, Inspection shown, Optional<String> replacement) {
    var kind = shown.target().kind();
    out.println(capitalized(what) + " has this " + kind.noun() + " policy:");
    out.println();
    indented(out, shown.policy().orElse(""));
    if (replacement.isPresent()) {
      out.println();
      out.println(
          "It will be replaced with the policy in "
              + Printable.escape(String.valueOf(replaceWith))
              + ":");
      out.println();
      indented(out, replacement.get());
    }
  }

  private static void indented(PrintWriter out, String policy) {
    for (var line : PolicyDocuments.pretty(policy).split("\\R", -1)) {
      out.println("  " + Printable.escape(line));
    }
  }

  private boolean confirmed(
      ResourcePolicyKind kind, String what, boolean replace, PrintWriter err) {
    var out = spec.commandLine().getOut();
    var verb = replace ? "replace" : "delete";
    if (!services.interactive()) {
      err.println(
          "Error: unlock needs confirmation, and there is no terminal to ask. Run again with"
              + " -auto-approve; nothing was changed.");
      return false;
    }
    if (!Confirmation.askYes(
        services,
        out,
        "Do you want to " + verb + " this " + kind.noun() + " policy?",
        verb + " it",
        "rootctl will " + verb + " the " + kind.noun() + " policy of " + what + ",",
        "as the account's root user. Whatever the policy allowed or denied ends with it.")) {
      err.println();
      err.println("unlock cancelled: nothing was changed.");
      return false;
    }
    return true;
  }

  private static String describe(UnlockTarget target) {
    return (target.kind() == ResourcePolicyKind.S3_BUCKET ? "bucket " : "queue ")
        + Printable.escape(target.resource())
        + " in account "
        + target.account();
  }

  private static String capitalized(String text) {
    return Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }

  /** The file as UTF-8 text; a clear error for a missing, huge or non-UTF-8 file. */
  static String readPolicy(Path file) {
    try {
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("not a readable file");
      }
      if (Files.size(file) > MAX_POLICY_FILE) {
        throw new IllegalArgumentException(
            "larger than " + MAX_POLICY_FILE / 1024 + " KiB, more than AWS accepts for a policy");
      }
      var bytes = Files.readAllBytes(file);
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("not UTF-8 text", e);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read it: " + e.getMessage(), e);
    }
  }
}
