package io.rootctl.apply;

import io.rootctl.audit.AuditEntry;
import io.rootctl.audit.AuditError;
import io.rootctl.audit.AuditResult;
import io.rootctl.audit.Journal;
import io.rootctl.cloud.CloudException;
import io.rootctl.cloud.OrganizationClient;
import io.rootctl.cloud.Retrier;
import io.rootctl.cloud.RootSessionClient;
import io.rootctl.cloud.TerminalCloudException;
import io.rootctl.cloud.WriteResult;
import io.rootctl.live.MfaDevice;
import io.rootctl.live.ObservationFailed;
import io.rootctl.live.RootCredentials;
import io.rootctl.live.RootObservation;
import io.rootctl.model.AccountId;
import io.rootctl.model.OrgFeature;
import io.rootctl.model.TaskPolicy;
import io.rootctl.observe.LiveStateReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Crash recovery from the write-ahead journal: closes writes that started and have no outcome (the
 * process died between the {@code started} line and the answer), and finishes what a plan can no
 * longer see.
 *
 * <ul>
 *   <li>A virtual MFA device whose DeactivateMFADevice started (and did not fail) but whose
 *       DeleteVirtualMFADevice never ended ok, already-done or tolerated is an orphan: once
 *       deactivated it is no longer assigned to the root user, so {@code ListMFADevices} and every
 *       later plan miss it. A fresh read of the account decides: still assigned, the deactivation
 *       did not happen and the next plan does the whole action; not assigned, recovery deletes it
 *       by its serial in a {@code IAMDeleteRootUserCredentials} session, only when {@code
 *       mayDeleteMfa} says the current desired state still wants root MFA devices absent in that
 *       account (fail closed: otherwise it is left, and reported).
 *   <li>An unfinished {@code rootctl unlock} write (a bucket or queue policy, in an {@code
 *       S3UnlockBucketPolicy} or {@code SQSUnlockQueuePolicy} session) is closed {@code failed}
 *       with code {@code Interrupted}, saying its effect is unknown, without a read: no desired
 *       state declares those policies, so nothing re-does or depends on it, and it must not keep
 *       every later apply from recovering cleanly.
 *   <li>Any other unfinished write is re-verified by a fresh read (an audit session, or the
 *       organization's trusted access and root features): its outcome is recorded {@code ok} when
 *       the read shows its effect, else {@code failed} with code {@code Interrupted} (the next plan
 *       does it again). Nothing is written to AWS for these.
 * </ul>
 *
 * Every write recovery makes is journalled ahead like an apply's (with {@code recovers} naming the
 * interrupted write), and every write it closes gets an outcome line carrying the recovery's run
 * id, so after a clean recovery every {@code started} line has an outcome. Deletes are idempotent
 * (NoSuchEntity is already-done), see <a
 * href="https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteVirtualMFADevice.html">DeleteVirtualMFADevice</a>.
 * Runs before a run's plan, one at a time (the writer lock serialises writers).
 */
final class Recovery {
  private static final Logger log = LoggerFactory.getLogger(Recovery.class);
  private static final String DEACTIVATE = "iam:DeactivateMFADevice";
  private static final String DELETE_VIRTUAL = "iam:DeleteVirtualMFADevice";
  private static final Duration SESSION = Duration.ofMinutes(15);

  /** The task policies of {@code rootctl unlock}'s writes. */
  private static final java.util.Set<TaskPolicy> UNLOCK_TASKS =
      java.util.EnumSet.of(TaskPolicy.S3_UNLOCK_BUCKET_POLICY, TaskPolicy.SQS_UNLOCK_QUEUE_POLICY);

  private final OrganizationClient organization;
  private final RootSessionClient sessions;
  private final LiveStateReader reader;
  private final ApplyAudit audit;
  private final Retrier retrier;

  Recovery(
      OrganizationClient organization,
      RootSessionClient sessions,
      LiveStateReader reader,
      ApplyAudit audit,
      Retrier retrier) {
    this.organization = organization;
    this.sessions = sessions;
    this.reader = reader;
    this.audit = audit;
    this.retrier = retrier;
  }

  /** One virtual MFA device the journal shows deactivated (or maybe so) and not deleted. */
  record Orphan(AccountId account, String serial, String revision, List<AuditEntry> unfinished) {}

  /** The orphaned virtual MFA devices {@code journal} shows, in journal order. */
  static List<Orphan> orphans(Journal journal) {
    var unfinished = journal.unfinished();
    var pending = new LinkedHashMap<String, AuditEntry>();
    for (var e : journal.entries()) {
      if (e.account().isEmpty() || !MfaDevice.isVirtualSerial(e.target())) {
        continue;
      }
      var key = e.account().get() + " " + e.target();
      if (e.action().equals(DEACTIVATE)) {
        if (e.result() == AuditResult.STARTED) {
          pending.put(key, e);
        } else if (e.result() == AuditResult.FAILED) {
          pending.remove(key); // AWS said no: still assigned, the plan sees it
        }
      } else if (e.action().equals(DELETE_VIRTUAL)
          && (e.result() == AuditResult.OK
              || e.result() == AuditResult.ALREADY_DONE
              || e.result() == AuditResult.TOLERATED)) {
        pending.remove(key);
      }
    }
    var orphans = new ArrayList<Orphan>();
    for (var e : pending.values()) {
      var related =
          unfinished.stream()
              .filter(
                  u ->
                      u.account().equals(e.account())
                          && u.target().equals(e.target())
                          && (u.action().equals(DEACTIVATE) || u.action().equals(DELETE_VIRTUAL)))
              .toList();
      orphans.add(new Orphan(e.account().get(), e.target(), e.desiredRevision(), related));
    }
    return orphans;
  }

  /**
   * Whether the journal shows anything to recover (an unfinished write, an orphaned virtual MFA
   * device), without reading AWS or writing anything.
   *
   * @throws java.io.UncheckedIOException when the journal cannot be read
   */
  boolean pending() {
    var journal = new Journal(audit.log().entries());
    return !journal.unfinished().isEmpty() || !orphans(journal).isEmpty();
  }

  /**
   * Recovers what the journal shows unfinished.
   *
   * @param runId the run the recovery's journal lines carry
   * @param mayDeleteMfa whether the current desired state wants root MFA devices absent in an
   *     account (and is in enforce mode): the only case an orphan is deleted
   */
  RecoveryReport recover(String runId, int maxAttempts, Predicate<AccountId> mayDeleteMfa) {
    var journal = new Journal(audit.log().entries());
    var unfinished = journal.unfinished();
    var orphans = orphans(journal);
    if (unfinished.isEmpty() && orphans.isEmpty()) {
      return RecoveryReport.NOTHING;
    }
    log.atWarn()
        .addKeyValue("run", runId)
        .addKeyValue("unfinished", unfinished.size())
        .addKeyValue("orphans", orphans.size())
        .log("the audit journal shows interrupted writes; recovering");
    var done = new ArrayList<String>();
    var left = new ArrayList<String>();
    var reads = new HashMap<AccountId, RootObservation>();
    var handled = new ArrayList<AuditEntry>();
    for (var orphan : orphans) {
      handled.addAll(orphan.unfinished());
      recoverOrphan(orphan, runId, maxAttempts, mayDeleteMfa, reads, done, left);
    }
    for (var e : unfinished) {
      if (!handled.contains(e)) {
        reverify(e, runId, maxAttempts, reads, done, left);
      }
    }
    var report = new RecoveryReport(unfinished.size(), orphans.size(), done, left);
    log.atInfo()
        .addKeyValue("run", runId)
        .addKeyValue("done", done.size())
        .addKeyValue("left", left.size())
        .log("recovery finished");
    return report;
  }

  private RootObservation read(AccountId account, Map<AccountId, RootObservation> reads) {
    return reads.computeIfAbsent(account, reader::readAccount);
  }

  private void recoverOrphan(
      Orphan orphan,
      String runId,
      int maxAttempts,
      Predicate<AccountId> mayDeleteMfa,
      Map<AccountId, RootObservation> reads,
      List<String> done,
      List<String> left) {
    var what = "virtual MFA device " + orphan.serial() + " in account " + orphan.account();
    var credentials =
        switch (read(orphan.account(), reads)) {
          case ObservationFailed f -> {
            left.add(what + ": cannot read the account: " + f.reason());
            yield null;
          }
          case RootCredentials c -> c;
        };
    if (credentials == null) {
      return;
    }
    var assigned =
        credentials.mfaDevices().stream().anyMatch(d -> d.serialNumber().equals(orphan.serial()));
    if (assigned) {
      // the deactivation never happened: the device is visible, the next plan does it all
      for (var e : orphan.unfinished()) {
        interrupted(e, runId, "a fresh read shows the device still assigned to the root user");
      }
      done.add(what + ": still assigned; the next plan deactivates and deletes it");
      return;
    }
    if (!mayDeleteMfa.test(orphan.account())) {
      left.add(
          what
              + ": deactivated but not deleted, and the desired state no longer says root MFA"
              + " devices must be absent there (or is not in enforce mode): not deleted; delete it"
              + " by hand (aws iam delete-virtual-mfa-device --serial-number ...) or restore"
              + " the desired state");
      return;
    }
    var write =
        audit.start(
            runId,
            orphan.revision(),
            Optional.of(orphan.account()),
            Optional.of(TaskPolicy.DELETE_ROOT_USER_CREDENTIALS),
            DELETE_VIRTUAL,
            orphan.serial(),
            orphan.unfinished().stream().map(AuditEntry::writeId).reduce((a, b) -> b));
    WriteResult result;
    try (var session =
        retrier.call(
            maxAttempts,
            () ->
                sessions.open(
                    orphan.account(), TaskPolicy.DELETE_ROOT_USER_CREDENTIALS, SESSION))) {
      result = retrier.call(maxAttempts, () -> session.deleteVirtualMfaDevice(orphan.serial()));
    } catch (TerminalCloudException e) {
      if (e.kind() == TerminalCloudException.Kind.ACCESS_DENIED
          && e.operation().equals(DELETE_VIRTUAL)) {
        // the task policy's NotResource clause; nothing is left on the root user
        write.end(AuditResult.TOLERATED, e);
        closeOrphanWrites(orphan, runId, "the delete was denied by the task policy");
        done.add(what + ": delete denied by the task policy (tolerated): " + e.getMessage());
        return;
      }
      write.end(AuditResult.FAILED, e);
      left.add(what + ": cannot delete it: " + e.getMessage());
      return;
    } catch (CloudException e) {
      write.end(AuditResult.FAILED, e);
      left.add(what + ": cannot delete it: " + e.getMessage());
      return;
    }
    write.end(result == WriteResult.ALREADY_DONE ? AuditResult.ALREADY_DONE : AuditResult.OK, null);
    for (var e : orphan.unfinished()) {
      if (e.action().equals(DEACTIVATE)) {
        audit.close(e, runId, AuditResult.OK, Optional.empty());
      } else if (result == WriteResult.ALREADY_DONE) {
        audit.close(e, runId, AuditResult.OK, Optional.empty());
      } else {
        interrupted(e, runId, "the device was still there; deleted by write " + write.writeId());
      }
    }
    done.add(
        what
            + (result == WriteResult.ALREADY_DONE
                ? ": already deleted"
                : ": deleted (write " + write.writeId() + ")"));
  }

  private void closeOrphanWrites(Orphan orphan, String runId, String why) {
    for (var e : orphan.unfinished()) {
      if (e.action().equals(DEACTIVATE)) {
        audit.close(e, runId, AuditResult.OK, Optional.empty());
      } else {
        interrupted(e, runId, why);
      }
    }
  }

  private void interrupted(AuditEntry e, String runId, String why) {
    audit.close(
        e,
        runId,
        AuditResult.FAILED,
        Optional.of(
            new AuditError(
                "rootctl:Recover",
                "Interrupted",
                "",
                "rootctl stopped before AWS answered " + e.action() + "; " + why)));
  }

  /** Re-verifies one unfinished write by a fresh read; writes nothing to AWS. */
  private void reverify(
      AuditEntry e,
      String runId,
      int maxAttempts,
      Map<AccountId, RootObservation> reads,
      List<String> done,
      List<String> left) {
    var what =
        e.action()
            + (e.target().isEmpty() ? "" : " " + e.target())
            + e.account().map(a -> " in account " + a).orElse(" (organization)")
            + " (write "
            + e.writeId()
            + ")";
    if (e.taskPolicy().filter(UNLOCK_TASKS::contains).isPresent()) {
      // rootctl unlock: a bucket or queue policy, which no desired state declares and no plan
      // redoes. Recovery has no port to read it; the person who ran unlock re-runs it to see it.
      interrupted(
          e,
          runId,
          "whether it took effect is unknown: run rootctl unlock again to see the policy now");
      done.add(
          what
              + ": an interrupted rootctl unlock; whether it took effect is unknown: run rootctl"
              + " unlock again to see the policy now");
      return;
    }
    Optional<Boolean> effect;
    try {
      effect =
          e.account().isPresent()
              ? accountShows(e, read(e.account().get(), reads))
              : organizationShows(e, maxAttempts);
    } catch (CloudException failure) {
      left.add(what + ": cannot re-read: " + failure.getMessage());
      return;
    } catch (CannotRead failure) {
      left.add(what + ": cannot re-read: " + failure.getMessage());
      return;
    }
    if (effect.isEmpty()) {
      left.add(what + ": rootctl cannot tell from a read whether it took effect");
      return;
    }
    if (effect.get()) {
      audit.close(e, runId, AuditResult.OK, Optional.empty());
      done.add(what + ": a fresh read shows it took effect");
    } else {
      interrupted(e, runId, "a fresh read shows it did not take effect; the next plan redoes it");
      done.add(what + ": did not take effect; the next plan redoes it");
    }
  }

  private static final class CannotRead extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CannotRead(String message) {
      super(message);
    }
  }

  private static Optional<Boolean> accountShows(AuditEntry e, RootObservation observation) {
    if (!(observation instanceof RootCredentials c)) {
      throw new CannotRead(((ObservationFailed) observation).reason());
    }
    var target = e.target();
    return switch (e.action()) {
      case "iam:DeleteLoginProfile" -> Optional.of(c.loginProfile().isEmpty());
      case "iam:CreateLoginProfile" -> Optional.of(c.loginProfile().isPresent());
      case "iam:DeleteAccessKey" ->
          Optional.of(c.accessKeys().stream().noneMatch(k -> k.id().equals(target)));
      case "iam:DeleteSigningCertificate" ->
          Optional.of(c.signingCertificates().stream().noneMatch(s -> s.id().equals(target)));
      case DEACTIVATE, DELETE_VIRTUAL ->
          Optional.of(c.mfaDevices().stream().noneMatch(d -> d.serialNumber().equals(target)));
      default -> Optional.empty();
    };
  }

  private Optional<Boolean> organizationShows(AuditEntry e, int maxAttempts) {
    var action = e.action();
    if (action.equals("organizations:EnableAWSServiceAccess")) {
      return Optional.of(
          retrier.call(maxAttempts, () -> organization.trustedAccessEnabled(e.target())));
    }
    for (var feature : OrgFeature.values()) {
      if (action.equals("iam:EnableOrganizations" + feature.awsName())) {
        return Optional.of(
            retrier.call(maxAttempts, organization::enabledRootFeatures).contains(feature));
      }
      if (action.equals("iam:DisableOrganizations" + feature.awsName())) {
        return Optional.of(
            !retrier.call(maxAttempts, organization::enabledRootFeatures).contains(feature));
      }
    }
    return Optional.empty();
  }
}
