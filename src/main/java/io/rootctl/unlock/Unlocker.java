package io.rootctl.unlock;

import io.rootctl.audit.AuditEntry;
import io.rootctl.audit.AuditError;
import io.rootctl.audit.AuditLog;
import io.rootctl.audit.AuditResult;
import io.rootctl.cloud.CloudException;
import io.rootctl.cloud.OrganizationClient;
import io.rootctl.cloud.ResourcePolicyClient;
import io.rootctl.live.AccountState;
import io.rootctl.lock.WriterLock;
import io.rootctl.model.OrgFeature;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The incident use case behind {@code rootctl unlock s3} and {@code rootctl unlock sqs}: a bucket
 * or queue whose resource policy denies everyone can still be changed by the root user of its
 * account (<a
 * href="https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucketPolicy.html">DeleteBucketPolicy</a>;
 * <a href="https://repost.aws/knowledge-center/s3-accidentally-denied-access">I accidentally denied
 * everyone access to my Amazon S3 bucket</a>), and centralized root access lets the management
 * account act as that root user in an {@code S3UnlockBucketPolicy} or {@code SQSUnlockQueuePolicy}
 * session (<a
 * href="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user-privileged-task.html">Perform
 * a privileged task on a member account</a>).
 *
 * <p>{@link #inspect} checks the prerequisites (the RootSessions feature; an active member account)
 * and reads the policy. {@link #unlock} takes the writer lock, re-reads the policy (refusing when
 * it changed since it was shown), and deletes or replaces it, journaled ahead like every write
 * ({@code started}, then the outcome). Thread-safe if its ports are.
 */
public final class Unlocker {
  private final OrganizationClient organization;
  private final ResourcePolicyClient policies;
  private final AuditLog audit;
  private final WriterLock lock;
  private final Supplier<String> runIds;

  /**
   * @param runIds a new run id per unlock ({@code unlock-1a2b3c4d}), for the audit journal
   */
  public Unlocker(
      OrganizationClient organization,
      ResourcePolicyClient policies,
      AuditLog audit,
      WriterLock lock,
      Supplier<String> runIds) {
    this.organization = organization;
    this.policies = policies;
    this.audit = audit;
    this.lock = lock;
    this.runIds = runIds;
  }

  /**
   * Checks the prerequisites and reads {@code target}'s policy. Writes nothing.
   *
   * @throws UnlockRefusedException the RootSessions feature is off, or the account is not an active
   *     member account of the organization
   * @throws CloudException an AWS call failed (it names operation, account, code and request id)
   */
  public Inspection inspect(UnlockTarget target) {
    requirePrerequisites(target);
    try (var session = policies.open(target.account(), target.kind(), target.resource())) {
      return new Inspection(target, session.read());
    }
  }

  /** What {@link #unlock} did. */
  public enum Outcome {
    /** The policy was removed. */
    DELETED,
    /** The policy was replaced with the one given. */
    REPLACED
  }

  /**
   * Deletes the policy {@code shown} showed, or puts {@code replacement} in its place, under the
   * writer lock; the write is journaled ahead ({@code started}) and its outcome after.
   *
   * @param replacement a policy document, already checked ({@link
   *     PolicyDocuments#requireDocument}); empty: delete
   * @throws UnlockRefusedException the policy now differs from {@code shown} (nothing written)
   * @throws io.rootctl.lock.LockHeldException another writer holds the lock (nothing written)
   * @throws CloudException the read or the write failed; a failed write is journaled {@code failed}
   */
  public Outcome unlock(Inspection shown, Optional<String> replacement) {
    var target = shown.target();
    var kind = target.kind();
    var operation = replacement.isPresent() ? kind.putOperation() : kind.deleteOperation();
    try (var lease = lock.acquire("unlock");
        var session = policies.open(target.account(), kind, target.resource())) {
      var now = session.read();
      if (!now.equals(shown.policy())) {
        throw new UnlockRefusedException(
            "the "
                + kind.noun()
                + "'s policy changed since it was shown; nothing was changed. Run the command"
                + " again to see it.");
      }
      lock.checkWrite(operation);
      var runId = runIds.get();
      var started =
          new AuditEntry(
              runId + "/1",
              runId,
              Optional.of(target.account()),
              Optional.of(kind.taskPolicy()),
              operation,
              target.resource(),
              "",
              AuditResult.STARTED,
              Optional.empty(),
              Optional.empty());
      audit.record(started);
      try {
        if (replacement.isPresent()) {
          session.put(replacement.get());
        } else {
          session.delete();
        }
      } catch (CloudException e) {
        audit.record(
            started.outcome(
                runId,
                AuditResult.FAILED,
                Optional.of(
                    new AuditError(e.operation(), e.errorCode(), e.requestId(), e.getMessage()))));
        throw e;
      }
      audit.record(started.outcome(runId, AuditResult.OK, Optional.empty()));
      var lost = lease.confirm();
      if (lost.isPresent()) {
        throw new io.rootctl.lock.LockLostException(
            "the writer lock was lost during the unlock (" + lost.get() + "); the write was made");
      }
      return replacement.isPresent() ? Outcome.REPLACED : Outcome.DELETED;
    }
  }

  private void requirePrerequisites(UnlockTarget target) {
    if (!organization.enabledRootFeatures().contains(OrgFeature.ROOT_SESSIONS)) {
      throw new UnlockRefusedException(
          "the organization's RootSessions feature (privileged root actions in member accounts) is"
              + " off, so rootctl cannot open a root session in "
              + target.account()
              + ". Enable it: set rootSessions: enabled in the Organization document and run"
              + " rootctl apply, or run: aws iam enable-organizations-root-sessions");
    }
    var tree = organization.describeOrganization();
    var account = tree.account(target.account());
    if (account.isEmpty()) {
      throw new UnlockRefusedException(
          "account " + target.account() + " is not in the organization " + tree.organizationId());
    }
    if (tree.isManagement(target.account())) {
      throw new UnlockRefusedException(
          "account "
              + target.account()
              + " is the management account: root sessions reach member accounts only; sign in"
              + " as its root user instead");
    }
    if (account.get().state() != AccountState.ACTIVE) {
      throw new UnlockRefusedException(
          "account "
              + target.account()
              + " is "
              + account.get().state()
              + ", not ACTIVE: root sessions reach active member accounts only");
    }
  }
}
