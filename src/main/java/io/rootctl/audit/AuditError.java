package io.rootctl.audit;

/**
 * Why a write failed, as AWS said it.
 *
 * @param operation the AWS operation that failed ({@code iam:DeleteAccessKey}, or {@code
 *     sts:AssumeRoot} when the session could not open), or a {@code rootctl:} step
 * @param code the AWS error code, e.g. {@code AccessDenied}
 * @param requestId the AWS request id, empty when the call never reached AWS
 * @param message a human-readable message; never a secret
 */
public record AuditError(String operation, String code, String requestId, String message) {}
