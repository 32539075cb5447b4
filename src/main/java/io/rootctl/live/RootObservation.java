package io.rootctl.live;

/**
 * What rootctl knows about one member account's root user: either what it holds, or why it could
 * not be read. "Could not read" is never "holds nothing": the planner skips such an account.
 */
public sealed interface RootObservation permits RootCredentials, ObservationFailed {}
