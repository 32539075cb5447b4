/**
 * A simulated AWS organization with centralized root access: {@link
 * io.rootctl.sim.SimulatedOrganization} holds the organization, its OU tree, its accounts and each
 * member account's root user, and answers the Organizations, IAM and STS operations rootctl uses
 * with AWS's rules and AWS's error codes (as {@link io.rootctl.sim.SimException}s). It journals
 * every call and injects seeded, deterministic faults (latency, token-bucket throttling, 5xx).
 * {@link io.rootctl.sim.InMemoryCloud} implements the engine's cloud ports over it for fast
 * in-process tests; the {@code sim.http} package serves it over the real AWS wire protocols.
 */
@NullMarked
package io.rootctl.sim;

import org.jspecify.annotations.NullMarked;
