package io.rootctl.events;

import io.rootctl.model.AccountId;
import java.time.Instant;
import java.util.Optional;

/**
 * One use of a member account's root user, as an event reported it: who, what, from where, when,
 * and whether rootctl itself did it. Every text is bounded and free of control characters ({@link
 * RootActivityParser#clean}); nothing here is a secret (an access key id identifies a key, it does
 * not sign anything, see <a
 * href="https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html">Managing
 * access keys</a>), but {@link #toString()} leaves it out all the same.
 *
 * @param eventId the CloudTrail {@code eventID} or GuardDuty finding id (the EventBridge envelope's
 *     {@code id} when the detail has none): the same activity delivered twice has the same id
 * @param account the member account the root user belongs to
 * @param eventName the CloudTrail event name ({@code CreateAccessKey}, {@code ConsoleLogin}) or the
 *     GuardDuty finding type ({@code Policy:IAMUser/RootCredentialUsage})
 * @param kind what kind of activity it is
 * @param identityType CloudTrail's {@code userIdentity.type} ({@code Root}), or GuardDuty's {@code
 *     accessKeyDetails.userType}
 * @param arn the principal's ARN ({@code arn:aws:iam::111122223333:root}); empty when not given
 * @param principalId the principal id; empty when not given
 * @param accessKeyId the (temporary) access key id the call was signed with, if any
 * @param assumedRoot whether CloudTrail marked the call as made in an {@code sts:AssumeRoot}
 *     session ({@code userIdentity.sessionContext.assumedRoot} = {@code "true"})
 * @param sourceIp the caller's address as reported ({@code sourceIPAddress}); empty when not given
 * @param time when it happened (CloudTrail {@code eventTime}, GuardDuty {@code updatedAt})
 * @param expected true only for rootctl's own AssumeRoot sessions: the session's access key id is
 *     one rootctl opened recently in this account, and (for CloudTrail) the AssumeRoot marker is
 *     set
 */
public record RootActivity(
    String eventId,
    AccountId account,
    String eventName,
    ActivityKind kind,
    String identityType,
    String arn,
    String principalId,
    Optional<String> accessKeyId,
    boolean assumedRoot,
    String sourceIp,
    Instant time,
    boolean expected) {

  /** The GuardDuty finding type about root credential use. */
  public static final String ROOT_CREDENTIAL_USAGE = "Policy:IAMUser/RootCredentialUsage";

  /**
   * The event name as a metric label: one of a fixed set ({@link CredentialChangeEvents#NAMES},
   * {@code ConsoleLogin}, {@link #ROOT_CREDENTIAL_USAGE}), otherwise {@code other}, so a hostile
   * queue cannot grow the label's values without bound.
   */
  public String metricEvent() {
    return CredentialChangeEvents.isCredentialChange(eventName)
            || eventName.equals("ConsoleLogin")
            || eventName.equals(ROOT_CREDENTIAL_USAGE)
        ? eventName
        : "other";
  }

  /** The one log line's message: who did what, where and when; no key id. */
  public String summary() {
    return (expected ? "expected" : "UNEXPECTED")
        + " root activity in account "
        + account
        + ": "
        + eventName
        + " ("
        + kind.tag()
        + ") by "
        + (arn.isEmpty() ? identityType : arn)
        + (assumedRoot ? " in an AssumeRoot session" : "")
        + " from "
        + (sourceIp.isEmpty() ? "an unknown address" : sourceIp)
        + " at "
        + time;
  }

  @Override
  public String toString() {
    return "RootActivity[" + eventId + ", " + summary() + "]";
  }
}
