package io.rootctl.live;

/**
 * The account's root user could not be observed.
 *
 * @param reason human-readable, naming the AWS operation, error code and request id; no secrets
 * @param retryable whether a later attempt may succeed (throttling, 5xx) or not (AccessDenied)
 */
public record ObservationFailed(String reason, boolean retryable) implements RootObservation {}
